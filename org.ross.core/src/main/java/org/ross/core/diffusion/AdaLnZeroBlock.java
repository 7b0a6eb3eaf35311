package org.ross.core.diffusion;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import org.ross.core.nn.Activations;
import org.ross.core.nn.LayerNorm;
import org.ross.core.nn.Linear;
import org.ross.core.nn.Mlp;
import org.ross.core.nn.MultiHeadAttention;
import org.ross.core.nn.ParameterSet;

/**
 * DiT's block with adaptive layer norm, zero-initialised ("adaLN-Zero", Peebles and Xie 2023,
 * section 3.2): from the condition {@code c} a linear layer regresses shift, scale and gate for
 * the attention and the MLP branch; with {@code adaLN_modulation} zero at the start every gate is
 * zero and the block is the identity. ROSS conditions per token ({@code c} is (B, N, D)), so the
 * modulation is not broadcast over tokens as in DiT's class-conditional model. Attention is
 * bidirectional over the N latent tokens.
 */
public final class AdaLnZeroBlock {

    static final float NORM_EPS = 1e-6f;

    public final LayerNorm norm1;
    public final MultiHeadAttention attn;
    public final LayerNorm norm2;
    public final Mlp mlp;
    public final Linear adaLnModulation;

    public AdaLnZeroBlock(ParameterSet ps, String name, int width, int heads, int mlpHidden) {
        this.norm1 = new LayerNorm(ps, name + ".norm1", width, false, NORM_EPS);
        this.attn = new MultiHeadAttention(ps, name + ".attn", width, heads);
        this.norm2 = new LayerNorm(ps, name + ".norm2", width, false, NORM_EPS);
        this.mlp = new Mlp(ps, name + ".mlp", width, mlpHidden);
        this.adaLnModulation = new Linear(ps, name + ".adaLN_modulation", width, 6 * width);
    }

    public NDArray forward(NDArray x, NDArray c) { // x (B, N, D), c (B, N, D) -> (B, N, D)
        NDList m = adaLnModulation.forward(Activations.silu(c)).split(6, 2); // 6 x (B, N, D)
        NDArray shiftMsa = m.get(0);
        NDArray scaleMsa = m.get(1);
        NDArray gateMsa = m.get(2);
        NDArray shiftMlp = m.get(3);
        NDArray scaleMlp = m.get(4);
        NDArray gateMlp = m.get(5);
        x = x.add(gateMsa.mul(attn.forward(modulate(norm1.forward(x), shiftMsa, scaleMsa), null))); // (B, N, D)
        return x.add(gateMlp.mul(mlp.forward(modulate(norm2.forward(x), shiftMlp, scaleMlp)))); // (B, N, D)
    }

    /** DiT's {@code modulate}: {@code x * (1 + scale) + shift}. */
    public static NDArray modulate(NDArray x, NDArray shift, NDArray scale) { // (B, N, D) each
        return x.mul(scale.add(1f)).add(shift); // (B, N, D)
    }
}
