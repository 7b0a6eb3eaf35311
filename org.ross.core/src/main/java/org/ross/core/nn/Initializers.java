package org.ross.core.nn;

import java.util.SplittableRandom;

/** Initial weight values drawn from a Java RNG, so that a seed means the same weights everywhere. */
public final class Initializers {

    private Initializers() {
    }

    /**
     * PyTorch's default for convolutions and linear layers (what the LDM autoencoder starts from):
     * Kaiming uniform with {@code a = sqrt(5)}, i.e. {@code U(-b, b)} with {@code b = 1 / sqrt(fanIn)}.
     */
    public static float[] torchDefault(Parameter p, SplittableRandom rng) {
        return uniform(p.size(), (float) (1 / Math.sqrt(p.fanIn())), rng);
    }

    public static float[] uniform(int n, float bound, SplittableRandom rng) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) ((2 * rng.nextDouble() - 1) * bound);
        }
        return v;
    }

    public static float[] zeros(Parameter p) {
        return new float[p.size()];
    }
}
