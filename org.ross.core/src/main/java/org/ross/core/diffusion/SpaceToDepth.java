package org.ross.core.diffusion;

import ai.djl.ndarray.NDArray;

/**
 * Folds a latent grid (C, g, g) onto the image-token grid (s x s, {@code N = s^2}) by moving each
 * {@code k x k} block of latent cells into channels ({@code k = g / s}, {@code C' = C k^2}), so that
 * latent token {@code i} lies under image token {@code i} (both row-major). Its inverse unfolds
 * denoised tokens back into a latent grid for the tokenizer's decoder.
 */
public final class SpaceToDepth {

    private SpaceToDepth() {
    }

    /** The block side {@code k = latentGrid / tokenGrid}; throws when the grids do not nest. */
    public static int factor(int latentGrid, int tokenGrid) {
        if (tokenGrid < 1 || latentGrid < tokenGrid || latentGrid % tokenGrid != 0) {
            throw new IllegalArgumentException("latent grid " + latentGrid + "x" + latentGrid
                    + " cannot be folded onto the image-token grid " + tokenGrid + "x" + tokenGrid
                    + ": the latent side must be a multiple of the token side; change the tokenizer's "
                    + "downsampling or image size, or the model's patch size / image size");
        }
        return latentGrid / tokenGrid;
    }

    public static NDArray fold(NDArray z, int tokenGrid) { // (B, C, g, g) -> (B, N, C k^2)
        long b = z.getShape().get(0);
        long c = z.getShape().get(1);
        int k = factor((int) z.getShape().get(2), tokenGrid);
        int s = tokenGrid;
        return z.reshape(b, c, s, k, s, k) // (B, C, s, k, s, k)
                .transpose(0, 2, 4, 1, 3, 5) // (B, s, s, C, k, k)
                .reshape(b, (long) s * s, c * k * k); // (B, N, C k^2)
    }

    public static NDArray unfold(NDArray tokens, int channels, int latentGrid) { // (B, N, C k^2) -> (B, C, g, g)
        long b = tokens.getShape().get(0);
        int s = (int) Math.round(Math.sqrt(tokens.getShape().get(1)));
        int k = factor(latentGrid, s);
        return tokens.reshape(b, s, s, channels, k, k) // (B, s, s, C, k, k)
                .transpose(0, 3, 1, 4, 2, 5) // (B, C, s, k, s, k)
                .reshape(b, channels, latentGrid, latentGrid); // (B, C, g, g)
    }
}
