package org.ross.core.infer;

import ai.djl.Device;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ross.core.model.FloatTensor;
import org.ross.core.model.ModelDirectory;
import org.ross.core.ross.Objective;
import org.ross.core.ross.RossModel;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class VqaPredictorTest {

    /** Trained once for the class (training is the slow part); closed after the last test. */
    private static final TinyVqa OVERFIT_DATA = new TinyVqa(Objective.TEXT_ONLY, 4);
    private static RossModel overfit;

    @BeforeAll
    static void train() {
        overfit = OVERFIT_DATA.overfit(11);
    }

    @AfterAll
    static void release() {
        overfit.close();
    }

    private static void assertSameAnswers(List<Answer> expected, List<Answer> actual, double logProbTolerance) {
        assertEquals(expected.size(), actual.size());
        for (int i = 0; i < expected.size(); i++) {
            assertArrayEquals(expected.get(i).tokens(), actual.get(i).tokens(), "row " + i);
            assertEquals(expected.get(i).text(), actual.get(i).text(), "row " + i);
            assertEquals(expected.get(i).logProb(), actual.get(i).logProb(), logProbTolerance, "row " + i);
        }
    }

    @Test
    void kvCachedDecodingGivesTheTokensOfFullRecomputation() {
        TinyVqa d = new TinyVqa(Objective.TEXT_ONLY, 1);
        try (RossModel model = d.random(3)) {
            // prompts of 7, 10, 11 and 3 words; 12 forced steps so that every row decodes well past its prompt
            DecodingConfig forced = DecodingConfig.greedy(12).withStopAtEnd(false);
            List<Answer> cached = VqaPredictor.answer(model, d.images, d.questions(), forced);
            List<Answer> recomputed = VqaPredictor.answer(model, d.images, d.questions(), forced.withKvCache(false));
            assertSameAnswers(recomputed, cached, 1e-4);
            assertTrue(cached.stream().allMatch(a -> a.logProb() < 0));
            DecodingConfig beam = DecodingConfig.beam(3, 6);
            assertSameAnswers(VqaPredictor.answer(model, d.images, d.questions(), beam.withKvCache(false)),
                    VqaPredictor.answer(model, d.images, d.questions(), beam), 1e-4);
        }
    }

    @Test
    void beamWidthOneIsGreedy() {
        TinyVqa d = OVERFIT_DATA;
        try (RossModel random = d.random(5)) {
            for (RossModel model : List.of(random, overfit)) {
                List<Answer> greedy = VqaPredictor.answer(model, d.images, d.questions(), DecodingConfig.greedy(8));
                assertSameAnswers(greedy, VqaPredictor.answer(model, d.images, d.questions(), DecodingConfig.beam(1, 8)), 0);
            }
        }
    }

    @Test
    void aRowsAnswerDoesNotDependOnItsBatch() {
        TinyVqa d = new TinyVqa(Objective.TEXT_ONLY, 3);
        try (RossModel model = d.random(7)) {
            for (DecodingConfig c : List.of(DecodingConfig.greedy(10).withStopAtEnd(false), DecodingConfig.beam(2, 6))) {
                List<Answer> batch = VqaPredictor.answer(model, d.images, d.questions(), c);
                for (int i = 0; i < d.images.length; i++) {
                    List<Answer> alone = VqaPredictor.answer(model, new float[][] {d.images[i]},
                            List.of(d.questions().get(i)), c);
                    assertSameAnswers(alone, List.of(batch.get(i)), 1e-5);
                }
                // reversed order: the shortest prompt now leads the batch
                float[][] reversed = {d.images[3], d.images[2], d.images[1], d.images[0]};
                List<String> q = List.of(d.questions().get(3), d.questions().get(2), d.questions().get(1),
                        d.questions().get(0));
                List<Answer> back = VqaPredictor.answer(model, reversed, q, c);
                assertSameAnswers(List.of(batch.get(3), batch.get(2), batch.get(1), batch.get(0)), back, 1e-5);
            }
        }
    }

    @Test
    void closedSetScoringRanksTheTrainedAnswerFirst() {
        TinyVqa d = OVERFIT_DATA;
        RossModel model = overfit;
        {
            List<List<String>> candidates = List.of(TinyVqa.CANDIDATES, TinyVqa.CANDIDATES, TinyVqa.CANDIDATES,
                    TinyVqa.CANDIDATES);
            List<Answer> chosen = VqaPredictor.choose(model, d.images, d.questions(), candidates);
            List<Answer> generated = VqaPredictor.answer(model, d.images, d.questions(), DecodingConfig.greedy(4));
            for (int i = 0; i < chosen.size(); i++) {
                assertEquals(TinyVqa.ANSWERS[i], chosen.get(i).text(), "row " + i);
                assertEquals(TinyVqa.ANSWERS[i], generated.get(i).text(), "row " + i);
                // the same quantity both ways: log p(answer, <end> | image, question)
                assertEquals(generated.get(i).logProb(), chosen.get(i).logProb(), 1e-4, "row " + i);
                assertTrue(chosen.get(i).logProb() > Math.log(0.5), "row " + i + ": " + chosen.get(i).logProb());
            }
        }
    }

    @Test
    void inferenceNeverTouchesTheDenoiser(@TempDir Path dir) throws Exception {
        TinyVqa d = new TinyVqa(Objective.ROSS_D, 5);
        try (RossModel model = d.random(13)) {
            model.save(dir.resolve("model"));
            ModelDirectory.Contents saved = ModelDirectory.read(dir.resolve("model"), RossModel.KIND);
            Map<String, FloatTensor> poisoned = new HashMap<>(saved.weights());
            int denoiserTensors = 0;
            for (Map.Entry<String, FloatTensor> e : saved.weights().entrySet()) {
                if (e.getKey().startsWith("denoiser.")) {
                    float[] nan = new float[e.getValue().data().length];
                    Arrays.fill(nan, Float.NaN);
                    poisoned.put(e.getKey(), new FloatTensor(e.getValue().shape(), nan));
                    denoiserTensors++;
                }
            }
            assertTrue(denoiserTensors > 10);
            ModelDirectory.write(dir.resolve("poisoned"), saved.manifest(), poisoned);
            try (RossModel nanDenoiser = RossModel.load(dir.resolve("poisoned"), Device.cpu())) {
                DecodingConfig c = DecodingConfig.beam(2, 5);
                assertSameAnswers(VqaPredictor.answer(model, d.images, d.questions(), c),
                        VqaPredictor.answer(nanDenoiser, d.images, d.questions(), c), 0);
                List<List<String>> candidates = List.of(TinyVqa.CANDIDATES, TinyVqa.CANDIDATES, TinyVqa.CANDIDATES,
                        TinyVqa.CANDIDATES);
                assertSameAnswers(VqaPredictor.choose(model, d.images, d.questions(), candidates),
                        VqaPredictor.choose(nanDenoiser, d.images, d.questions(), candidates), 0);
            }
        }
    }

    @Test
    void badInputIsNamed() {
        TinyVqa d = new TinyVqa(Objective.TEXT_ONLY, 6);
        try (RossModel model = d.random(17)) {
            IllegalArgumentException empty = assertThrows(IllegalArgumentException.class, () -> VqaPredictor.answer(
                    model, new float[][] {d.images[0], d.images[1]}, List.of("red?", "  "), DecodingConfig.greedy(4)));
            assertTrue(empty.getMessage().startsWith("question 1 is empty"), empty.getMessage());
            IllegalArgumentException size = assertThrows(IllegalArgumentException.class, () -> VqaPredictor.answer(
                    model, new float[][] {new float[5]}, List.of("red?"), DecodingConfig.greedy(4)));
            assertTrue(size.getMessage().contains("image 0 has 5 values"), size.getMessage());
            List<Answer> unknown = VqaPredictor.answer(model, new float[][] {d.images[0]},
                    List.of("what colour is the purple object?"), DecodingConfig.greedy(3));
            assertEquals(2, unknown.get(0).unknownWords()); // "colour" and "purple" become <unk>
        }
    }
}
