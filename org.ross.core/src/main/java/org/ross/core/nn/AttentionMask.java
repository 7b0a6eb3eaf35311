package org.ross.core.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

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
}
