package org.ross.core.score;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.ross.core.image.Images;

class SsimTest {

    private static float[] noise(int n, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) (rng.nextDouble() * 2 - 1);
        }
        return v;
    }

    @Test
    void identicalImagesGiveOne() {
        float[] a = noise(3 * 16 * 16, 1);
        assertEquals(1.0, Ssim.of(a, a.clone(), 3, 16), 1e-12);
        float[] small = noise(8 * 8, 2);
        assertEquals(1.0, Ssim.of(small, small, 1, 8), 1e-12);
    }

    @Test
    void constantImagesGiveTheLuminanceTermOnly() {
        // sigma = 0 in every window: SSIM = (2 mu_x mu_y + C1) / (mu_x^2 + mu_y^2 + C1)
        float[] a = new float[16 * 16];
        float[] b = new float[16 * 16];
        Arrays.fill(a, 0f);   // 0.5 on [0, 1]
        Arrays.fill(b, -0.5f); // 0.25 on [0, 1]
        double expected = (2 * 0.5 * 0.25 + Ssim.C1) / (0.25 + 0.0625 + Ssim.C1);
        assertEquals(expected, Ssim.of(a, b, 1, 16), 1e-12);
    }

    @Test
    void negatedZeroMeanStructureGivesAboutMinusOne() {
        // mu = 0.5 for both; sigma_xy = -sigma^2, so SSIM = (-2 sigma^2 + C2) / (2 sigma^2 + C2) per window
        float[] a = new float[16 * 16];
        for (int i = 0; i < a.length; i++) {
            a[i] = ((i / 16 + i % 16) % 2 == 0) ? 0.8f : -0.8f;
        }
        float[] b = new float[a.length];
        for (int i = 0; i < a.length; i++) {
            b[i] = -a[i];
        }
        double s = Ssim.of(a, b, 1, 16);
        assertTrue(s < -0.9, "ssim " + s);
    }

    @Test
    void noiseLowersBothSsimAndPsnr() {
        float[] a = noise(32 * 32, 3);
        float[] slightly = a.clone();
        float[] badly = a.clone();
        float[] n = noise(a.length, 4);
        for (int i = 0; i < a.length; i++) {
            slightly[i] += 0.05f * n[i];
            badly[i] += 0.5f * n[i];
        }
        assertTrue(Ssim.of(a, slightly, 1, 32) > Ssim.of(a, badly, 1, 32));
        assertTrue(Images.psnr(a, slightly) > Images.psnr(a, badly));
        // PSNR closed form: a constant difference of 0.2 on [-1, 1] is 0.1 on [0, 1]: 10 log10(1 / 0.01) = 20 dB
        float[] shifted = a.clone();
        float[] base = new float[a.length];
        Arrays.fill(base, 0.1f);
        Arrays.fill(shifted, -0.1f);
        assertEquals(20.0, Images.psnr(base, shifted), 1e-4);
    }
}
