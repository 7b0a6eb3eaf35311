package org.ross.core.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

import java.util.ArrayList;
import java.util.List;

/**
 * A Vision Transformer (Dosovitskiy et al. 2021): non-overlapping {@code p x p} patches, each
 * flattened and embedded by a linear layer (the same map as a stride-p convolution), plus fixed
 * 2D sin-cos positions; pre-norm transformer blocks; a final layer norm. No class token: ROSS
 * uses all patch features.
 */
public final class VisionEncoder {

    public final Linear patchEmbed;
    public final List<TransformerBlock> blocks = new ArrayList<>();
    public final LayerNorm lnPost;
    private final int channels;
    private final int patch;
    private final int grid;
    private final int width;
    private final float[] positions; // (N, D), fixed

    public VisionEncoder(ParameterSet ps, String name, int channels, int imageSize, int patch, int width,
                         int layers, int heads, int mlpHidden) {
        this.channels = channels;
        this.patch = patch;
        this.grid = imageSize / patch;
        this.width = width;
        this.patchEmbed = new Linear(ps, name + ".patch_embed", channels * patch * patch, width);
        for (int i = 0; i < layers; i++) {
            blocks.add(new TransformerBlock(ps, name + ".blocks." + i, width, heads, mlpHidden));
        }
        this.lnPost = new LayerNorm(ps, name + ".ln_post", width);
        this.positions = SinCosPositions.grid2d(width, grid);
    }

    public NDArray forward(NDArray images) { // (B, C, S, S) -> (B, N, Dv)
        long b = images.getShape().get(0);
        int n = grid * grid;
        NDArray patches = images.reshape(b, channels, grid, patch, grid, patch) // (B, C, g, p, g, p)
                .transpose(0, 2, 4, 1, 3, 5) // (B, g, g, C, p, p)
                .reshape(b, n, (long) channels * patch * patch); // (B, N, C p p)
        NDArray pos = images.getManager().create(positions, new Shape(1, n, width)); // (1, N, Dv)
        NDArray x = patchEmbed.forward(patches).add(pos); // (B, N, Dv)
        for (TransformerBlock block : blocks) {
            x = block.forward(x, null); // (B, N, Dv)
        }
        return lnPost.forward(x); // (B, N, Dv)
    }

    /** Number of patch tokens {@code N = (S / p)^2}. */
    public int tokens() {
        return grid * grid;
    }
}
