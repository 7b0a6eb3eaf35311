package org.ross.core.diffusion;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/**
 * The forward (noising) process {@code q(z_t | z_0)} of DDPM (Ho et al. 2020, eq. 4), DiT's
 * {@code q_sample}: {@code zT = sqrt(alphaBar_t) z0 + sqrt(1 - alphaBar_t) eps}.
 */
public final class ForwardProcess {

    private ForwardProcess() {
    }

    /**
     * @param z0  clean latents (B, ...)
     * @param t   one timestep per row, {@code 0 .. T-1}
     * @param eps standard normal noise, same shape as {@code z0}
     */
    public static NDArray sample(NoiseSchedule schedule, NDArray z0, int[] t, NDArray eps) {
        Shape s = z0.getShape();
        if (t.length != s.get(0)) {
            throw new IllegalArgumentException(t.length + " timesteps for a batch of " + s.get(0));
        }
        float[] signal = new float[t.length];
        float[] noise = new float[t.length];
        for (int i = 0; i < t.length; i++) {
            double alphaBar = schedule.alphaBar(t[i]);
            signal[i] = (float) Math.sqrt(alphaBar);
            noise[i] = (float) Math.sqrt(1 - alphaBar);
        }
        Shape perRow = perRow(s);
        NDArray a = z0.getManager().create(signal, perRow); // (B, 1, ..., 1)
        NDArray b = z0.getManager().create(noise, perRow); // (B, 1, ..., 1)
        return z0.mul(a).add(eps.mul(b)); // (B, ...)
    }

    /** (B, 1, ..., 1) with as many axes as {@code s}, to broadcast one value per row. */
    static Shape perRow(Shape s) {
        long[] dims = new long[s.dimension()];
        java.util.Arrays.fill(dims, 1);
        dims[0] = s.get(0);
        return new Shape(dims);
    }
}
