package org.ross.core.train;

import java.util.SplittableRandom;

/**
 * Every random choice of a run, derived from the seed and a position only, so that a run resumed
 * at any optimizer step draws exactly what an uninterrupted run would; nothing but (step, epoch,
 * position in the epoch) has to be saved.
 *
 * <ul>
 *   <li>the data order of epoch {@code e}: a Fisher-Yates permutation from (seed, e);</li>
 *   <li>the model's randomness at optimizer step {@code s}: a generator from (seed, s), split once
 *       per micro-batch in order;</li>
 *   <li>validation batch {@code i}: a generator from (seed, i), equal in every epoch so that
 *       validation losses of different epochs see the same noise draws;</li>
 *   <li>the validation split: a permutation from the seed.</li>
 * </ul>
 */
public final class TrainingRandom {

    private static final long ORDER = 0x6f72646572L;
    private static final long STEP = 0x73746570L;
    private static final long VALIDATION = 0x76616c6964L;
    private static final long SPLIT = 0x73706c6974L;

    private TrainingRandom() {
    }

    /** The order in which epoch {@code epoch} visits examples {@code 0..n-1}. */
    public static int[] epochOrder(long seed, int epoch, int n) {
        return permutation(n, new SplittableRandom(derive(seed, ORDER, epoch)));
    }

    /** The generator of optimizer step {@code step} (0-based). */
    public static SplittableRandom forStep(long seed, long step) {
        return new SplittableRandom(derive(seed, STEP, step));
    }

    /** The generator of validation batch {@code batch}. */
    public static SplittableRandom forValidation(long seed, long batch) {
        return new SplittableRandom(derive(seed, VALIDATION, batch));
    }

    /** The permutation from which a validation split takes its examples. */
    public static int[] splitOrder(long seed, int n) {
        return permutation(n, new SplittableRandom(derive(seed, SPLIT, 0)));
    }

    /** A well-mixed 64-bit seed for (seed, stream, index): two rounds of the SplitMix64 finaliser. */
    static long derive(long seed, long stream, long index) {
        return mix(mix(seed ^ mix(stream)) + index * 0x9E3779B97F4A7C15L);
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** A uniformly random order of {@code 0..n-1} (Fisher-Yates) drawn from {@code rng}. */
    public static int[] permutation(int n, SplittableRandom rng) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        for (int i = n - 1; i > 0; i--) { // Fisher-Yates
            int j = rng.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return order;
    }
}
