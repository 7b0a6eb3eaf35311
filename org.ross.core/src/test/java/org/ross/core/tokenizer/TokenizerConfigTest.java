package org.ross.core.tokenizer;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TokenizerConfigTest {

    @Test
    void derivesTheLatentGrid() {
        TokenizerConfig c = TokenizerConfig.defaults(28, 1);
        assertEquals(7, c.latentSize());
        assertEquals(2, c.levels());
        assertEquals(4 * 7 * 7, c.latentLength());
        assertEquals(784, c.pixelsPerImage());
        assertEquals(8, new TokenizerConfig(64, 3, 8, 4, 16, 0).latentSize());
        assertEquals(0, new TokenizerConfig(5, 3, 1, 4, 16, 0).levels());
    }

    @Test
    void explainsBadSettings() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new TokenizerConfig(30, 1, 4, 4, 32, 1e-5));
        assertEquals("imageSize is 30; expected a positive multiple of downsampling 4 (e.g. 32), so that the "
                + "latent grid is whole", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new TokenizerConfig(28, 2, 4, 4, 32, 1e-5));
        assertTrue(e.getMessage().startsWith("imageChannels is 2; expected 1 (grey) or 3 (RGB)"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new TokenizerConfig(28, 1, 3, 4, 32, 1e-5));
        assertTrue(e.getMessage().startsWith("downsampling is 3; expected 1, 2, 4 or 8"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new TokenizerConfig(28, 1, 4, 0, 32, 1e-5));
        assertTrue(e.getMessage().startsWith("latentChannels is 0"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new TokenizerConfig(28, 1, 4, 4, 2, 1e-5));
        assertTrue(e.getMessage().startsWith("baseWidth is 2"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new TokenizerConfig(28, 1, 4, 4, 32, Double.NaN));
        assertTrue(e.getMessage().startsWith("beta is NaN"), e.getMessage());
    }

    @Test
    void explainsBadTrainingSettings() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new TokenizerTrainingConfig(0, 64, 1e-3, 1, 0));
        assertTrue(e.getMessage().startsWith("epochs is 0; expected at least 1"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new TokenizerTrainingConfig(1, 0, 1e-3, 1, 0));
        assertTrue(e.getMessage().startsWith("batchSize is 0"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new TokenizerTrainingConfig(1, 8, -1, 1, 0));
        assertTrue(e.getMessage().startsWith("learningRate is -1.0"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new TokenizerTrainingConfig(1, 8, 1e-3, 1, -5));
        assertTrue(e.getMessage().startsWith("maxSteps is -5"), e.getMessage());
    }
}
