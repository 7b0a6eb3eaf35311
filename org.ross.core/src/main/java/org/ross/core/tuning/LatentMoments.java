package org.ross.core.tuning;

import org.ross.core.tokenizer.LatentStats;

/**
 * Per-channel moments of posterior <em>samples</em> {@code z = mu + sigma * eps}, accumulated over
 * cached posteriors without sampling: {@code E[z] = E[mu]} and
 * {@code Var[z] = Var[mu] + E[sigma^2]} (law of total variance, {@code eps ~ N(0, 1)}). The
 * resulting shift/scale make the targets {@code z0} the Tuner samples every step zero-mean and
 * unit-variance per channel (LDM's {@code scale_factor}, here per channel and from the data).
 */
final class LatentMoments {

    private final int channels;
    private final int cells;
    private final double[] sumMu;
    private final double[] sumMuSquared;
    private final double[] sumSigmaSquared;
    private long count;

    /** For posteriors of {@code channels} x {@code grid} x {@code grid}. */
    LatentMoments(int channels, int grid) {
        this.channels = channels;
        this.cells = grid * grid;
        this.sumMu = new double[channels];
        this.sumMuSquared = new double[channels];
        this.sumSigmaSquared = new double[channels];
    }

    /** Adds one posterior: the mean (C, g, g) then the log-variance (C, g, g), row-major. */
    void add(float[] posterior) {
        int half = channels * cells;
        for (int c = 0; c < channels; c++) {
            double mu = 0;
            double mu2 = 0;
            double sigma2 = 0;
            for (int k = c * cells; k < (c + 1) * cells; k++) {
                double m = posterior[k];
                mu += m;
                mu2 += m * m;
                sigma2 += Math.exp(posterior[half + k]);
            }
            sumMu[c] += mu;
            sumMuSquared[c] += mu2;
            sumSigmaSquared[c] += sigma2;
        }
        count += cells;
    }

    /** {@code shift = E[z]}, {@code scale = 1 / sqrt(Var[z])}; a channel without spread keeps scale 1. */
    LatentStats stats() {
        if (count == 0) {
            throw new IllegalStateException("no posteriors were added");
        }
        float[] shift = new float[channels];
        float[] scale = new float[channels];
        for (int c = 0; c < channels; c++) {
            double mean = sumMu[c] / count;
            double variance = Math.max(0, sumMuSquared[c] / count - mean * mean) + sumSigmaSquared[c] / count;
            shift[c] = (float) mean;
            scale[c] = variance > 1e-12 && Double.isFinite(variance) ? (float) (1 / Math.sqrt(variance)) : 1f;
        }
        return new LatentStats(shift, scale);
    }
}
