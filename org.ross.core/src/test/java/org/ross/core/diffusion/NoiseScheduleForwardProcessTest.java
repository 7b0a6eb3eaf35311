package org.ross.core.diffusion;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;
import org.ross.core.nn.TransformerInitializers;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NoiseScheduleForwardProcessTest {

    @Test
    void cosineScheduleIsMonotoneFromOneToZero() {
        NoiseSchedule s = NoiseSchedule.cosine(NoiseSchedule.DEFAULT_TIMESTEPS);
        assertEquals(1000, s.timesteps());
        assertTrue(s.alphaBar(0) > 0.9999 && s.alphaBar(0) < 1, "alphaBar_0 = " + s.alphaBar(0));
        assertTrue(s.alphaBar(999) < 1e-6, "alphaBar_999 = " + s.alphaBar(999));
        for (int t = 1; t < 1000; t++) {
            assertTrue(s.alphaBar(t) < s.alphaBar(t - 1), "not decreasing at " + t);
        }
        // closed form away from the clipped end: alphaBar_t = f(t + 1) / f(0)
        double f0 = Math.pow(Math.cos(0.008 / 1.008 * Math.PI / 2), 2);
        assertEquals(Math.pow(Math.cos((0.501 + 0.008) / 1.008 * Math.PI / 2), 2) / f0, s.alphaBar(500), 1e-9);
        assertThrows(IllegalArgumentException.class, () -> s.alphaBar(1000));
    }

    @Test
    void forwardProcessAtTZeroReturnsZ0AndAtTheEndNoise() {
        NoiseSchedule s = NoiseSchedule.cosine(1000);
        SplittableRandom rng = new SplittableRandom(1);
        try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
            float[] z0 = TransformerInitializers.gaussian(2 * 4 * 3, 1, rng);
            float[] eps = TransformerInitializers.gaussian(2 * 4 * 3, 1, rng);
            NDArray z0a = m.create(z0, new Shape(2, 4, 3));
            NDArray epsA = m.create(eps, new Shape(2, 4, 3));
            assertArrayEquals(z0, ForwardProcess.sample(s, z0a, new int[] {0, 0}, epsA).toFloatArray(), 0.02f);
            float[] noisy = ForwardProcess.sample(s, z0a, new int[] {999, 0}, epsA).toFloatArray();
            for (int i = 0; i < 12; i++) {
                assertEquals(eps[i], noisy[i], 1e-3);
                assertEquals(z0[12 + i], noisy[12 + i], 0.02);
            }
            // DDIM's z0 estimate inverts the forward process when eps is known
            int[] t = {300, 700};
            NDArray zT = ForwardProcess.sample(s, z0a, t, epsA);
            NDArray back = DdimSampler.predictZ0(zT.get("0:1"), epsA.get("0:1"), s.alphaBar(300));
            assertArrayEquals(java.util.Arrays.copyOf(z0, 12), back.toFloatArray(), 1e-4f);
        }
    }

    @Test
    void ddimTimestepsDescendEvenly() {
        assertArrayEquals(new int[] {750, 500, 250, 0}, DdimSampler.timesteps(1000, 4));
        assertThrows(IllegalArgumentException.class, () -> DdimSampler.timesteps(1000, 0));
    }

    @Test
    void spaceToDepthRoundTripsAndNamesIncompatibleGrids() {
        try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
            float[] v = new float[2 * 3 * 8 * 8];
            for (int i = 0; i < v.length; i++) {
                v[i] = i;
            }
            NDArray z = m.create(v, new Shape(2, 3, 8, 8));
            NDArray tokens = SpaceToDepth.fold(z, 4); // (2, 16, 12)
            assertEquals(new Shape(2, 16, 12), tokens.getShape());
            // token 1 (row 0, col 1) holds cells (0..1, 2..3) of every channel, channel-major
            float[] t = tokens.toFloatArray();
            assertEquals(2, t[12]);
            assertEquals(3, t[13]);
            assertEquals(10, t[14]);
            assertEquals(64 + 2, t[16]);
            assertArrayEquals(v, SpaceToDepth.unfold(tokens, 3, 8).toFloatArray(), 0f);
            assertArrayEquals(v, SpaceToDepth.unfold(SpaceToDepth.fold(z, 8), 3, 8).toFloatArray(), 0f);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> SpaceToDepth.fold(m.zeros(new Shape(1, 4, 14, 14)), 4));
            assertTrue(e.getMessage().contains("latent grid 14x14") && e.getMessage().contains("token grid 4x4")
                    && e.getMessage().contains("downsampling"), e.getMessage());
        }
    }
}
