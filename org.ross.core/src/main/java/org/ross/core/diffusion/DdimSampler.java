package org.ross.core.diffusion;

import ai.djl.ndarray.NDArray;

/**
 * Deterministic DDIM sampling (Song et al. 2021, eq. 12 with {@code eta = 0}) over an evenly
 * spaced subsequence of the {@code T} timesteps: predict {@code eps}, estimate
 * {@code z0 = (zT - sqrt(1 - alphaBar_t) eps) / sqrt(alphaBar_t)}, move to
 * {@code sqrt(alphaBar_prev) z0 + sqrt(1 - alphaBar_prev) eps}.
 */
public final class DdimSampler {

    private DdimSampler() {
    }

    /** Descending timesteps {@code floor(i T / steps)}, {@code i = steps-1 .. 0}. */
    public static int[] timesteps(int total, int steps) {
        if (steps < 1 || steps > total) {
            throw new IllegalArgumentException("sampling steps is " + steps + "; expected 1.." + total);
        }
        int[] t = new int[steps];
        for (int i = 0; i < steps; i++) {
            t[steps - 1 - i] = (int) ((long) i * total / steps);
        }
        return t;
    }

    /** Runs the reverse process from pure noise {@code zT} (B, N, C') to an estimate of {@code z0}. */
    public static NDArray sample(Denoiser denoiser, NoiseSchedule schedule, NDArray zT, NDArray xVisual,
                                 int steps) {
        int[] ts = timesteps(schedule.timesteps(), steps);
        int b = (int) zT.getShape().get(0);
        NDArray z = zT; // (B, N, C')
        NDArray z0 = zT;
        for (int i = 0; i < ts.length; i++) {
            int[] t = new int[b];
            java.util.Arrays.fill(t, ts[i]);
            NDArray eps = denoiser.forward(new DenoiserInput(z, t, xVisual)); // (B, N, C')
            double alphaBar = schedule.alphaBar(ts[i]);
            double alphaBarPrev = i + 1 < ts.length ? schedule.alphaBar(ts[i + 1]) : 1.0;
            z0 = predictZ0(z, eps, alphaBar); // (B, N, C')
            z = step(z0, eps, alphaBarPrev); // (B, N, C')
        }
        return z0;
    }

    public static NDArray predictZ0(NDArray zT, NDArray eps, double alphaBar) { // (B, ...) each
        return zT.sub(eps.mul((float) Math.sqrt(1 - alphaBar))).div((float) Math.sqrt(alphaBar));
    }

    public static NDArray step(NDArray z0, NDArray eps, double alphaBarPrev) { // (B, ...) each
        return z0.mul((float) Math.sqrt(alphaBarPrev)).add(eps.mul((float) Math.sqrt(1 - alphaBarPrev)));
    }
}
