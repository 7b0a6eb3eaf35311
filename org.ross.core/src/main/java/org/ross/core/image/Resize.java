package org.ross.core.image;

import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import org.ross.core.image.Images.ColorMode;

/** The two steps of {@link Images#toChw}: read pixels as 0..255 floats, then letterbox-resize. */
final class Resize {

    private static final float LUMA_R = 0.299f;
    private static final float LUMA_G = 0.587f;
    private static final float LUMA_B = 0.114f;

    private Resize() {
    }

    /**
     * The pixels of {@code img} as (C, h, w) floats in 0..255 with C from {@code mode}. Gray
     * images are read from the raster's first band (scaled from 16 bits if needed); colour images
     * through sRGB {@code getRGB}, with transparency composited onto black like the padding.
     */
    static float[] to8bitChw(BufferedImage img, ColorMode mode) {
        int w = img.getWidth();
        int h = img.getHeight();
        int plane = w * h;
        float[] out = new float[mode.channels() * plane];
        if (Images.isGray(img)) {
            Raster raster = img.getRaster();
            float scale = 255f / Images.maxSample(raster, 0);
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    float g = raster.getSample(x, y, 0) * scale;
                    for (int c = 0; c < mode.channels(); c++) {
                        out[c * plane + y * w + x] = g;
                    }
                }
            }
            return out;
        }
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int argb = img.getRGB(x, y);
                float alpha = img.getColorModel().hasAlpha() ? ((argb >>> 24) & 0xff) / 255f : 1f;
                float r = ((argb >> 16) & 0xff) * alpha;
                float g = ((argb >> 8) & 0xff) * alpha;
                float b = (argb & 0xff) * alpha;
                int i = y * w + x;
                if (mode == ColorMode.GRAY) {
                    out[i] = LUMA_R * r + LUMA_G * g + LUMA_B * b;
                } else {
                    out[i] = r;
                    out[plane + i] = g;
                    out[2 * plane + i] = b;
                }
            }
        }
        return out;
    }

    /**
     * Scales (C, h, w) so the longer side becomes {@code size}, bilinear with pixel centres
     * aligned, and centres it on a zero (black) {@code size x size} canvas. Same-size input is
     * returned unchanged.
     */
    static float[] bilinearLetterbox(float[] src, int channels, int w, int h, int size) {
        if (w == size && h == size) {
            return src;
        }
        double scale = (double) size / Math.max(w, h);
        int nw = Math.max(1, (int) Math.round(w * scale));
        int nh = Math.max(1, (int) Math.round(h * scale));
        int x0 = (size - nw) / 2;
        int y0 = (size - nh) / 2;
        float[] out = new float[channels * size * size];
        for (int y = 0; y < nh; y++) {
            double sy = clamp((y + 0.5) * h / nh - 0.5, h - 1);
            int ya = (int) Math.floor(sy);
            int yb = Math.min(ya + 1, h - 1);
            double fy = sy - ya;
            for (int x = 0; x < nw; x++) {
                double sx = clamp((x + 0.5) * w / nw - 0.5, w - 1);
                int xa = (int) Math.floor(sx);
                int xb = Math.min(xa + 1, w - 1);
                double fx = sx - xa;
                for (int c = 0; c < channels; c++) {
                    int p = c * w * h;
                    double top = src[p + ya * w + xa] * (1 - fx) + src[p + ya * w + xb] * fx;
                    double bottom = src[p + yb * w + xa] * (1 - fx) + src[p + yb * w + xb] * fx;
                    out[c * size * size + (y0 + y) * size + x0 + x] = (float) (top * (1 - fy) + bottom * fy);
                }
            }
        }
        return out;
    }

    private static double clamp(double v, int max) {
        return Math.max(0, Math.min(max, v));
    }
}
