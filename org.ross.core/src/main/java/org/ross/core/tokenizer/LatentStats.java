package org.ross.core.tokenizer;

import java.util.Arrays;

/**
 * Per-channel normalisation of latent samples: {@code (z - shift[c]) * scale[c]} has zero mean and
 * unit variance over the training images, where {@code z = mean + exp(logvar / 2) * eps}. This is
 * LDM's {@code scale_factor} (there one global 0.18215), computed per channel from the data.
 */
public record LatentStats(float[] shift, float[] scale) {

    public LatentStats {
        if (shift.length != scale.length) {
            throw new IllegalArgumentException("latent shift has " + shift.length + " channels but scale has "
                    + scale.length);
        }
        shift = shift.clone();
        scale = scale.clone();
    }

    /** No normalisation (an untrained tokenizer). */
    public static LatentStats identity(int channels) {
        float[] ones = new float[channels];
        Arrays.fill(ones, 1f);
        return new LatentStats(new float[channels], ones);
    }

    @Override
    public float[] shift() {
        return shift.clone();
    }

    @Override
    public float[] scale() {
        return scale.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LatentStats s && Arrays.equals(shift, s.shift) && Arrays.equals(scale, s.scale);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(shift) + Arrays.hashCode(scale);
    }

    @Override
    public String toString() {
        return "LatentStats[shift=" + Arrays.toString(shift) + ", scale=" + Arrays.toString(scale) + "]";
    }
}
