package org.ross.core.train;

/**
 * Linear warm-up then cosine decay to zero (the paper's recipe: 3% warm-up, cosine schedule), as a
 * multiplier of each module's peak learning rate. Update {@code s} (0-based) uses
 * <pre>
 *   factor(s) = (s + 1) / W                                  for s &lt; W
 *   factor(s) = (1 + cos(pi * (s - W) / (T - W))) / 2        for W &lt;= s &lt; T
 *   factor(s) = 0                                            for s &gt;= T
 * </pre>
 * so the first update already moves the weights, the peak is reached at {@code s = W - 1} and held
 * at {@code s = W}, and the curve reaches zero at {@code s = T}, one past the last update.
 *
 * @param totalSteps  {@code T}, the optimizer steps of the whole run
 * @param warmupSteps {@code W}
 */
public record LearningRateSchedule(long totalSteps, long warmupSteps) {

    public LearningRateSchedule {
        if (totalSteps < 1) {
            throw new IllegalArgumentException("totalSteps must be at least 1, found " + totalSteps);
        }
        if (warmupSteps < 0 || warmupSteps >= totalSteps) {
            throw new IllegalArgumentException("warmupSteps must be in [0, totalSteps = " + totalSteps
                    + "), found " + warmupSteps);
        }
    }

    /** {@code W = ceil(fraction * T)}: at least one warm-up step whenever the fraction is positive. */
    public static LearningRateSchedule of(long totalSteps, double warmupFraction) {
        long w = (long) Math.ceil(warmupFraction * totalSteps);
        return new LearningRateSchedule(totalSteps, Math.min(w, totalSteps - 1));
    }

    public double factor(long step) {
        if (step < 0) {
            throw new IllegalArgumentException("step must be 0 or more, found " + step);
        }
        if (step < warmupSteps) {
            return (double) (step + 1) / warmupSteps;
        }
        if (step >= totalSteps) {
            return 0;
        }
        double progress = (double) (step - warmupSteps) / (totalSteps - warmupSteps);
        return 0.5 * (1 + Math.cos(Math.PI * progress));
    }
}
