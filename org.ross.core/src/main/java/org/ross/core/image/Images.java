package org.ross.core.image;

import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Optional;
import javax.imageio.ImageIO;

/**
 * Pure image conversions between encoded bytes and the model's input: a channel-major (C, H, W)
 * float array in [-1, 1] of an S x S square (DESIGN.md section 4, step 1). Pixel values are read
 * from the raster for gray images, never through {@code getRGB}, which would apply Java's linear
 * gray colour space and change the values.
 */
public final class Images {

    /** The channel layout a model expects. */
    public enum ColorMode {
        GRAY(1), RGB(3);

        private final int channels;

        ColorMode(int channels) {
            this.channels = channels;
        }

        public int channels() {
            return channels;
        }
    }

    private Images() {
    }

    /** Decodes PNG or JPEG bytes; anything else is an IllegalArgumentException. */
    public static BufferedImage decode(byte[] bytes) {
        BufferedImage img = null;
        if (bytes != null && bytes.length > 0) {
            try {
                img = ImageIO.read(new ByteArrayInputStream(bytes));
            } catch (IOException | RuntimeException e) {
                img = null; // reported below with the size, the same way as unknown formats
            }
        }
        if (img == null) {
            throw new IllegalArgumentException("not a decodable PNG or JPEG image ("
                    + (bytes == null ? 0 : bytes.length) + " bytes)");
        }
        return img;
    }

    /**
     * True when the image's colour model is a gray colour space (8/16-bit gray PNGs and JPEGs,
     * with or without alpha). Decided by type only, without looking at pixels: an RGB image whose
     * pixels happen to be gray counts as colour.
     */
    public static boolean isGray(BufferedImage img) {
        return img.getColorModel().getColorSpace().getType() == ColorSpace.TYPE_GRAY;
    }

    /** "png" or "jpg" by the leading magic bytes, empty for anything else. */
    public static Optional<String> extensionOf(byte[] bytes) {
        if (bytes != null && bytes.length >= 8 && (bytes[0] & 0xff) == 0x89 && bytes[1] == 'P'
                && bytes[2] == 'N' && bytes[3] == 'G') {
            return Optional.of("png");
        }
        if (bytes != null && bytes.length >= 3 && (bytes[0] & 0xff) == 0xff && (bytes[1] & 0xff) == 0xd8
                && (bytes[2] & 0xff) == 0xff) {
            return Optional.of("jpg");
        }
        return Optional.empty();
    }

    /**
     * The model input for {@code img}: the longer side scaled to {@code size} (bilinear, aspect
     * kept), centred on black padding, in [-1, 1], channel-major (C, H, W) with C from {@code mode}.
     * Gray from colour uses luminance 0.299 R + 0.587 G + 0.114 B; colour from gray repeats the
     * gray value. An image already {@code size x size} is copied without resampling.
     */
    public static float[] toChw(BufferedImage img, int size, ColorMode mode) {
        if (size <= 0) {
            throw new IllegalArgumentException("image size must be positive, found " + size);
        }
        int w = img.getWidth();
        int h = img.getHeight();
        float[] src = Resize.to8bitChw(img, mode); // (C, h, w), values 0..255
        float[] square = Resize.bilinearLetterbox(src, mode.channels(), w, h, size); // (C, S, S)
        for (int i = 0; i < square.length; i++) {
            square[i] = square[i] / 127.5f - 1f;
        }
        return square;
    }

    /**
     * A PNG of a (C, S, S) array in [-1, 1] (values outside are clamped), 8-bit gray for C = 1
     * and 8-bit RGB for C = 3. Values are rounded, so decoding and {@link #toChw} give back the
     * input within 1/255.
     */
    public static byte[] encodePng(float[] chw, int channels, int size) {
        if (channels != 1 && channels != 3) {
            throw new IllegalArgumentException("channels must be 1 or 3, found " + channels);
        }
        if (chw.length != channels * size * size) {
            throw new IllegalArgumentException("expected " + channels + "x" + size + "x" + size + " = "
                    + channels * size * size + " values, found " + chw.length);
        }
        BufferedImage img = new BufferedImage(size, size,
                channels == 1 ? BufferedImage.TYPE_BYTE_GRAY : BufferedImage.TYPE_INT_RGB);
        WritableRaster raster = img.getRaster();
        int plane = size * size;
        for (int c = 0; c < channels; c++) {
            for (int y = 0; y < size; y++) {
                for (int x = 0; x < size; x++) {
                    float v = Math.max(-1f, Math.min(1f, chw[c * plane + y * size + x]));
                    raster.setSample(x, y, c, Math.round((v + 1f) * 127.5f));
                }
            }
        }
        return encodePng(img);
    }

    /** PNG bytes of any image. */
    public static byte[] encodePng(BufferedImage img) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(img, "png", out)) {
                throw new IllegalStateException("no PNG writer for image type " + img.getType());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /**
     * Peak signal-to-noise ratio in dB of two arrays on the [-1, 1] scale, measured after mapping
     * both to [0, 1] (peak 1): {@code 10 log10(1 / MSE)}; infinite for identical arrays.
     */
    public static double psnr(float[] a, float[] b) {
        if (a.length != b.length || a.length == 0) {
            throw new IllegalArgumentException("psnr needs two non-empty arrays of equal length, found "
                    + a.length + " and " + b.length);
        }
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            double d = (a[i] - (double) b[i]) / 2; // difference on the [0, 1] scale
            sum += d * d;
        }
        double mse = sum / a.length;
        return mse == 0 ? Double.POSITIVE_INFINITY : 10 * Math.log10(1 / mse);
    }

    static int maxSample(Raster raster, int band) {
        return (1 << raster.getSampleModel().getSampleSize(band)) - 1;
    }
}
