package org.ross.core.ross;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.ross.core.tokenizer.LatentStats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RossConfigTest {

    @Test
    void presetsFollowTheDesignTable() {
        RossConfig t = RossConfig.tiny();
        assertEquals(32, t.imageSize());
        assertEquals(8, t.patchSize());
        assertEquals(16, t.tokens());
        assertEquals(new TransformerConfig(32, 1, 2), t.vision());
        assertEquals(32, t.lm().width());
        assertEquals(32, t.denoiser().width());
        RossConfig s = RossConfig.small();
        assertEquals(64, s.tokens());
        assertEquals(128, s.vision().width());
        assertEquals(192, s.lm().width());
        assertEquals(192, s.denoiser().width());
        assertEquals(4, s.vision().layers());
        assertEquals(4, s.lm().layers());
        assertEquals(2, s.denoiser().layers());
        RossConfig b = RossConfig.base();
        assertEquals(224, b.imageSize());
        assertEquals(14, b.patchSize());
        assertEquals(256, b.tokens());
        assertEquals(512, b.vision().width());
        assertEquals(768, b.lm().width());
        assertEquals(768, b.denoiser().width());
        assertEquals(8, b.vision().layers());
        assertEquals(12, b.lm().layers());
        assertEquals(3, b.denoiser().layers());
        assertEquals(64, b.lm().headDim());
        for (RossConfig c : new RossConfig[] {t, s, b}) {
            assertEquals(Objective.ROSS_D, c.objective());
            assertEquals(1.0, c.lambda());
            assertEquals(4, c.draws());
            assertEquals(1000, c.timesteps());
        }
        assertEquals(2, t.foldFactor());
        assertEquals(16, t.foldedChannels());
    }

    @Test
    void invalidSettingsSayWhatToChange() {
        RossConfig t = RossConfig.tiny();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> t.withPatchSize(5));
        assertTrue(e.getMessage().contains("imageSize 32 is not a multiple of patchSize 5"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> t.withLm(t.lm().withHeads(3)));
        assertTrue(e.getMessage().contains("width 32 is not divisible"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> t.withLatent(4, 6, LatentStats.identity(4)));
        assertTrue(e.getMessage().contains("latent grid 6x6") && e.getMessage().contains("token grid 4x4"), e.getMessage());
        // a text-only model does not care about the latent grid
        assertEquals(6, t.withObjective(Objective.TEXT_ONLY).withLatent(4, 6, LatentStats.identity(4)).latentGrid());
        assertThrows(IllegalArgumentException.class, () -> t.withLatent(2, 8, LatentStats.identity(4)));
        assertThrows(IllegalArgumentException.class, () -> t.withMaxSequenceLength(16));
        assertThrows(IllegalArgumentException.class, () -> t.withLambda(-1));
        assertThrows(IllegalArgumentException.class, () -> t.withDraws(0));
    }

    @Test
    void headsThatDoNotDivideTheWidthSuggestTheNearestDivisor() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new TransformerConfig(100, 1, 6));
        assertEquals("heads is 6 but width 100 is not divisible by it; choose heads among the divisors of the width"
                + " (e.g. 5)", e.getMessage());
        assertEquals(6, TransformerConfig.nearestDivisor(192, 7)); // 6 and 8 are equally near: the smaller
        assertEquals(8, TransformerConfig.nearestDivisor(200, 9)); // 200 / 64 = 3 is no divisor of 200
        assertEquals(200, TransformerConfig.nearestDivisor(200, 1000));
        assertEquals(1, TransformerConfig.nearestDivisor(200, 0));
    }

    @Test
    void roundTripsThroughJson() throws Exception {
        ObjectMapper json = new ObjectMapper();
        RossConfig c = RossConfig.small().withObjective(Objective.ROSS_R).withFreezeVisionEncoder(true)
                .withLatent(4, 16, new LatentStats(new float[] {0.1f, 0, 0, -0.2f}, new float[] {2, 1, 1, 0.5f}));
        assertEquals(c, json.treeToValue(json.valueToTree(c), RossConfig.class));
    }
}
