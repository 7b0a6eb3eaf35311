package org.ross.core.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;

/**
 * Multi-head scaled dot-product self-attention (Vaswani et al. 2017) with a fused {@code qkv}
 * projection and an output projection {@code proj}, as in timm/DiT. The mask is additive
 * ({@link AttentionMask}); past keys and values may be passed in so that a decoder can cache them.
 */
public final class MultiHeadAttention {

    /** Keys and values of all positions seen so far, each (B, H, L, headDim). */
    public record KeyValue(NDArray key, NDArray value) {
    }

    /** The attention output and the keys/values including the new positions. */
    public record Output(NDArray y, KeyValue keyValue) {
    }

    public final Linear qkv;
    public final Linear proj;
    private final int heads;
    private final int headDim;

    public MultiHeadAttention(ParameterSet ps, String name, int width, int heads) {
        if (width % heads != 0) {
            throw new IllegalArgumentException("attention '" + name + "': width " + width
                    + " is not divisible by " + heads + " heads; choose a head count that divides the width");
        }
        this.qkv = new Linear(ps, name + ".qkv", width, 3 * width);
        this.proj = new Linear(ps, name + ".proj", width, width);
        this.heads = heads;
        this.headDim = width / heads;
    }

    public NDArray forward(NDArray x, NDArray mask) { // (B, L, D), mask (B|1, 1, L, L) or null
        return forward(x, null, mask).y();
    }

    /** Attention of the new positions {@code x} over {@code past} (may be null) and themselves. */
    public Output forward(NDArray x, KeyValue past, NDArray mask) { // x (B, L, D)
        Shape s = x.getShape();
        long b = s.get(0);
        long l = s.get(1);
        long d = s.get(2);
        NDArray qkvHeads = qkv.forward(x).reshape(b, l, 3, heads, headDim).transpose(2, 0, 3, 1, 4); // (3, B, H, L, hd)
        NDList parts = qkvHeads.split(3, 0);
        NDArray q = parts.get(0).squeeze(0); // (B, H, L, hd)
        NDArray k = parts.get(1).squeeze(0); // (B, H, L, hd)
        NDArray v = parts.get(2).squeeze(0); // (B, H, L, hd)
        if (past != null) {
            k = past.key().concat(k, 2); // (B, H, Lpast + L, hd)
            v = past.value().concat(v, 2); // (B, H, Lpast + L, hd)
        }
        NDArray heads = attend(q, k, v, mask); // (B, H, L, hd)
        NDArray merged = heads.transpose(0, 2, 1, 3).reshape(b, l, d); // (B, L, D)
        return new Output(proj.forward(merged), new KeyValue(k, v));
    }

    /** {@code softmax(q k^T / sqrt(d) + mask) v}. */
    public static NDArray attend(NDArray q, NDArray k, NDArray v, NDArray mask) { // (B, H, Lq|Lk, hd)
        float scale = (float) (1 / Math.sqrt(q.getShape().get(3)));
        NDArray scores = Tensors.times(q.matMul(k.transpose(0, 1, 3, 2)), scale); // (B, H, Lq, Lk)
        if (mask != null) {
            scores = scores.add(mask); // (B, H, Lq, Lk)
        }
        return scores.softmax(-1).matMul(v); // (B, H, Lq, hd)
    }

    public int heads() {
        return heads;
    }
}
