package org.ross.core.ross;

import org.ross.core.diffusion.NoiseSchedule;
import org.ross.core.diffusion.SpaceToDepth;
import org.ross.core.tokenizer.LatentStats;

/**
 * Architecture and objective of a ROSS model (DESIGN.md sections 4 and 5).
 *
 * @param imageSize           side {@code S} of the square model input, in pixels
 * @param imageChannels       1 (grey) or 3 (RGB)
 * @param patchSize           ViT patch side {@code p}; {@code N = (S / p)^2} image tokens
 * @param vision              the vision encoder's width/layers/heads
 * @param lm                  the language model's width {@code D}/layers/heads
 * @param denoiser            the DiT denoiser's width/depth/heads
 * @param mlpRatio            hidden width of every MLP as a multiple of its block's width
 * @param maxSequenceLength   learned LM positions: N image tokens + question + answer must fit
 * @param objective           TEXT_ONLY, ROSS_R or ROSS_D
 * @param lambda              weight of {@code L_visual} in {@code L = L_text + lambda * L_visual}
 * @param draws               independent {@code (t, eps)} draws per image per step (ROSS: 4)
 * @param timesteps           diffusion steps {@code T} (1000, DDPM)
 * @param tiedHead            whether the LM's output head reuses the token embeddings
 * @param freezeVisionEncoder whether the encoder is kept fixed (the paper's frozen CLIP/SigLIP)
 * @param latentChannels      {@code C} of the tokenizer's latent grid
 * @param latentGrid          side {@code g} of the tokenizer's latent grid; a multiple of {@code sqrt(N)}
 * @param latentStats         the tokenizer's per-channel shift/scale to unit variance
 */
public record RossConfig(int imageSize, int imageChannels, int patchSize, TransformerConfig vision,
                         TransformerConfig lm, TransformerConfig denoiser, int mlpRatio, int maxSequenceLength,
                         Objective objective, double lambda, int draws, int timesteps, boolean tiedHead,
                         boolean freezeVisionEncoder, int latentChannels, int latentGrid, LatentStats latentStats) {

    public static final double DEFAULT_LAMBDA = 1.0;
    public static final int DEFAULT_DRAWS = 4;
    public static final int DEFAULT_MLP_RATIO = 4;

    public RossConfig {
        if (imageChannels != 1 && imageChannels != 3) {
            throw new IllegalArgumentException("imageChannels is " + imageChannels + "; expected 1 (grey) or 3 (RGB)");
        }
        if (patchSize < 1 || imageSize < patchSize || imageSize % patchSize != 0) {
            throw new IllegalArgumentException("imageSize " + imageSize + " is not a multiple of patchSize " + patchSize
                    + "; choose a patch size that divides the image size (e.g. 8 for 32 or 64, 14 for 224)");
        }
        if (vision == null || lm == null || denoiser == null || objective == null || latentStats == null) {
            throw new IllegalArgumentException("vision, lm, denoiser, objective and latentStats must be set");
        }
        if (mlpRatio < 1) {
            throw new IllegalArgumentException("mlpRatio is " + mlpRatio + "; expected at least 1 (default "
                    + DEFAULT_MLP_RATIO + ")");
        }
        int n = (imageSize / patchSize) * (imageSize / patchSize);
        if (maxSequenceLength < n + 3) {
            throw new IllegalArgumentException("maxSequenceLength is " + maxSequenceLength + " but the " + n
                    + " image tokens alone need " + n + " positions plus question and answer; raise it to at least "
                    + (n + 32) + " or use a larger patch size");
        }
        if (!(lambda >= 0) || Double.isInfinite(lambda)) {
            throw new IllegalArgumentException("lambda is " + lambda + "; expected a finite value >= 0 (default 1)");
        }
        if (draws < 1) {
            throw new IllegalArgumentException("draws is " + draws + "; expected at least 1 (default " + DEFAULT_DRAWS + ")");
        }
        if (timesteps < 2) {
            throw new IllegalArgumentException("timesteps is " + timesteps + "; expected at least 2 (default "
                    + NoiseSchedule.DEFAULT_TIMESTEPS + ")");
        }
        if (latentChannels < 1 || latentStats.shift().length != latentChannels) {
            throw new IllegalArgumentException("latentChannels is " + latentChannels + " and the latent statistics have "
                    + latentStats.shift().length + " channels; take both from the same tokenizer model");
        }
        if (objective != Objective.TEXT_ONLY) {
            SpaceToDepth.factor(latentGrid, imageSize / patchSize);
        }
    }

    /** Unit-test size: seconds per run. */
    public static RossConfig tiny() {
        return preset(32, 8, new TransformerConfig(32, 1, 2), new TransformerConfig(32, 1, 2),
                new TransformerConfig(32, 1, 2), 64, 8);
    }

    /** CPU benchmarks: minutes per run; latents from a tokenizer with a 16x16 grid (64 px, f = 4). */
    public static RossConfig small() {
        return preset(64, 8, new TransformerConfig(128, 4, 4), new TransformerConfig(192, 4, 6),
                new TransformerConfig(192, 2, 6), 160, 16);
    }

    /** GPU size; latents need a grid that is a multiple of 16, e.g. 32x32 (128 px at f = 4). */
    public static RossConfig base() {
        return preset(224, 14, new TransformerConfig(512, 8, 8), new TransformerConfig(768, 12, 12),
                new TransformerConfig(768, 3, 12), 512, 32);
    }

    private static RossConfig preset(int image, int patch, TransformerConfig vision, TransformerConfig lm,
                                     TransformerConfig denoiser, int maxSequence, int latentGrid) {
        return new RossConfig(image, 3, patch, vision, lm, denoiser, DEFAULT_MLP_RATIO, maxSequence, Objective.ROSS_D,
                DEFAULT_LAMBDA, DEFAULT_DRAWS, NoiseSchedule.DEFAULT_TIMESTEPS, true, false, 4, latentGrid,
                LatentStats.identity(4));
    }

    /** Side {@code sqrt(N)} of the image-token grid. */
    public int tokenGrid() {
        return imageSize / patchSize;
    }

    /** Number of image tokens {@code N}. */
    public int tokens() {
        return tokenGrid() * tokenGrid();
    }

    /** Space-to-depth block side {@code k = g / sqrt(N)}. */
    public int foldFactor() {
        return SpaceToDepth.factor(latentGrid, tokenGrid());
    }

    /** Latent channels per token after the fold, {@code C' = C k^2}. */
    public int foldedChannels() {
        return latentChannels * foldFactor() * foldFactor();
    }

    /** Floats of one cached posterior: mean and log-variance, {@code 2 C g g}. */
    public int posteriorLength() {
        return 2 * latentChannels * latentGrid * latentGrid;
    }

    public int pixelsPerImage() {
        return imageChannels * imageSize * imageSize;
    }

    public int mlpHidden(TransformerConfig stack) {
        return mlpRatio * stack.width();
    }

    public RossConfig withImage(int size, int channels) {
        return new RossConfig(size, channels, patchSize, vision, lm, denoiser, mlpRatio, maxSequenceLength, objective,
                lambda, draws, timesteps, tiedHead, freezeVisionEncoder, latentChannels, latentGrid, latentStats);
    }

    public RossConfig withPatchSize(int p) {
        return new RossConfig(imageSize, imageChannels, p, vision, lm, denoiser, mlpRatio, maxSequenceLength, objective,
                lambda, draws, timesteps, tiedHead, freezeVisionEncoder, latentChannels, latentGrid, latentStats);
    }

    public RossConfig withVision(TransformerConfig v) {
        return new RossConfig(imageSize, imageChannels, patchSize, v, lm, denoiser, mlpRatio, maxSequenceLength,
                objective, lambda, draws, timesteps, tiedHead, freezeVisionEncoder, latentChannels, latentGrid, latentStats);
    }

    public RossConfig withLm(TransformerConfig l) {
        return new RossConfig(imageSize, imageChannels, patchSize, vision, l, denoiser, mlpRatio, maxSequenceLength,
                objective, lambda, draws, timesteps, tiedHead, freezeVisionEncoder, latentChannels, latentGrid, latentStats);
    }

    public RossConfig withDenoiser(TransformerConfig d) {
        return new RossConfig(imageSize, imageChannels, patchSize, vision, lm, d, mlpRatio, maxSequenceLength,
                objective, lambda, draws, timesteps, tiedHead, freezeVisionEncoder, latentChannels, latentGrid, latentStats);
    }

    public RossConfig withMlpRatio(int r) {
        return new RossConfig(imageSize, imageChannels, patchSize, vision, lm, denoiser, r, maxSequenceLength,
                objective, lambda, draws, timesteps, tiedHead, freezeVisionEncoder, latentChannels, latentGrid, latentStats);
    }

    public RossConfig withMaxSequenceLength(int l) {
        return new RossConfig(imageSize, imageChannels, patchSize, vision, lm, denoiser, mlpRatio, l,
                objective, lambda, draws, timesteps, tiedHead, freezeVisionEncoder, latentChannels, latentGrid, latentStats);
    }

    public RossConfig withObjective(Objective o) {
        return new RossConfig(imageSize, imageChannels, patchSize, vision, lm, denoiser, mlpRatio, maxSequenceLength,
                o, lambda, draws, timesteps, tiedHead, freezeVisionEncoder, latentChannels, latentGrid, latentStats);
    }

    public RossConfig withLambda(double l) {
        return new RossConfig(imageSize, imageChannels, patchSize, vision, lm, denoiser, mlpRatio, maxSequenceLength,
                objective, l, draws, timesteps, tiedHead, freezeVisionEncoder, latentChannels, latentGrid, latentStats);
    }

    public RossConfig withDraws(int d) {
        return new RossConfig(imageSize, imageChannels, patchSize, vision, lm, denoiser, mlpRatio, maxSequenceLength,
                objective, lambda, d, timesteps, tiedHead, freezeVisionEncoder, latentChannels, latentGrid, latentStats);
    }

    public RossConfig withTimesteps(int t) {
        return new RossConfig(imageSize, imageChannels, patchSize, vision, lm, denoiser, mlpRatio, maxSequenceLength,
                objective, lambda, draws, t, tiedHead, freezeVisionEncoder, latentChannels, latentGrid, latentStats);
    }

    public RossConfig withTiedHead(boolean tied) {
        return new RossConfig(imageSize, imageChannels, patchSize, vision, lm, denoiser, mlpRatio, maxSequenceLength,
                objective, lambda, draws, timesteps, tied, freezeVisionEncoder, latentChannels, latentGrid, latentStats);
    }

    public RossConfig withFreezeVisionEncoder(boolean freeze) {
        return new RossConfig(imageSize, imageChannels, patchSize, vision, lm, denoiser, mlpRatio, maxSequenceLength,
                objective, lambda, draws, timesteps, tiedHead, freeze, latentChannels, latentGrid, latentStats);
    }

    /** The tokenizer's latent layout: channels {@code C}, grid side {@code g} and statistics. */
    public RossConfig withLatent(int channels, int grid, LatentStats stats) {
        return new RossConfig(imageSize, imageChannels, patchSize, vision, lm, denoiser, mlpRatio, maxSequenceLength,
                objective, lambda, draws, timesteps, tiedHead, freezeVisionEncoder, channels, grid, stats);
    }
}
