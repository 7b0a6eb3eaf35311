package org.ross.core.ross;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import ai.djl.training.optimizer.Adam;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ross.core.diffusion.DenoiserInput;
import org.ross.core.nn.Parameter;
import org.ross.core.train.LossTerms;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RossModelTest {

    private static float[] lossValues(RossModel model, RossExamples data, long rngSeed) {
        try (NDManager scope = NDManager.newBaseManager(Device.cpu())) {
            LossTerms t = model.loss(data.batch(TinyData.all(data.size()), scope), new SplittableRandom(rngSeed), scope);
            return new float[] {t.total().getFloat(), t.text().getFloat(), t.visual().getFloat()};
        }
    }

    @Test
    void initialVisualLossIsAboutOneBecauseTheDenoiserOutputsExactlyZero() {
        TinyData d = new TinyData(RossConfig.tiny(), 1);
        try (RossModel model = RossModel.create(d.config, d.tokenizer, 7, Device.cpu());
             NDManager scope = NDManager.newBaseManager(Device.cpu())) {
            RossExamples data = d.examples();
            RossBatch batch = data.batch(TinyData.all(data.size()), scope);
            RossModel.Forward f = model.forward(batch);
            NDArray zT = scope.randomNormal(new ai.djl.ndarray.types.Shape(4, 16, 16));
            float[] eps = model.visual().denoiser.forward(new DenoiserInput(zT, new int[] {0, 10, 500, 999},
                    org.ross.core.nn.LayerNorm.normalize(f.hImage(), 1e-6f))).toFloatArray();
            for (float v : eps) {
                assertEquals(0f, v);
            }
            float visual = model.loss(batch, new SplittableRandom(3), scope).visual().getFloat();
            assertTrue(visual > 0.9 && visual < 1.1, "initial L_visual " + visual);
        }
    }

    @Test
    void visualGradientReachesLmAndProjectorButNeverTheLatents() {
        TinyData d = new TinyData(RossConfig.tiny(), 2);
        try (RossModel model = RossModel.create(d.config, d.tokenizer, 7, Device.cpu())) {
            RossExamples data = d.examples();
            Adam adam = TinyData.adam(1e-2f);
            // adaLN-Zero: at init the zero final layer and modulations block the gradient into the condition
            // c = t_emb + c_embedder(SiLU(xVisual)); the first step opens final_layer.linear, the second the
            // modulations, after which L_visual trains the LM, the projector and the encoder
            assertEquals(0.0, visualGradientNorm(model, data, "lm"));
            TinyData.step(model, data, adam, new SplittableRandom(5));
            TinyData.step(model, data, adam, new SplittableRandom(6));
            assertTrue(visualGradientNorm(model, data, "lm") > 0);
            assertTrue(visualGradientNorm(model, data, "projector") > 0);
            assertTrue(visualGradientNorm(model, data, "vision") > 0);
        }
    }

    /** Backpropagates L_visual only; sums |grad| over a module; checks the latents take no gradient. */
    private static double visualGradientNorm(RossModel model, RossExamples data, String module) {
        try (NDManager scope = NDManager.newBaseManager(Device.cpu());
             GradientCollector collector = Engine.getEngine("PyTorch").newGradientCollector()) {
            RossBatch batch = data.batch(TinyData.all(data.size()), scope);
            LossTerms t = model.loss(batch, new SplittableRandom(9), scope);
            collector.backward(t.visual());
            assertFalse(batch.posteriors().hasGradient());
            assertFalse(batch.images().hasGradient());
            double sum = 0;
            for (Parameter p : model.parameters().parameters()) {
                if (model.moduleOf(p).equals(module)) {
                    NDArray g = p.array().getGradient();
                    g.attach(scope);
                    sum += g.abs().sum().getFloat();
                }
            }
            return sum;
        }
    }

    @Test
    void lambdaZeroGivesExactlyTheTextOnlyLoss() {
        TinyData ross = new TinyData(RossConfig.tiny().withLambda(0), 3);
        TinyData textOnly = new TinyData(RossConfig.tiny().withObjective(Objective.TEXT_ONLY), 3);
        try (RossModel a = RossModel.create(ross.config, ross.tokenizer, 11, Device.cpu());
             RossModel b = RossModel.create(textOnly.config, textOnly.tokenizer, 11, Device.cpu())) {
            float[] la = lossValues(a, ross.examples(), 1);
            float[] lb = lossValues(b, textOnly.examples(), 1);
            assertEquals(lb[0], la[0], 0f);
            assertEquals(lb[1], la[1], 0f);
            assertEquals(0f, lb[2]);
            assertTrue(la[2] > 0.5f);
        }
    }

    @Test
    void sameSeedSameLossesAndSaveLoadRoundTrips(@TempDir Path dir) throws Exception {
        TinyData d = new TinyData(RossConfig.tiny().withTiedHead(false), 4);
        try (RossModel a = RossModel.create(d.config, d.tokenizer, 13, Device.cpu());
             RossModel b = RossModel.create(d.config, d.tokenizer, 13, Device.cpu())) {
            float[] la = lossValues(a, d.examples(), 2);
            assertArrayEquals(la, lossValues(b, d.examples(), 2), 0f);
            assertArrayEquals(la, lossValues(a, d.examples(), 2), 0f);
            a.save(dir.resolve("model"));
            try (RossModel c = RossModel.load(dir.resolve("model"), Device.cpu());
                 NDManager scope = NDManager.newBaseManager(Device.cpu())) {
                assertEquals(d.config, c.config());
                assertEquals(d.tokenizer.vocabulary(), c.chatTemplate().tokenizer().vocabulary());
                assertArrayEquals(la, lossValues(c, d.examples(), 2), 0f);
                RossBatch batch = d.examples().batch(TinyData.all(4), scope);
                assertArrayEquals(a.forward(batch).logits().toFloatArray(), c.forward(batch).logits().toFloatArray(), 0f);
            }
        }
    }

    @Test
    void aRowsLogitsDoNotDependOnItsBatch() {
        TinyData d = new TinyData(RossConfig.tiny(), 5);
        try (RossModel model = RossModel.create(d.config, d.tokenizer, 17, Device.cpu());
             NDManager scope = NDManager.newBaseManager(Device.cpu())) {
            RossExamples data = d.examples();
            // example 0 is shorter than example 2 ("is the blue object on the left or right?"), so it is padded
            float[] alone = model.forward(data.batch(new int[] {0}, scope)).logits().toFloatArray();
            float[] padded = model.forward(data.batch(new int[] {0, 2}, scope)).logits().toFloatArray();
            assertTrue(padded.length > 2 * alone.length);
            assertArrayEquals(alone, java.util.Arrays.copyOf(padded, alone.length), 1e-5f);
        }
    }

    @Test
    void aTinyModelOverfitsAFewExamples() {
        TinyData d = new TinyData(RossConfig.tiny(), 6);
        try (RossModel model = RossModel.create(d.config, d.tokenizer, 19, Device.cpu())) {
            RossExamples data = d.examples();
            Adam adam = TinyData.adam(1e-2f);
            SplittableRandom rng = new SplittableRandom(21);
            float[] first = null;
            float[] last = null;
            int steps = 40;
            long start = System.nanoTime();
            for (int i = 0; i < steps; i++) {
                last = TinyData.step(model, data, adam, rng);
                first = first == null ? last : first;
            }
            double msPerStep = (System.nanoTime() - start) / 1e6 / steps;
            Map<String, Double> metrics;
            try (NDManager scope = NDManager.newBaseManager(Device.cpu())) {
                metrics = model.evaluate(data.batch(TinyData.all(4), scope), scope);
            }
            System.out.printf("tiny overfit: %.1f ms/step, L_text %.4f -> %.4f, L_visual %.4f -> %.4f, %s%n",
                    msPerStep, first[1], last[1], first[2], last[2], metrics);
            assertEquals(1.0, metrics.get("answer_accuracy"));
            assertTrue(last[2] < first[2], "L_visual did not decrease: " + first[2] + " -> " + last[2]);
            assertEquals(List.of(TinyData.ANSWERS), model.answer(d.images, List.of(TinyData.QUESTIONS)));
        }
    }
}
