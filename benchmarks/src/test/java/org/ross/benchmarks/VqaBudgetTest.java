package org.ross.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.ross.core.ross.RossConfig;
import org.ross.core.ross.TransformerConfig;

class VqaBudgetTest {

    @Test
    void stackDepthLeversChangeOnlyTheirStack() {
        VqaBudget b = VqaBudget.of(new String[] {"--vision-layers", "8", "--lm-layers", "6", "--lambda", "4"});
        RossConfig small = RossConfig.small();
        RossConfig changed = b.levers().apply(small);
        assertEquals(new TransformerConfig(128, 8, small.vision().heads()), changed.vision());
        assertEquals(new TransformerConfig(192, 6, small.lm().heads()), changed.lm());
        assertEquals(small.denoiser(), changed.denoiser());
        assertEquals(4.0, changed.lambda());
        assertEquals("lambda 4.0, vision encoder layers 8, LM layers 6", b.levers().describe());
    }

    @Test
    void withoutLeversThePresetIsKept() {
        VqaBudget b = VqaBudget.of(new String[0]);
        assertEquals(RossConfig.small(), b.levers().apply(RossConfig.small()));
        assertEquals("preset settings (lambda 1, 4 draws, 2 denoiser layers, patch 8)", b.levers().describe());
    }

    @Test
    void aStackOfNoLayersIsRefused() {
        VqaBudget b = VqaBudget.of(new String[] {"--vision-layers", "0"});
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> b.levers().apply(RossConfig.small()));
        assertEquals("layers is 0; expected at least 1", e.getMessage());
    }
}
