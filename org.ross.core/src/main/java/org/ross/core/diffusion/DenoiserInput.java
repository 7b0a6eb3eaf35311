package org.ross.core.diffusion;

import ai.djl.ndarray.NDArray;

/**
 * What the {@link Denoiser} reads.
 *
 * @param zT      noisy latent tokens (B, N, C')
 * @param t       the timestep of each row, {@code 0 .. T-1}
 * @param xVisual the condition: normalised LM hidden states at the image positions (B, N, D_lm)
 */
public record DenoiserInput(NDArray zT, int[] t, NDArray xVisual) {

    public DenoiserInput {
        long b = zT.getShape().get(0);
        if (t.length != b || xVisual.getShape().get(0) != b) {
            throw new IllegalArgumentException("denoiser input rows disagree: zT " + zT.getShape() + ", "
                    + t.length + " timesteps, xVisual " + xVisual.getShape());
        }
        if (xVisual.getShape().get(1) != zT.getShape().get(1)) {
            throw new IllegalArgumentException("xVisual has " + xVisual.getShape().get(1) + " tokens but zT has "
                    + zT.getShape().get(1) + "; the latent grid must be folded onto the image-token grid");
        }
    }
}
