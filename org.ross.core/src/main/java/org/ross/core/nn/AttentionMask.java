package org.ross.core.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.HashMap;
import java.util.Map;

/**
 * Additive attention masks: 0 where a query may attend to a key, {@link #BLOCKED} where it may
 * not. A large finite value rather than minus infinity, so that a query with no visible key (a
 * padding position) gives a finite, ignored output instead of NaN.
 */
public final class AttentionMask {

    public static final float BLOCKED = -1e9f;

    private AttentionMask() {
    }

    /**
     * Causal mask for {@code lq} new queries after {@code lk - lq} cached positions: query {@code i}
     * sees keys {@code 0 .. lk - lq + i}.
     */
    public static NDArray causal(NDManager manager, int lq, int lk) { // (1, 1, Lq, Lk)
        float[] m = new float[lq * lk];
        int offset = lk - lq;
        for (int i = 0; i < lq; i++) {
            for (int j = offset + i + 1; j < lk; j++) {
                m[i * lk + j] = BLOCKED;
            }
        }
        return manager.create(m, new Shape(1, 1, lq, lk));
    }

    /** Key-padding mask from {@code keep} (B, Lk), 1 for real tokens and 0 for padding. */
    public static NDArray keyPadding(NDArray keep) { // (B, Lk) -> (B, 1, 1, Lk)
        Shape s = keep.getShape();
        NDArray blocked = keep.toType(DataType.FLOAT32, false).neg().add(1f).mul(BLOCKED); // (B, Lk)
        return blocked.reshape(s.get(0), 1, 1, s.get(1)); // (B, 1, 1, Lk)
    }

    /**
     * Causal mask of packed, independent segments after a shared prefix: {@code segments} (B, L)
     * holds 0 for the prefix and k > 0 for the positions of segment k. A query sees the keys up to
     * itself that are in the prefix or in its own segment, so each segment is computed as if it
     * followed the prefix alone.
     */
    public static NDArray segments(NDManager manager, int[] segments, int b, int l) { // (B, 1, L, L)
        if (segments.length != b * l) {
            throw new IllegalArgumentException(segments.length + " segment ids for " + b + " x " + l + " positions");
        }
        float[] m = new float[b * l * l];
        for (int r = 0; r < b; r++) {
            for (int i = 0; i < l; i++) {
                int si = segments[r * l + i];
                for (int j = 0; j < l; j++) {
                    int sj = segments[r * l + j];
                    if (j > i || (sj != 0 && sj != si)) {
                        m[(r * l + i) * l + j] = BLOCKED;
                    }
                }
            }
        }
        return manager.create(m, new Shape(b, 1, l, l));
    }

    /**
     * Positions of packed segments ({@link #segments}): the prefix counts 0, 1, ..; each segment
     * restarts after the prefix positions before it, so its positions equal those it would have after
     * the prefix alone.
     */
    public static long[] segmentPositions(int[] segments, int b, int l) { // (B * L)
        long[] positions = new long[b * l];
        for (int r = 0; r < b; r++) {
            int prefix = 0;
            Map<Integer, Integer> seen = new HashMap<>();
            for (int i = 0; i < l; i++) {
                int s = segments[r * l + i];
                if (s == 0) {
                    positions[r * l + i] = prefix++;
                } else {
                    int k = seen.merge(s, 1, Integer::sum) - 1;
                    positions[r * l + i] = prefix + k;
                }
            }
        }
        return positions;
    }
}
