package org.ross.core.score;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.ross.core.ross.Objective;
import org.ross.core.ross.RossModel;
import org.ross.core.tokenizer.KlVae;
import org.ross.core.tokenizer.TokenizerConfig;

class ReconstructionScorerTest {

    private static final ScorerConfig CONFIG = ScorerConfig.defaults(1).withDraws(16).withTimestepRange(20, 300);

    @Test
    void aPastedPatchScoresWorseAndItsTokensCarryTheError() throws Exception {
        TinyInspection line = TinyInspection.get();
        SplittableRandom rng = new SplittableRandom(99); // unseen parts
        List<BufferedImage> clean = new ArrayList<>();
        List<BufferedImage> patched = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            float[] part = TinyInspection.clean(rng);
            clean.add(TinyInspection.image(part));
            patched.add(TinyInspection.image(TinyInspection.patched(part)));
        }
        List<BufferedImage> all = new ArrayList<>(clean);
        all.addAll(patched);
        try (RossModel model = RossModel.load(line.modelDir, Device.cpu());
             KlVae vae = KlVae.load(line.tokenizerDir, Device.cpu())) {
            ReconstructionScorer scorer = new ReconstructionScorer(model, vae, CONFIG);
            List<ReconstructionScorer.Scored> s = scorer.score(all, nulls(all.size()));
            for (int i = 0; i < 6; i++) {
                ReconstructionScorer.Scored c = s.get(i);
                ReconstructionScorer.Scored p = s.get(6 + i);
                assertTrue(p.score() > 3 * c.score(), "patched " + p.score() + " vs clean " + c.score());
                // The tokenizer's receptive field spans neighbouring tokens and the patch's edges are what
                // clean parts never show, so the peak lies on the patch or on a token touching it ...
                int hottest = argmax(p.tokenErrors());
                assertTrue(nearPatch(hottest), "hottest token " + hottest + " of " + Arrays.toString(p.tokenErrors()));
                // ... every patch token is worse than on the clean part and the patch as a whole much worse
                // (tokens away from the patch are hit too: the denoiser attends across all tokens)
                double patchedSum = 0;
                double cleanSum = 0;
                for (int t : TinyInspection.PATCH_TOKENS) {
                    assertTrue(p.tokenErrors()[t] > 1.5 * c.tokenErrors()[t], "token " + t + ": "
                            + Arrays.toString(p.tokenErrors()) + " vs clean " + Arrays.toString(c.tokenErrors()));
                    patchedSum += p.tokenErrors()[t];
                    cleanSum += c.tokenErrors()[t];
                }
                assertTrue(patchedSum > 3 * cleanSum, "patch tokens " + patchedSum + " vs clean " + cleanSum);
                assertEquals(TinyInspection.SIZE * TinyInspection.SIZE, p.recon().length);
                assertTrue(c.psnr() > p.psnr(), "clean PSNR " + c.psnr() + " vs patched " + p.psnr());
                assertTrue(c.ssim() <= 1 && p.ssim() <= 1);
            }
        }
    }

    @Test
    void identicalImagesGetIdenticalScoresWhateverTheBatch() throws Exception {
        TinyInspection line = TinyInspection.get();
        BufferedImage part = TinyInspection.image(TinyInspection.clean(new SplittableRandom(5)));
        BufferedImage other = TinyInspection.image(TinyInspection.patched(TinyInspection.clean(new SplittableRandom(6))));
        try (RossModel model = RossModel.load(line.modelDir, Device.cpu());
             KlVae vae = KlVae.load(line.tokenizerDir, Device.cpu())) {
            ReconstructionScorer scorer = new ReconstructionScorer(model, vae, CONFIG);
            List<ReconstructionScorer.Scored> s = scorer.score(List.of(part, other, part), nulls(3));
            // equal up to float32 rounding: the batch position changes the order of some BLAS sums
            assertEquals(s.get(0).score(), s.get(2).score(), 1e-6 * s.get(0).score());
            assertArrayEquals(s.get(0).tokenErrors(), s.get(2).tokenErrors(), 1e-6f);
            assertArrayEquals(s.get(0).recon(), s.get(2).recon(), 1e-5f);
            // a second scorer with the same seed gives the same draws and, alone, the same score
            ReconstructionScorer again = new ReconstructionScorer(model, vae, CONFIG);
            assertArrayEquals(scorer.drawTimesteps(), again.drawTimesteps());
            assertEquals(s.get(0).score(), again.score(List.of(part), nulls(1)).get(0).score(), 1e-6);
        }
    }

    @Test
    void drawsAreStratifiedOverTheTimestepRange() throws Exception {
        TinyInspection line = TinyInspection.get();
        try (RossModel model = RossModel.load(line.modelDir, Device.cpu());
             KlVae vae = KlVae.load(line.tokenizerDir, Device.cpu())) {
            int[] t = new ReconstructionScorer(model, vae, ScorerConfig.defaults(3).withDraws(4)
                    .withTimestepRange(100, 499)).drawTimesteps();
            for (int k = 0; k < 4; k++) {
                assertTrue(t[k] >= 100 + 100 * k && t[k] < 200 + 100 * k, Arrays.toString(t));
            }
        }
    }

    @Test
    void aTextOnlyModelAndMismatchedLatentsAreRefused() {
        TokenizerConfig tok = new TokenizerConfig(16, 1, 4, 2, 8, TokenizerConfig.DEFAULT_BETA);
        IllegalArgumentException textOnly = assertThrows(IllegalArgumentException.class, () ->
                ReconstructionScorer.check(TinyInspection.modelConfig().withObjective(Objective.TEXT_ONLY)
                        .withLatent(2, 4, org.ross.core.tokenizer.LatentStats.identity(2)), tok));
        assertTrue(textOnly.getMessage().contains("TEXT_ONLY") && textOnly.getMessage().contains("no denoiser"),
                textOnly.getMessage());
        IllegalArgumentException shapes = assertThrows(IllegalArgumentException.class, () ->
                ReconstructionScorer.check(TinyInspection.modelConfig()
                        .withLatent(4, 4, org.ross.core.tokenizer.LatentStats.identity(4)), tok));
        assertTrue(shapes.getMessage().contains("2x4x4") && shapes.getMessage().contains("4x4x4"), shapes.getMessage());
    }

    @Test
    void reconstructionTimestepsDescendFromTheStartToNearZero() {
        assertArrayEquals(new int[] {999, 899, 799, 699, 599, 499, 399, 299, 199, 99},
                ReconstructionScorer.startTimesteps(999, 10));
        assertArrayEquals(new int[] {0}, ReconstructionScorer.startTimesteps(0, 1));
        assertArrayEquals(new int[] {3, 2, 1, 0}, ReconstructionScorer.startTimesteps(3, 4));
    }

    private static List<String> nulls(int n) {
        return new ArrayList<>(java.util.Collections.nCopies(n, (String) null));
    }

    /** On the 2x2 patch tokens or one of their 8-neighbours. */
    private static boolean nearPatch(int token) {
        int y = token / TinyInspection.GRID;
        int x = token % TinyInspection.GRID;
        return y <= 2 && x >= 1;
    }

    private static int argmax(float[] v) {
        int best = 0;
        for (int i = 1; i < v.length; i++) {
            best = v[i] > v[best] ? i : best;
        }
        return best;
    }
}
