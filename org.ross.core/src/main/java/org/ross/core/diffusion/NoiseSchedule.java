package org.ross.core.diffusion;

/**
 * The cosine noise schedule of Nichol and Dhariwal (2021, "Improved Denoising Diffusion
 * Probabilistic Models", eq. 17): {@code f(t) = cos^2(((t / T) + s) / (1 + s) * pi / 2)},
 * {@code s = 0.008}; {@code beta_t = min(1 - f(t + 1) / f(t), 0.999)} and
 * {@code alphaBar_t = prod_{i <= t} (1 - beta_i)}, exactly as {@code betas_for_alpha_bar} in
 * openai/improved-diffusion ({@code gaussian_diffusion.py}), whose clipping of beta at 0.999 avoids
 * a singularity at {@code t = T - 1}. Timesteps are {@code 0 .. T-1}; {@code alphaBar_0} is just
 * below one, {@code alphaBar_{T-1}} is practically zero.
 */
public final class NoiseSchedule {

    /** {@code T} in DDPM and ROSS. */
    public static final int DEFAULT_TIMESTEPS = 1000;
    static final double OFFSET = 0.008;
    static final double MAX_BETA = 0.999;

    private final double[] alphaBar;

    private NoiseSchedule(double[] alphaBar) {
        this.alphaBar = alphaBar;
    }

    public static NoiseSchedule cosine(int timesteps) {
        if (timesteps < 2) {
            throw new IllegalArgumentException("timesteps is " + timesteps + "; expected at least 2 (default "
                    + DEFAULT_TIMESTEPS + ")");
        }
        double[] alphaBar = new double[timesteps];
        double product = 1;
        for (int t = 0; t < timesteps; t++) {
            double beta = Math.min(1 - f((t + 1.0) / timesteps) / f((double) t / timesteps), MAX_BETA);
            product *= 1 - beta;
            alphaBar[t] = product;
        }
        return new NoiseSchedule(alphaBar);
    }

    private static double f(double u) {
        double c = Math.cos((u + OFFSET) / (1 + OFFSET) * Math.PI / 2);
        return c * c;
    }

    public int timesteps() {
        return alphaBar.length;
    }

    public double alphaBar(int t) {
        if (t < 0 || t >= alphaBar.length) {
            throw new IllegalArgumentException("timestep " + t + " is outside 0.." + (alphaBar.length - 1));
        }
        return alphaBar[t];
    }
}
