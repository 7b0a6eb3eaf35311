package org.ross.core.diffusion;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;
import org.ross.core.nn.Parameter;
import org.ross.core.nn.ParameterSet;
import org.ross.core.nn.TransformerInitializers;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DenoiserTest {

    private static void initialise(ParameterSet ps, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        ps.materialize((Parameter p) -> Denoiser.isZeroInitialised(p) ? new float[p.size()]
                : TransformerInitializers.gaussian(p.size(), 0.3, rng));
    }

    @Test
    void zeroInitialisedDenoiserOutputsExactlyZero() {
        try (ParameterSet ps = new ParameterSet(Device.cpu()); NDManager m = NDManager.newBaseManager(Device.cpu())) {
            Denoiser d = new Denoiser(ps, "denoiser", 16, 4, 24, 32, 2, 2, 128);
            initialise(ps, 1);
            SplittableRandom rng = new SplittableRandom(2);
            NDArray zT = m.create(TransformerInitializers.gaussian(3 * 16 * 16, 1, rng), new Shape(3, 16, 16));
            NDArray xVisual = m.create(TransformerInitializers.gaussian(3 * 16 * 24, 1, rng), new Shape(3, 16, 24));
            float[] eps = d.forward(new DenoiserInput(zT, new int[] {0, 500, 999}, xVisual)).toFloatArray();
            assertEquals(3 * 16 * 16, eps.length);
            for (float v : eps) {
                assertEquals(0f, v);
            }
        }
    }

    @Test
    void adaLnZeroBlockIsTheIdentityAtInitAndModulateIsAffine() {
        try (ParameterSet ps = new ParameterSet(Device.cpu()); NDManager m = NDManager.newBaseManager(Device.cpu())) {
            AdaLnZeroBlock block = new AdaLnZeroBlock(ps, "blocks.0", 8, 2, 32);
            initialise(ps, 3);
            SplittableRandom rng = new SplittableRandom(4);
            float[] x = TransformerInitializers.gaussian(2 * 3 * 8, 1, rng);
            NDArray xa = m.create(x, new Shape(2, 3, 8));
            NDArray c = m.create(TransformerInitializers.gaussian(2 * 3 * 8, 1, rng), new Shape(2, 3, 8));
            assertArrayEquals(x, block.forward(xa, c).toFloatArray(), 0f);
            NDArray y = AdaLnZeroBlock.modulate(m.create(new float[] {2f}), m.create(new float[] {1f}), m.create(new float[] {0.5f}));
            assertEquals(2 * 1.5f + 1, y.getFloat(0));
        }
    }

    @Test
    void timestepEmbeddingIsCosThenSin() {
        float[] e = TimestepEmbedder.frequencyEmbedding(new int[] {0, 7}, 8);
        assertArrayEquals(new float[] {1, 1, 1, 1, 0, 0, 0, 0}, java.util.Arrays.copyOf(e, 8), 0f);
        assertEquals(Math.cos(7), e[8], 1e-6);
        assertEquals(Math.sin(7), e[12], 1e-6);
        assertEquals(Math.sin(7 * Math.pow(10000, -0.25)), e[13], 1e-6);
        assertTrue(Denoiser.isTimestepMlpWeight(fake("denoiser.t_embedder.mlp.0.weight")));
        assertFalse(Denoiser.isZeroInitialised(fake("denoiser.x_embedder.weight")));
        assertTrue(Denoiser.isZeroInitialised(fake("denoiser.final_layer.linear.bias")));
    }

    private static Parameter fake(String name) {
        try (ParameterSet ps = new ParameterSet(Device.cpu())) {
            return ps.declare(name, 1, 1);
        }
    }
}
