package org.ross.core.nn;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class VisionEncoderTest {

    @Test
    void patchTokensAreRowMajorAndEachDependsOnlyOnItsPatchBeforeAttention() {
        try (ParameterSet ps = new ParameterSet(Device.cpu()); NDManager m = NDManager.newBaseManager(Device.cpu())) {
            VisionEncoder enc = new VisionEncoder(ps, "vision", 3, 16, 8, 16, 0, 2, 64);
            Projector proj = new Projector(ps, "projector", 16, 24);
            TestWeights.randomize(ps, 31);
            float[] img = TestWeights.gaussian(3 * 16 * 16, 32);
            NDArray x = m.create(img, new Shape(1, 3, 16, 16));
            NDArray features = enc.forward(x);
            assertEquals(new Shape(1, 4, 16), features.getShape());
            assertEquals(new Shape(1, 4, 24), proj.forward(features).getShape());
            // with no blocks, changing a pixel of the top-right patch (row 0, col 1) changes token 1 only
            img[5 * 16 + 12] += 1;
            float[] before = features.toFloatArray();
            float[] after = enc.forward(m.create(img, new Shape(1, 3, 16, 16))).toFloatArray();
            for (int t = 0; t < 4; t++) {
                float[] b = java.util.Arrays.copyOfRange(before, t * 16, t * 16 + 16);
                float[] a = java.util.Arrays.copyOfRange(after, t * 16, t * 16 + 16);
                if (t == 1) {
                    org.junit.jupiter.api.Assertions.assertFalse(java.util.Arrays.equals(a, b));
                } else {
                    assertArrayEquals(b, a, 0f);
                }
            }
        }
    }
}
