package org.ross.core.train;

/**
 * Linear warm-up, an optional hold at the peak, then cosine decay to zero, as a multiplier of each
 * module's peak learning rate. The paper's recipe is 3% warm-up and no hold ({@code H = 0}); a hold
 * gives the "warm-up, stable, decay" shape, which keeps the peak rate for longer.
 * Update {@code s} (0-based) uses
 * <pre>
 *   factor(s) = (s + 1) / W                                        for s &lt; W
 *   factor(s) = 1                                                  for W &lt;= s &lt; W + H
 *   factor(s) = (1 + cos(pi * (s - W - H) / (T - W - H))) / 2      for W + H &lt;= s &lt; T
 *   factor(s) = 0                                                  for s &gt;= T
 * </pre>
 * so the first update already moves the weights, the peak is reached at {@code s = W - 1} and held
 * up to {@code s = W + H}, and the curve reaches zero at {@code s = T}, one past the last update.
 *
 * @param totalSteps  {@code T}, the optimizer steps of the whole run
 * @param warmupSteps {@code W}
 * @param holdSteps   {@code H}, updates at the peak rate between warm-up and decay
 */
public record LearningRateSchedule(long totalSteps, long warmupSteps, long holdSteps) {

    public LearningRateSchedule {
        if (totalSteps < 1) {
            throw new IllegalArgumentException("totalSteps must be at least 1, found " + totalSteps);
        }
        if (warmupSteps < 0 || warmupSteps >= totalSteps) {
            throw new IllegalArgumentException("warmupSteps must be in [0, totalSteps = " + totalSteps
                    + "), found " + warmupSteps);
        }
        if (holdSteps < 0 || holdSteps >= totalSteps - warmupSteps) {
            throw new IllegalArgumentException("holdSteps must be in [0, totalSteps - warmupSteps = "
                    + (totalSteps - warmupSteps) + "), found " + holdSteps);
        }
    }

    /** The paper's shape: warm-up then cosine decay, no hold. */
    public LearningRateSchedule(long totalSteps, long warmupSteps) {
        this(totalSteps, warmupSteps, 0);
    }

    /** {@code W = ceil(fraction * T)}: at least one warm-up step whenever the fraction is positive. */
    public static LearningRateSchedule of(long totalSteps, double warmupFraction) {
        return of(totalSteps, warmupFraction, 0);
    }

    /**
     * {@code W = ceil(warmupFraction * T)} and {@code H = floor(holdFraction * T)}, each shortened so
     * at least one update remains for the phase after it (decay keeps one step, warm-up keeps one
     * step of the run).
     */
    public static LearningRateSchedule of(long totalSteps, double warmupFraction, double holdFraction) {
        long w = Math.min((long) Math.ceil(warmupFraction * totalSteps), totalSteps - 1);
        long h = Math.min((long) Math.floor(holdFraction * totalSteps), totalSteps - w - 1);
        return new LearningRateSchedule(totalSteps, w, Math.max(h, 0));
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
        long decayStart = warmupSteps + holdSteps;
        if (step < decayStart) {
            return 1;
        }
        double progress = (double) (step - decayStart) / (totalSteps - decayStart);
        return 0.5 * (1 + Math.cos(Math.PI * progress));
    }
}
