package org.ross.core.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Optional;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.ross.core.image.Images.ColorMode;

class ImagesTest {

    private static final float EPS = 1e-6f;

    /** red, green / blue, white */
    static BufferedImage rgb2x2() {
        BufferedImage img = new BufferedImage(2, 2, BufferedImage.TYPE_INT_RGB);
        img.setRGB(0, 0, 0xff0000);
        img.setRGB(1, 0, 0x00ff00);
        img.setRGB(0, 1, 0x0000ff);
        img.setRGB(1, 1, 0xffffff);
        return img;
    }

    @Test
    void rgbPixelsBecomeChannelMajorInMinusOneToOne() {
        float[] chw = Images.toChw(rgb2x2(), 2, ColorMode.RGB);
        assertArrayEquals(new float[] {
            1, -1, -1, 1, // R plane
            -1, 1, -1, 1, // G plane
            -1, -1, 1, 1}, chw, EPS); // B plane
    }

    @Test
    void grayFromRgbUsesLuminance() {
        float[] chw = Images.toChw(rgb2x2(), 2, ColorMode.GRAY);
        float[] expected = {0.299f * 255, 0.587f * 255, 0.114f * 255, 255};
        for (int i = 0; i < 4; i++) {
            expected[i] = expected[i] / 127.5f - 1;
        }
        assertArrayEquals(expected, chw, EPS);
    }

    @Test
    void grayRasterValuesAreReadExactlyAndReplicatedForRgb() throws IOException {
        BufferedImage gray = new BufferedImage(2, 2, BufferedImage.TYPE_BYTE_GRAY);
        int[] values = {0, 64, 128, 255};
        for (int i = 0; i < 4; i++) {
            gray.getRaster().setSample(i % 2, i / 2, 0, values[i]);
        }
        BufferedImage decoded = Images.decode(Images.encodePng(gray));
        assertTrue(Images.isGray(decoded));
        float[] g = Images.toChw(decoded, 2, ColorMode.GRAY);
        float[] rgb = Images.toChw(decoded, 2, ColorMode.RGB);
        for (int i = 0; i < 4; i++) {
            float v = values[i] / 127.5f - 1;
            assertEquals(v, g[i], EPS);
            assertEquals(v, rgb[i], EPS);
            assertEquals(v, rgb[4 + i], EPS);
            assertEquals(v, rgb[8 + i], EPS);
        }
    }

    @Test
    void widerImageIsCentredOnBlackPadding() {
        BufferedImage img = new BufferedImage(4, 2, BufferedImage.TYPE_BYTE_GRAY);
        for (int x = 0; x < 4; x++) {
            img.getRaster().setSample(x, 0, 0, 255);
            img.getRaster().setSample(x, 1, 0, 255);
        }
        float[] chw = Images.toChw(img, 4, ColorMode.GRAY); // already 4 wide: rows 1-2 hold it
        float[] expected = new float[16];
        java.util.Arrays.fill(expected, -1f);
        java.util.Arrays.fill(expected, 4, 12, 1f);
        assertArrayEquals(expected, chw, EPS);
    }

    @Test
    void downscalingAUniformImageKeepsItsValue() {
        BufferedImage img = new BufferedImage(6, 6, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 6; y++) {
            for (int x = 0; x < 6; x++) {
                img.setRGB(x, y, 0x336699);
            }
        }
        float[] chw = Images.toChw(img, 3, ColorMode.RGB);
        assertEquals(27, chw.length);
        assertEquals(0x33 / 127.5f - 1, chw[0], EPS);
        assertEquals(0x66 / 127.5f - 1, chw[9 + 4], EPS);
        assertEquals(0x99 / 127.5f - 1, chw[18 + 8], EPS);
    }

    @Test
    void pngRoundTripIsWithinOneLevel() {
        Random rng = new Random(7);
        for (int channels : new int[] {1, 3}) {
            float[] x = new float[channels * 5 * 5];
            for (int i = 0; i < x.length; i++) {
                x[i] = rng.nextFloat() * 2 - 1;
            }
            byte[] png = Images.encodePng(x, channels, 5);
            assertEquals(Optional.of("png"), Images.extensionOf(png));
            BufferedImage img = Images.decode(png);
            assertEquals(channels == 1, Images.isGray(img));
            float[] back = Images.toChw(img, 5, channels == 1 ? ColorMode.GRAY : ColorMode.RGB);
            assertArrayEquals(x, back, 1f / 255 + EPS);
            assertTrue(Images.psnr(x, back) > 48, "8-bit quantisation gives about 54 dB");
        }
    }

    @Test
    void encodeClampsOutOfRangeValues() {
        float[] chw = Images.toChw(Images.decode(Images.encodePng(new float[] {-3, 5, 0, 1}, 1, 2)), 2, ColorMode.GRAY);
        assertArrayEquals(new float[] {-1, 1, 128 / 127.5f - 1, 1}, chw, EPS);
    }

    @Test
    void jpegIsDecodedAndSniffed() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertTrue(ImageIO.write(rgb2x2(), "jpg", out));
        byte[] jpeg = out.toByteArray();
        assertEquals(Optional.of("jpg"), Images.extensionOf(jpeg));
        assertEquals(2, Images.decode(jpeg).getWidth());
        assertFalse(Images.isGray(Images.decode(jpeg)));
    }

    @Test
    void garbageAndNullAreRejectedWithTheirSize() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Images.decode(new byte[] {1, 2, 3, 4, 5}));
        assertEquals("not a decodable PNG or JPEG image (5 bytes)", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Images.decode(null));
        assertEquals("not a decodable PNG or JPEG image (0 bytes)", e.getMessage());
        assertEquals(Optional.empty(), Images.extensionOf(new byte[] {1, 2, 3, 4, 5, 6, 7, 8}));
    }

    @Test
    void psnrOnTheUnitScale() {
        float[] a = new float[10];
        float[] b = new float[10];
        java.util.Arrays.fill(b, 0.2f); // 0.1 apart on [0, 1]: MSE 0.01, 20 dB
        assertEquals(20.0, Images.psnr(a, b), 1e-5);
        assertEquals(Double.POSITIVE_INFINITY, Images.psnr(a, a));
        assertThrows(IllegalArgumentException.class, () -> Images.psnr(a, new float[3]));
    }
}
