package org.ross.core.nn;

import java.util.Arrays;
import java.util.SplittableRandom;

/** The transformer literature's initial values, drawn from a Java RNG (see {@link Initializers}). */
public final class TransformerInitializers {

    private TransformerInitializers() {
    }

    /**
     * Xavier/Glorot uniform (Glorot and Bengio 2010) for a (out, in) weight:
     * {@code U(-b, b)} with {@code b = sqrt(6 / (fanIn + fanOut))}.
     */
    public static float[] xavierUniform(Parameter p, SplittableRandom rng) {
        long[] shape = p.shape();
        int fanOut = (int) shape[0];
        return Initializers.uniform(p.size(), (float) Math.sqrt(6.0 / (p.fanIn() + fanOut)), rng);
    }

    /** {@code N(0, std^2)} by Box-Muller, e.g. GPT-2's 0.02 for embeddings. */
    public static float[] normal(Parameter p, double std, SplittableRandom rng) {
        return gaussian(p.size(), std, rng);
    }

    public static float[] ones(Parameter p) {
        float[] v = new float[p.size()];
        Arrays.fill(v, 1f);
        return v;
    }

    /** {@code n} independent normal values with standard deviation {@code std}. */
    public static float[] gaussian(int n, double std, SplittableRandom rng) {
        float[] v = new float[n];
        for (int i = 0; i < n; i += 2) {
            double u1 = 1 - rng.nextDouble();
            double u2 = rng.nextDouble();
            double r = std * Math.sqrt(-2 * Math.log(u1));
            v[i] = (float) (r * Math.cos(2 * Math.PI * u2));
            if (i + 1 < n) {
                v[i + 1] = (float) (r * Math.sin(2 * Math.PI * u2));
            }
        }
        return v;
    }
}
