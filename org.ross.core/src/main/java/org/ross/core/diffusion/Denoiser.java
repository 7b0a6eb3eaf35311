package org.ross.core.diffusion;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import org.ross.core.nn.Activations;
import org.ross.core.nn.LayerNorm;
import org.ross.core.nn.Linear;
import org.ross.core.nn.Parameter;
import org.ross.core.nn.ParameterSet;
import org.ross.core.nn.SinCosPositions;

import java.util.ArrayList;
import java.util.List;

/**
 * The ROSS denoiser, a small DiT (Peebles and Xie 2023) over the N latent tokens that lie under
 * the N image tokens: 1x1 input embedding {@code x_embedder} (a linear map over latent channels)
 * plus fixed 2D sin-cos positions; per-token condition
 * {@code c_i = t_emb + c_embedder(SiLU(xVisual_i))}; adaLN-Zero blocks; a final adaLN and linear
 * layer back to the latent channels. It predicts the noise {@code eps}.
 */
public final class Denoiser {

    public final Linear xEmbedder;
    public final TimestepEmbedder tEmbedder;
    public final Linear cEmbedder;
    public final List<AdaLnZeroBlock> blocks = new ArrayList<>();
    public final Linear finalAdaLnModulation;
    public final LayerNorm finalNorm;
    public final Linear finalLinear;
    private final int width;
    private final int tokens;
    private final float[] positions; // (N, D), fixed

    /**
     * @param latentChannels {@code C'}, latent channels after the space-to-depth fold
     * @param tokenGrid      side {@code s} of the image-token grid, {@code N = s^2}
     * @param conditionWidth width of {@code xVisual} (the LM width)
     */
    public Denoiser(ParameterSet ps, String name, int latentChannels, int tokenGrid, int conditionWidth,
                    int width, int depth, int heads, int mlpHidden) {
        this.width = width;
        this.tokens = tokenGrid * tokenGrid;
        this.xEmbedder = new Linear(ps, name + ".x_embedder", latentChannels, width);
        this.tEmbedder = new TimestepEmbedder(ps, name + ".t_embedder", width);
        this.cEmbedder = new Linear(ps, name + ".c_embedder", conditionWidth, width);
        for (int i = 0; i < depth; i++) {
            blocks.add(new AdaLnZeroBlock(ps, name + ".blocks." + i, width, heads, mlpHidden));
        }
        this.finalNorm = new LayerNorm(ps, name + ".final_layer.norm_final", width, false, AdaLnZeroBlock.NORM_EPS);
        this.finalAdaLnModulation = new Linear(ps, name + ".final_layer.adaLN_modulation", width, 2 * width);
        this.finalLinear = new Linear(ps, name + ".final_layer.linear", width, latentChannels);
        this.positions = SinCosPositions.grid2d(width, tokenGrid);
    }

    /**
     * DiT's {@code initialize_weights} zeroes these: every adaLN modulation and the final linear
     * layer, so that the untrained denoiser outputs exactly zero.
     */
    public static boolean isZeroInitialised(Parameter p) {
        return p.name().contains(".adaLN_modulation.") || p.name().contains(".final_layer.linear.");
    }

    /** DiT initialises the timestep MLP weights from {@code N(0, 0.02^2)}. */
    public static boolean isTimestepMlpWeight(Parameter p) {
        return p.name().contains(".t_embedder.mlp.") && p.name().endsWith(".weight");
    }

    public NDArray forward(DenoiserInput in) { // -> eps prediction (B, N, C')
        NDArray zT = in.zT(); // (B, N, C')
        NDArray pos = zT.getManager().create(positions, new Shape(1, tokens, width)); // (1, N, D)
        NDArray x = xEmbedder.forward(zT).add(pos); // (B, N, D)
        NDArray tEmb = tEmbedder.forward(in.t(), zT.getManager()).expandDims(1); // (B, 1, D)
        NDArray c = tEmb.add(cEmbedder.forward(Activations.silu(in.xVisual()))); // (B, N, D)
        for (AdaLnZeroBlock block : blocks) {
            x = block.forward(x, c); // (B, N, D)
        }
        NDList m = finalAdaLnModulation.forward(Activations.silu(c)).split(2, 2); // 2 x (B, N, D)
        NDArray h = AdaLnZeroBlock.modulate(finalNorm.forward(x), m.get(0), m.get(1)); // (B, N, D)
        return finalLinear.forward(h); // (B, N, C')
    }
}
