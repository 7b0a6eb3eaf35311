package org.ross.core.score;

/**
 * Structural similarity (Wang, Bovik, Sheikh and Simoncelli 2004, "Image quality assessment: from
 * error visibility to structural similarity", eq. 13): the mean over every window position of
 * {@code (2 mu_x mu_y + C1)(2 sigma_xy + C2) / ((mu_x^2 + mu_y^2 + C1)(sigma_x^2 + sigma_y^2 + C2))}
 * with the paper's circular-symmetric Gaussian window (11 x 11, sigma 1.5, normalised to sum 1),
 * {@code C1 = (0.01 L)^2}, {@code C2 = (0.03 L)^2}, on pixels mapped to [0, 1] ({@code L = 1}).
 * Only windows that fit inside the image are used ("valid"); an image smaller than 11 pixels uses a
 * window as large as the image. Colour images: the mean over channels.
 */
public final class Ssim {

    static final int WINDOW = 11;
    static final double SIGMA = 1.5;
    static final double C1 = 0.01 * 0.01;
    static final double C2 = 0.03 * 0.03;

    private Ssim() {
    }

    /** SSIM of two (C, S, S) arrays on the [-1, 1] scale. 1 for identical images. */
    public static double of(float[] a, float[] b, int channels, int size) {
        int plane = size * size;
        if (a.length != b.length || a.length != channels * plane) {
            throw new IllegalArgumentException("ssim needs two " + channels + "x" + size + "x" + size
                    + " arrays, found " + a.length + " and " + b.length + " values");
        }
        int w = Math.min(WINDOW, size);
        double[] window = gaussian(w);
        double sum = 0;
        int count = 0;
        for (int c = 0; c < channels; c++) {
            int offset = c * plane;
            for (int y0 = 0; y0 + w <= size; y0++) {
                for (int x0 = 0; x0 + w <= size; x0++) {
                    sum += local(a, b, offset, size, x0, y0, w, window);
                    count++;
                }
            }
        }
        return sum / count;
    }

    /** SSIM of one window with weights {@code window} (w x w, summing to 1). */
    private static double local(float[] a, float[] b, int offset, int size, int x0, int y0, int w, double[] window) {
        double muX = 0;
        double muY = 0;
        for (int y = 0; y < w; y++) {
            for (int x = 0; x < w; x++) {
                int i = offset + (y0 + y) * size + x0 + x;
                double g = window[y * w + x];
                muX += g * unit(a[i]);
                muY += g * unit(b[i]);
            }
        }
        double varX = 0;
        double varY = 0;
        double cov = 0;
        for (int y = 0; y < w; y++) {
            for (int x = 0; x < w; x++) {
                int i = offset + (y0 + y) * size + x0 + x;
                double g = window[y * w + x];
                double dx = unit(a[i]) - muX;
                double dy = unit(b[i]) - muY;
                varX += g * dx * dx;
                varY += g * dy * dy;
                cov += g * dx * dy;
            }
        }
        return (2 * muX * muY + C1) * (2 * cov + C2) / ((muX * muX + muY * muY + C1) * (varX + varY + C2));
    }

    /** A w x w Gaussian window of standard deviation {@link #SIGMA}, normalised to sum 1. */
    static double[] gaussian(int w) {
        double[] g = new double[w * w];
        double centre = (w - 1) / 2.0;
        double total = 0;
        for (int y = 0; y < w; y++) {
            for (int x = 0; x < w; x++) {
                double d2 = (x - centre) * (x - centre) + (y - centre) * (y - centre);
                g[y * w + x] = Math.exp(-d2 / (2 * SIGMA * SIGMA));
                total += g[y * w + x];
            }
        }
        for (int i = 0; i < g.length; i++) {
            g[i] /= total;
        }
        return g;
    }

    /** [-1, 1] -> [0, 1], clamped like the PNG encoder. */
    private static double unit(float v) {
        return (Math.max(-1f, Math.min(1f, v)) + 1) / 2.0;
    }
}
