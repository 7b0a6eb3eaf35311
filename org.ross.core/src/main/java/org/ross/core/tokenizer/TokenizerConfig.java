package org.ross.core.tokenizer;

/**
 * Architecture of the Image Tokenizer's KL-VAE (the LDM / Stable Diffusion autoencoder, shrunk).
 *
 * @param imageSize      side {@code S} of the square input images, in pixels
 * @param imageChannels  1 (grey) or 3 (RGB)
 * @param downsampling   factor {@code f} from image to latent grid: 1, 2, 4 or 8 ({@code log2 f}
 *                       stride-2 stages)
 * @param latentChannels channels {@code C_z} of the latent grid
 * @param baseWidth      convolution width at full resolution; lower resolutions use twice this
 * @param beta           weight of the KL term against the per-image summed squared error
 *                       (LDM's {@code kl_weight})
 */
public record TokenizerConfig(int imageSize, int imageChannels, int downsampling, int latentChannels,
                              int baseWidth, double beta) {

    /**
     * Default conv width (16 at full resolution, 32 below): with the default training it reconstructs
     * Fashion-MNIST test images at f = 4, C_z = 4 above 26 dB PSNR, at about 1.5 to 2.5 minutes per
     * epoch of 60,000 images on two CPU cores; width 32 costs about three times as much.
     */
    public static final int DEFAULT_BASE_WIDTH = 16;
    /**
     * Default KL weight (LDM uses 1e-6 against L1 + perceptual terms): small enough that the KL costs
     * no measurable PSNR, large enough to keep the posterior variance finite (mean log-variance about
     * -14 on Fashion-MNIST), so that ROSS's sampled targets are well defined.
     */
    public static final double DEFAULT_BETA = 1e-5;
    public static final int DEFAULT_DOWNSAMPLING = 4;
    public static final int DEFAULT_LATENT_CHANNELS = 4;

    public TokenizerConfig {
        if (imageChannels != 1 && imageChannels != 3) {
            throw new IllegalArgumentException("imageChannels is " + imageChannels
                    + "; expected 1 (grey) or 3 (RGB)");
        }
        if (downsampling != 1 && downsampling != 2 && downsampling != 4 && downsampling != 8) {
            throw new IllegalArgumentException("downsampling is " + downsampling
                    + "; expected 1, 2, 4 or 8");
        }
        if (imageSize < 1 || imageSize % downsampling != 0) {
            int fixed = Math.max(downsampling, (imageSize + downsampling - 1) / downsampling * downsampling);
            throw new IllegalArgumentException("imageSize is " + imageSize + "; expected a positive multiple"
                    + " of downsampling " + downsampling + " (e.g. " + fixed + "), so that the latent grid is whole");
        }
        if (latentChannels < 1 || latentChannels > 64) {
            throw new IllegalArgumentException("latentChannels is " + latentChannels
                    + "; expected 1..64 (4 is the LDM default)");
        }
        if (baseWidth < 4 || baseWidth > 512) {
            throw new IllegalArgumentException("baseWidth is " + baseWidth + "; expected 4..512 (default "
                    + DEFAULT_BASE_WIDTH + ")");
        }
        if (!(beta >= 0) || Double.isInfinite(beta)) {
            throw new IllegalArgumentException("beta is " + beta + "; expected a finite value >= 0 (default "
                    + DEFAULT_BETA + ")");
        }
    }

    /** The defaults for images of side {@code imageSize} with {@code channels} channels. */
    public static TokenizerConfig defaults(int imageSize, int channels) {
        return new TokenizerConfig(imageSize, channels, DEFAULT_DOWNSAMPLING, DEFAULT_LATENT_CHANNELS,
                DEFAULT_BASE_WIDTH, DEFAULT_BETA);
    }

    /** A very small model for unit tests: 8x8 grey images, 4x4x2 latents, width 8. */
    public static TokenizerConfig tiny() {
        return new TokenizerConfig(8, 1, 2, 2, 8, DEFAULT_BETA);
    }

    /** Side {@code h = w = S / f} of the latent grid. */
    public int latentSize() {
        return imageSize / downsampling;
    }

    /** Number of stride-2 stages, {@code log2 f}. */
    public int levels() {
        return Integer.numberOfTrailingZeros(downsampling);
    }

    /** Convolution width at {@code level} (0 = full resolution). */
    public int widthAt(int level) {
        return level == 0 ? baseWidth : 2 * baseWidth;
    }

    public int pixelsPerImage() {
        return imageChannels * imageSize * imageSize;
    }

    /** Floats of one posterior mean: {@code C_z * h * w}. */
    public int latentLength() {
        return latentChannels * latentSize() * latentSize();
    }

    public TokenizerConfig withBaseWidth(int width) {
        return new TokenizerConfig(imageSize, imageChannels, downsampling, latentChannels, width, beta);
    }

    public TokenizerConfig withBeta(double b) {
        return new TokenizerConfig(imageSize, imageChannels, downsampling, latentChannels, baseWidth, b);
    }

    public TokenizerConfig withLatent(int f, int channels) {
        return new TokenizerConfig(imageSize, imageChannels, f, channels, baseWidth, beta);
    }
}
