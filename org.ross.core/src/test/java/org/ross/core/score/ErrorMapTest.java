package org.ross.core.score;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.ross.core.image.Images;

class ErrorMapTest {

    @Test
    void overlayHasTheImageSizeAndTheHottestTokenIsRed() {
        int size = 16;
        int grid = 4;
        float[] image = new float[size * size]; // mid grey
        float[] errors = new float[grid * grid];
        Arrays.fill(errors, 0.1f);
        errors[2 * grid + 3] = 2f; // token row 2, column 3: pixels y 8..11, x 12..15
        BufferedImage img = ErrorMap.overlay(image, 1, size, errors, grid, 0);
        assertEquals(size, img.getWidth());
        assertEquals(size, img.getHeight());
        // jet(1) = (0.5, 0, 0) blended half with grey 0.5: (0.5, 0.25, 0.25)
        int[] hot = rgb(img.getRGB(13, 9));
        assertEquals(Math.round(255 * 0.5), hot[0]);
        assertEquals(Math.round(255 * 0.25), hot[1]);
        assertEquals(Math.round(255 * 0.25), hot[2]);
        // every pixel of the hot token has the same colour; a cold token is bluish
        assertEquals(img.getRGB(12, 8), img.getRGB(15, 11));
        int[] cold = rgb(img.getRGB(0, 0));
        assertTrue(cold[2] > cold[0], Arrays.toString(cold));
        assertEquals(size, Images.decode(ErrorMap.png(image, 1, size, errors, grid, 0)).getWidth());
    }

    @Test
    void aFixedScaleSaturatesAndZeroErrorsAreBlue() {
        float[] image = new float[3 * 8 * 8];
        float[] errors = new float[4];
        errors[0] = 10f;
        BufferedImage img = ErrorMap.overlay(image, 3, 8, errors, 2, 1.0);
        assertEquals(rgb(img.getRGB(0, 0))[0], Math.round(255 * 0.5)); // clipped to full red
        int[] zero = rgb(img.getRGB(7, 7)); // jet(0) = (0, 0, 0.5)
        assertEquals(Math.round(255 * 0.25), zero[0]);
        assertEquals(Math.round(255 * 0.5), zero[2]);
    }

    private static int[] rgb(int v) {
        return new int[] {(v >> 16) & 0xff, (v >> 8) & 0xff, v & 0xff};
    }
}
