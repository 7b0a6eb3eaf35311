package org.ross.core.tuning;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CancellationException;
import org.apache.arrow.memory.BufferAllocator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ross.core.ProgressMonitor;
import org.ross.core.image.Images;
import org.ross.core.ross.Objective;
import org.ross.core.ross.RossConfig;
import org.ross.core.ross.RossModel;
import org.ross.core.table.Allocators;
import org.ross.core.table.ColumnSpec;
import org.ross.core.table.Row;
import org.ross.core.table.TableReader;
import org.ross.core.table.TableSpec;
import org.ross.core.train.TrainerConfig;

class TuningJobTest {

    @TempDir
    Path dir;
    private BufferAllocator allocator;

    @BeforeEach
    void open() {
        allocator = Allocators.newRoot();
    }

    @AfterEach
    void closeAllocator() {
        allocator.close(); // a leaked Arrow buffer fails the test
    }

    private static TrainerConfig quick(long steps) {
        return TrainerConfig.defaults().withBatchSize(8).withLearningRate(3e-3).withEpochs(1000).withMaxSteps(steps)
                .withWarmupFraction(0).withCheckpointEvery(2).withSeed(5);
    }

    private TuningResult run(Path table, TrainerConfig trainer, String out, ProgressMonitor monitor) throws Exception {
        Path o = dir.resolve(out);
        return TuningJob.run(TuningInput.of(table, o.resolve("scratch")), Optional.empty(), RossConfig.tiny(), trainer,
                o.resolve("model"), o.resolve("log.arrow"), o.resolve("checkpoints"), Device.cpu(), allocator, monitor);
    }

    @Test
    void anEmptyTableFailsBeforeTraining() {
        Path table = QaTables.empty(dir, allocator);
        var e = assertThrows(IllegalArgumentException.class, () -> run(table, quick(2), "out", ProgressMonitor.NONE));
        assertTrue(e.getMessage().contains("no rows"), e.getMessage());
        assertFalse(Files.exists(dir.resolve("out/model")));
    }

    @Test
    void aNonFiniteLatentIsReportedWithRowAndColumn() {
        Path table = QaTables.sortOfClevr(dir, 4, 2, 3, allocator, id -> {
            float[] p = QaTables.posterior(id);
            if (id == 2) {
                p[7] = Float.NaN;
            }
            return p;
        });
        var e = assertThrows(IllegalArgumentException.class, () -> run(table, quick(2), "out", ProgressMonitor.NONE));
        assertTrue(e.getMessage().startsWith("row 8, column 'latent': non-finite value NaN"), e.getMessage());
        assertFalse(Files.exists(dir.resolve("out/model")));
    }

    @Test
    void aLatentGridThatDoesNotFoldOntoTheTokenGridIsRejectedFromTheSpec() {
        TableSpec spec = TableSpec.of(ColumnSpec.image("image"), ColumnSpec.text("question"), ColumnSpec.text("answer"),
                ColumnSpec.latent("latent", 4, 6, 6));
        var e = assertThrows(IllegalArgumentException.class,
                () -> TuningJob.checkSpec(spec, TuningInput.of(dir, dir), RossConfig.tiny()));
        assertTrue(e.getMessage().contains("column 'latent'") && e.getMessage().contains("4x4 token grid"), e.getMessage());
    }

    @Test
    void theValidationSplitHoldsOutWholeImagesAndTheLatentStatisticsAreTheSampleMoments() {
        Path table = QaTables.sortOfClevr(dir, 8, 2, 3, allocator);
        try (QaTable t = QaTable.read(TuningInput.of(table, dir.resolve("scratch")), 32, Images.ColorMode.RGB, true,
                allocator, ProgressMonitor.NONE)) {
            assertEquals(32, t.rows());
            assertEquals(8, t.images.size());
            TuningJob.Split split = TuningJob.Split.byImage(t, 0.25, 11);
            assertEquals(8, split.validation().length); // 2 of 8 images, 4 questions each
            assertEquals(24, split.train().length);
            Set<Integer> trainImages = new HashSet<>();
            for (int r : split.train()) {
                trainImages.add(t.images.distinctIndexOfRow(r));
            }
            for (int r : split.validation()) {
                assertFalse(trainImages.contains(t.images.distinctIndexOfRow(r)), "row " + r + "'s image is in both");
            }
            // means ~ N(0.5, 4), posterior variance e^-2: E[z] ~ 0.5, Var[z] ~ 4 + 0.135
            float[] shift = t.latentStats.shift();
            float[] scale = t.latentStats.scale();
            for (int c = 0; c < QaTables.CHANNELS; c++) {
                assertEquals(0.5, shift[c], 0.4);
                assertEquals(1 / Math.sqrt(4 + Math.exp(-2)), scale[c], 0.08);
            }
        }
    }

    @Test
    void latentMomentsAreExactForAConstantPosterior() {
        LatentMoments m = new LatentMoments(2, 2);
        float ln4 = (float) Math.log(4);
        m.add(new float[] {1, 1, 1, 1, 3, 3, 3, 3, ln4, ln4, ln4, ln4, 0, 0, 0, 0});
        assertArrayEquals(new float[] {1, 3}, m.stats().shift(), 1e-6f);
        assertArrayEquals(new float[] {0.5f, 1f}, m.stats().scale(), 1e-6f);
    }

    /**
     * Issue 3's proof: a tiny model overfits 32 Sort-of-CLEVR examples (8 images, 4 questions each)
     * through the real Trainer. TEXT_ONLY with 2 LM layers: ROSS_D runs of this size meet occasional
     * non-finite gradients whose occurrence depends on what ran before in the JVM (docs/architecture.md,
     * open problem), which makes their exact answers irreproducible across test orders.
     */
    @Test
    void aTinyModelOverfitsThirtyTwoExamplesToFullAnswerAccuracy() throws Exception {
        Path out = overfitThirtyTwoQuestions(1, 32);
        try (RossModel model = RossModel.load(out.resolve("model"), Device.cpu())) {
            assertEquals(1, model.provenance().path("training").path("turnsPerConversation").asInt());
            assertEquals(32, model.provenance().path("training").path("trainingConversations").asInt());
        }
    }

    @Test
    void packedConversationsTrainEveryQuestionAsIfAskedAlone() throws Exception {
        // the 8 images' 4 questions each as 8 conversations of 4 turns, all in every step
        Path out = overfitThirtyTwoQuestions(4, 8);
        try (RossModel model = RossModel.load(out.resolve("model"), Device.cpu())) {
            assertEquals(4, model.provenance().path("training").path("turnsPerConversation").asInt());
            assertEquals(8, model.provenance().path("training").path("trainingConversations").asInt());
        }
    }

    /** Trains a tiny TEXT_ONLY model on 8 images x 4 questions and checks it answers every question alone. */
    private Path overfitThirtyTwoQuestions(int turns, int batch) throws Exception {
        Path table = QaTables.sortOfClevr(dir, 8, 2, 3, allocator);
        TrainerConfig trainer = TrainerConfig.defaults().withBatchSize(batch).withLearningRate(5e-3).withEpochs(300)
                .withWarmupFraction(0.05).withCheckpointEvery(1000).withSeed(7);
        RossConfig tiny = RossConfig.tiny().withObjective(Objective.TEXT_ONLY)
                .withLm(RossConfig.tiny().lm().withLayers(2)).withMaxSequenceLength(96); // 16 image tokens + 4 turns
        Path out = dir.resolve("out");
        TuningResult r = TuningJob.run(TuningInput.of(table, out.resolve("scratch")).withTurns(turns), Optional.empty(),
                tiny, trainer, out.resolve("model"), out.resolve("log.arrow"), out.resolve("checkpoints"), Device.cpu(),
                allocator, ProgressMonitor.NONE);
        assertEquals(300, r.training().steps());
        assertTrue(Files.isRegularFile(r.lossCurve()));
        List<float[]> images = new ArrayList<>();
        List<String> questions = new ArrayList<>();
        List<String> answers = new ArrayList<>();
        try (TableReader reader = TableReader.open(table, allocator)) {
            for (var it = reader.rows(); it.hasNext(); ) {
                Row row = it.next();
                images.add(Images.toChw(Images.decode(row.bytes(0)), 32, Images.ColorMode.RGB));
                questions.add(row.text(1));
                answers.add(row.text(2));
            }
        }
        try (RossModel model = RossModel.load(out.resolve("model"), Device.cpu())) {
            assertEquals(answers, model.answer(images.toArray(float[][]::new), questions));
            assertEquals(32, model.provenance().path("training").path("rows").asInt());
            assertEquals("TEXT_ONLY", model.provenance().path("training").path("objective").asText());
        }
        try (TableReader log = TableReader.open(out.resolve("log.arrow"), allocator)) {
            assertEquals(300, log.rowCount());
        }
        assertFalse(Files.exists(out.resolve("checkpoints")), "a finished run removes its checkpoint");
        return out;
    }

    @Test
    void aTurnLimitOutsideItsRangeIsRejectedWithTheSettingName() {
        var e = assertThrows(IllegalArgumentException.class, () -> TuningInput.of(dir, dir).withTurns(0));
        assertEquals("turnsPerConversation is 0; choose 1 (one question per example) to 64", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> TuningInput.of(dir, dir).withTurns(65));
    }

    @Test
    void aBaseModelIsContinuedWithItsVocabularyAndUnknownWordsAreCounted() throws Exception {
        Path first = QaTables.sortOfClevr(dir.resolve("a"), 4, 2, 3, allocator);
        run(first, quick(2), "base", ProgressMonitor.NONE);
        Path other = QaTables.sortOfClevr(dir.resolve("b"), 4, 2, 4, allocator, QaTables::posterior,
                q -> q.replace("?", " please?")); // other scenes; "please" is not in the base vocabulary
        Path o = dir.resolve("continued");
        TuningResult r = TuningJob.run(TuningInput.of(other, o.resolve("scratch")), Optional.of(dir.resolve("base/model")),
                RossConfig.small(), quick(2), o.resolve("model"), o.resolve("log.arrow"), o.resolve("checkpoints"),
                Device.cpu(), allocator, ProgressMonitor.NONE);
        assertEquals(RossConfig.tiny().imageSize(), r.config().imageSize(), "the base model's architecture is kept");
        try (RossModel base = RossModel.load(dir.resolve("base/model"), Device.cpu());
             RossModel continued = RossModel.load(o.resolve("model"), Device.cpu())) {
            assertEquals(base.chatTemplate().tokenizer().vocabulary(), continued.chatTemplate().tokenizer().vocabulary());
            assertEquals(base.config().latentStats(), continued.config().latentStats());
            assertEquals(2, continued.provenance().path("training").path("baseModel").path("steps").asInt());
        }
        // one "please" per question (16), plus any answer of the new scenes the base never saw
        assertTrue(r.unknownWords() >= 16, "unknown words: " + r.unknownWords());
    }

    @Test
    void theSameSeedGivesIdenticalWeights() throws Exception {
        Path table = QaTables.sortOfClevr(dir, 4, 2, 3, allocator);
        run(table, quick(4).withValidationFraction(0.25), "a", ProgressMonitor.NONE);
        run(table, quick(4).withValidationFraction(0.25), "b", ProgressMonitor.NONE);
        assertArrayEquals(Files.readAllBytes(dir.resolve("a/model/model.safetensors")),
                Files.readAllBytes(dir.resolve("b/model/model.safetensors")));
    }

    @Test
    void aCancelledRunResumesToTheWeightsOfAnUninterruptedOne() throws Exception {
        Path table = QaTables.sortOfClevr(dir, 4, 2, 3, allocator);
        TrainerConfig trainer = quick(6).withValidationFraction(0.25);
        run(table, trainer, "whole", ProgressMonitor.NONE);
        ProgressMonitor cancelAfterStep3 = new ProgressMonitor() {
            boolean stop;

            @Override
            public void progress(double fraction, String message) {
                stop |= message.contains("step 3/");
            }

            @Override
            public void checkCancelled() {
                if (stop) {
                    throw new CancellationException("cancelled by the test");
                }
            }
        };
        assertThrows(CancellationException.class, () -> run(table, trainer, "parts", cancelAfterStep3));
        assertTrue(Files.isDirectory(dir.resolve("parts/checkpoints")), "the cancelled run keeps its checkpoint");
        assertFalse(Files.exists(dir.resolve("parts/model")));
        TuningResult resumed = run(table, trainer, "parts", ProgressMonitor.NONE);
        assertEquals(3, resumed.training().resumedFromStep());
        assertArrayEquals(Files.readAllBytes(dir.resolve("whole/model/model.safetensors")),
                Files.readAllBytes(dir.resolve("parts/model/model.safetensors")));
        assertEquals(6, resumed.training().log().rows().size());
    }
}
