package org.ross.core.nn;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LinearLayerNormEmbeddingTest {

    @Test
    void linearMatchesTheClosedForm() {
        try (ParameterSet ps = new ParameterSet(Device.cpu()); NDManager m = NDManager.newBaseManager(Device.cpu())) {
            Linear lin = new Linear(ps, "fc", 3, 2);
            TestWeights.randomize(ps, 1);
            float[] w = lin.weight.array().toFloatArray(); // (2, 3)
            float[] b = lin.bias.array().toFloatArray();
            float[] x = {1, -2, 0.5f, 3, 0, -1};
            float[] y = lin.forward(m.create(x, new Shape(1, 2, 3))).toFloatArray(); // (1, 2, 2)
            for (int r = 0; r < 2; r++) {
                for (int o = 0; o < 2; o++) {
                    double expected = b[o];
                    for (int i = 0; i < 3; i++) {
                        expected += w[o * 3 + i] * x[r * 3 + i];
                    }
                    assertEquals(expected, y[r * 2 + o], 1e-5);
                }
            }
        }
    }

    @Test
    void layerNormWithAndWithoutAffine() {
        try (ParameterSet ps = new ParameterSet(Device.cpu()); NDManager m = NDManager.newBaseManager(Device.cpu())) {
            LayerNorm affine = new LayerNorm(ps, "blk.ln_1", 4);
            LayerNorm plain = new LayerNorm(ps, "blk.norm1", 4, false, 1e-6f);
            assertNull(plain.weight);
            assertTrue(LayerNorm.isGain(affine.weight));
            assertFalse(LayerNorm.isGain(affine.bias));
            TestWeights.randomize(ps, 2);
            float[] x = {1, 2, 3, 6};
            NDArray in = m.create(x, new Shape(1, 4));
            float[] y = plain.forward(in).toFloatArray();
            double mean = 3;
            double var = (4 + 1 + 0 + 9) / 4.0;
            for (int i = 0; i < 4; i++) {
                assertEquals((x[i] - mean) / Math.sqrt(var + 1e-6), y[i], 1e-5);
            }
            float[] g = affine.weight.array().toFloatArray();
            float[] b = affine.bias.array().toFloatArray();
            float[] ya = affine.forward(in).toFloatArray();
            for (int i = 0; i < 4; i++) {
                assertEquals((x[i] - mean) / Math.sqrt(var + 1e-5) * g[i] + b[i], ya[i], 1e-5);
            }
        }
        try (ParameterSet ps = new ParameterSet(Device.cpu())) {
            assertThrows(IllegalArgumentException.class, () -> new LayerNorm(ps, "blk.norm", 4));
        }
    }

    @Test
    void embeddingPicksRows() {
        try (ParameterSet ps = new ParameterSet(Device.cpu()); NDManager m = NDManager.newBaseManager(Device.cpu())) {
            Embedding e = new Embedding(ps, "wte", 5, 3);
            TestWeights.randomize(ps, 3);
            float[] w = e.weight.array().toFloatArray();
            int[] ids = {4, 0, 2, 2};
            NDArray y = e.forward(m.create(ids, new Shape(2, 2))); // (2, 2, 3)
            assertEquals(new Shape(2, 2, 3), y.getShape());
            float[] v = y.toFloatArray();
            for (int i = 0; i < ids.length; i++) {
                for (int d = 0; d < 3; d++) {
                    assertEquals(w[ids[i] * 3 + d], v[i * 3 + d]);
                }
            }
        }
    }

    @Test
    void sinCosPositionsFollowMae() {
        float[] p = SinCosPositions.grid2d(8, 2); // (4, 8)
        // position (row 1, col 0): sin(0)=0, cos(0)=1 for the column half; sin(1), cos(1) at omega_0 for the row half
        assertArrayEquals(new float[] {0, 0, 1, 1, (float) Math.sin(1), (float) Math.sin(0.01), (float) Math.cos(1),
                (float) Math.cos(0.01)}, java.util.Arrays.copyOfRange(p, 16, 24), 1e-6f);
        assertThrows(IllegalArgumentException.class, () -> SinCosPositions.grid2d(6, 2));
    }
}
