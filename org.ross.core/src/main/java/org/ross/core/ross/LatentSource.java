package org.ross.core.ross;

/**
 * Cached tokenizer posteriors addressed by example index (e.g. a memory-mapped latent column):
 * per example {@code 2 * C * g * g} floats, the mean then the log-variance, each (C, g, g) row-major.
 */
public interface LatentSource {

    int size();

    /** Writes the posterior of example {@code index} into {@code posterior}. */
    void read(int index, float[] posterior);

    /** Posteriors held in memory. */
    static LatentSource of(float[][] posteriors) {
        return new LatentSource() {
            @Override
            public int size() {
                return posteriors.length;
            }

            @Override
            public void read(int index, float[] posterior) {
                if (posteriors[index].length != posterior.length) {
                    throw new IllegalArgumentException("latent of example " + index + " has " + posteriors[index].length
                            + " values; expected " + posterior.length + " (mean and log-variance, 2 x C x g x g)");
                }
                System.arraycopy(posteriors[index], 0, posterior, 0, posterior.length);
            }
        };
    }
}
