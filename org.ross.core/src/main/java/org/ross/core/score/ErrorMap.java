package org.ross.core.score;

import java.awt.image.BufferedImage;
import org.ross.core.image.Images;

/**
 * The per-token error drawn over its image: each token's error is spread over the pixels under that
 * token (nearest-neighbour upsampling, so the map shows the token resolution honestly), mapped
 * through a jet colour scale (blue = low, red = high) and alpha-blended onto the grey-scale image.
 */
public final class ErrorMap {

    /** Weight of the heat colour in the blend; the image keeps the rest. */
    public static final double ALPHA = 0.5;

    private ErrorMap() {
    }

    /**
     * @param image       the picture (C, S, S) in [-1, 1]; colour images are shown as luminance
     * @param tokenErrors the error of each token, row-major on a {@code grid x grid} token grid
     * @param maxError    the error shown as full red; 0 or less scales each image by its own maximum
     * @return an RGB image of the picture's size
     */
    public static BufferedImage overlay(float[] image, int channels, int size, float[] tokenErrors, int grid,
                                        double maxError) {
        int plane = size * size;
        if (image.length != channels * plane) {
            throw new IllegalArgumentException("image has " + image.length + " values; expected " + channels + "x"
                    + size + "x" + size);
        }
        if (tokenErrors.length != grid * grid) {
            throw new IllegalArgumentException(tokenErrors.length + " token errors for a " + grid + "x" + grid
                    + " token grid");
        }
        double top = maxError;
        if (!(top > 0)) {
            top = 0;
            for (float e : tokenErrors) {
                top = Math.max(top, e);
            }
        }
        BufferedImage out = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < size; y++) {
            int ty = y * grid / size;
            for (int x = 0; x < size; x++) {
                int tx = x * grid / size;
                double v = top > 0 ? Math.min(1, Math.max(0, tokenErrors[ty * grid + tx] / top)) : 0;
                double grey = luminance(image, channels, plane, y * size + x);
                double[] heat = jet(v);
                int r = blend(grey, heat[0]);
                int g = blend(grey, heat[1]);
                int b = blend(grey, heat[2]);
                out.setRGB(x, y, (r << 16) | (g << 8) | b);
            }
        }
        return out;
    }

    /** {@link #overlay} as PNG bytes. */
    public static byte[] png(float[] image, int channels, int size, float[] tokenErrors, int grid, double maxError) {
        return Images.encodePng(overlay(image, channels, size, tokenErrors, grid, maxError));
    }

    /** The jet colour scale: {@code v} in [0, 1] to (r, g, b) in [0, 1]; 0 is dark blue, 1 dark red. */
    static double[] jet(double v) {
        return new double[] {clamp(1.5 - Math.abs(4 * v - 3)), clamp(1.5 - Math.abs(4 * v - 2)),
                clamp(1.5 - Math.abs(4 * v - 1))};
    }

    private static double luminance(float[] image, int channels, int plane, int pixel) {
        if (channels == 1) {
            return unit(image[pixel]);
        }
        return 0.299 * unit(image[pixel]) + 0.587 * unit(image[plane + pixel]) + 0.114 * unit(image[2 * plane + pixel]);
    }

    private static int blend(double grey, double heat) {
        return (int) Math.round(255 * ((1 - ALPHA) * grey + ALPHA * heat));
    }

    private static double unit(float v) {
        return (Math.max(-1f, Math.min(1f, v)) + 1) / 2.0;
    }

    private static double clamp(double v) {
        return Math.max(0, Math.min(1, v));
    }
}
