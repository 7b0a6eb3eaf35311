package org.ross.core.tokenizer;

import ai.djl.ndarray.NDArray;
import org.ross.core.nn.Tensors;

/**
 * The VAE posterior {@code q(z|x) = N(mean, diag(exp(logvar)))} (LDM's
 * {@code DiagonalGaussianDistribution}): sampling by reparameterisation and the KL divergence to
 * the standard normal prior.
 */
public final class DiagonalGaussian {

    /** LDM clamps the log-variance to this range before exponentiating. */
    public static final float LOGVAR_MIN = -30f;
    public static final float LOGVAR_MAX = 20f;

    private DiagonalGaussian() {
    }

    /** {@code z = mean + exp(logvar / 2) * eps}. */
    public static NDArray sample(NDArray mean, NDArray logvar, NDArray eps) { // (B, C_z, h, w) each
        return mean.add(Tensors.times(logvar, 0.5f).exp().mul(eps)); // (B, C_z, h, w)
    }

    /** {@code KL(q || N(0, I))} per image, summed over the latent: (B, C_z, h, w) -> (B). */
    public static NDArray kl(NDArray mean, NDArray logvar) {
        NDArray perElement = Tensors.times(mean.square().add(logvar.exp()).sub(1f).sub(logvar), 0.5f); // (B, C_z, h, w)
        return perElement.sum(new int[] {1, 2, 3}); // (B)
    }

    /**
     * The closed form on plain numbers, the oracle for {@link #kl}:
     * {@code 0.5 * sum(mu^2 + sigma^2 - 1 - log sigma^2)} with {@code log sigma^2 = logvar}.
     */
    public static double kl(float[] mean, float[] logvar) {
        double sum = 0;
        for (int i = 0; i < mean.length; i++) {
            sum += 0.5 * ((double) mean[i] * mean[i] + Math.exp(logvar[i]) - 1 - logvar[i]);
        }
        return sum;
    }
}
