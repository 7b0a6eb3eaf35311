package org.ross.core.nn;

import ai.djl.ndarray.NDArray;

/** A pre-norm transformer block (GPT-2 / ViT): {@code x + attn(ln_1(x))}, then {@code x + mlp(ln_2(x))}. */
public final class TransformerBlock {

    public final LayerNorm ln1;
    public final MultiHeadAttention attn;
    public final LayerNorm ln2;
    public final Mlp mlp;

    public TransformerBlock(ParameterSet ps, String name, int width, int heads, int mlpHidden) {
        this.ln1 = new LayerNorm(ps, name + ".ln_1", width);
        this.attn = new MultiHeadAttention(ps, name + ".attn", width, heads);
        this.ln2 = new LayerNorm(ps, name + ".ln_2", width);
        this.mlp = new Mlp(ps, name + ".mlp", width, mlpHidden);
    }

    public NDArray forward(NDArray x, NDArray mask) { // (B, L, D) -> (B, L, D)
        return forward(x, null, mask).y();
    }

    /** The block over new positions {@code x} with cached keys/values of earlier positions. */
    public MultiHeadAttention.Output forward(NDArray x, MultiHeadAttention.KeyValue past, NDArray mask) {
        MultiHeadAttention.Output a = attn.forward(ln1.forward(x), past, mask);
        NDArray h = x.add(a.y()); // (B, L, D)
        NDArray y = h.add(mlp.forward(ln2.forward(h))); // (B, L, D)
        return new MultiHeadAttention.Output(y, a.keyValue());
    }
}
