package org.ross.core.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CancellationException;
import java.util.function.IntPredicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ross.core.ProgressMonitor;
import org.ross.core.RecordingMonitor;
import org.ross.core.model.FloatTensor;
import org.ross.core.model.Safetensors;
import org.ross.core.train.LinearToyModel.ToyData;

class TrainerTest {

    static final int DIM = 3;

    @TempDir
    Path dir;

    final Trainer<LinearToyModel.Batch> trainer = new Trainer<>();

    static TrainerConfig base() {
        return TrainerConfig.defaults().withBatchSize(4).withLearningRate(0.05).withWarmupFraction(0)
                .withClipNorm(0).withEpochs(2);
    }

    @Test
    void oneStepMovesEachModuleByItsOwnLearningRate() throws Exception {
        // t = 1 and no decay: every element moves by lr * g / (|g| + eps), i.e. by lr
        try (LinearToyModel model = new LinearToyModel(DIM, 0, 1)) {
            float[] w0 = model.weight.array().toFloatArray();
            float b0 = model.bias.array().getFloat();
            TrainerConfig c = base().withEpochs(1).withLearningRate(0.01).withModuleLearningRates(Map.of("bias", 0.1));
            trainer.train(model, new ToyData(4, DIM, 5, 1), null, c, null, ProgressMonitor.NONE);
            float[] w1 = model.weight.array().toFloatArray();
            for (int i = 0; i < DIM; i++) {
                assertEquals(0.01, Math.abs(w1[i] - w0[i]), 1e-5, "weight " + i);
            }
            assertEquals(0.1, Math.abs(model.bias.array().getFloat() - b0), 1e-5);
        }
    }

    @Test
    void frozenModuleIsUntouchedAndGetsNoOptimizerState() throws Exception {
        try (LinearToyModel model = new LinearToyModel(DIM, 0.3f, 1)) {
            FloatTensor bias0 = model.weights().get("bias");
            FloatTensor weight0 = model.weights().get("weight");
            TrainerConfig c = base().withTrainableModules(Set.of("weight")).withModuleLearningRates(Map.of("bias", 5.0));
            Path ckpt = dir.resolve("ckpt");
            trainer.train(model, new ToyData(16, DIM, 5, 1), null, c, ckpt, ProgressMonitor.NONE);
            assertEquals(bias0, model.weights().get("bias")); // bit for bit
            assertNotEquals(weight0, model.weights().get("weight"));
            Safetensors.Contents opt = Safetensors.read(ckpt.resolve(Checkpoint.OPTIMIZER));
            assertEquals(Set.of("exp_avg/weight", "exp_avg_sq/weight"), opt.tensors().keySet());
            assertEquals("8", opt.metadata().get("step"));
        }
    }

    @Test
    void unknownModulesAreNamed() {
        try (LinearToyModel model = new LinearToyModel(DIM, 0, 1)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> trainer.train(model,
                    new ToyData(8, DIM, 5, 1), null, base().withTrainableModules(Set.of("lm")), null, ProgressMonitor.NONE));
            assertTrue(e.getMessage().contains("'lm'") && e.getMessage().contains("[weight, bias]"), e.getMessage());
        }
    }

    @Test
    void accumulatingKMicroBatchesEqualsOneBatchOfAllTheirExamples() throws Exception {
        ToyData data = new ToyData(24, DIM, 5, 1);
        try (LinearToyModel a = new LinearToyModel(DIM, 0, 1); LinearToyModel b = new LinearToyModel(DIM, 0, 1)) {
            TrainerConfig one = base().withBatchSize(12).withClipNorm(1.0);
            TrainingResult ra = trainer.train(a, data, null, one, null, ProgressMonitor.NONE);
            TrainingResult rb = trainer.train(b, data, null, one.withBatchSize(4).withGradientAccumulation(3), null,
                    ProgressMonitor.NONE);
            assertEquals(4, ra.steps());
            assertEquals(4, rb.steps());
            for (String name : a.weights().keySet()) {
                assertArrayEquals(a.weights().get(name).data(), b.weights().get(name).data(), 1e-5f, name);
            }
            for (int i = 0; i < 4; i++) {
                assertEquals(ra.log().rows().get(i).lossText(), rb.log().rows().get(i).lossText(), 1e-5);
            }
        }
    }

    @Test
    void sameSeedGivesIdenticalWeightsAndTheLossFalls() throws Exception {
        ToyData data = new ToyData(32, DIM, 5, 1);
        TrainerConfig c = base().withEpochs(5).withSeed(3);
        try (LinearToyModel a = new LinearToyModel(DIM, 0.3f, 1); LinearToyModel b = new LinearToyModel(DIM, 0.3f, 1);
             LinearToyModel other = new LinearToyModel(DIM, 0.3f, 1)) {
            double before = a.meanSquaredError(data);
            TrainingResult r = trainer.train(a, data, null, c, null, ProgressMonitor.NONE);
            trainer.train(b, data, null, c, null, ProgressMonitor.NONE);
            trainer.train(other, data, null, c.withSeed(4), null, ProgressMonitor.NONE);
            assertEquals(a.weights(), b.weights());
            assertNotEquals(a.weights(), other.weights());
            double after = a.meanSquaredError(data);
            assertTrue(after < before / 3, "L_text over all examples " + before + " -> " + after);
            assertEquals(0.0, r.log().rows().get(r.log().rows().size() - 1).lr(), 0.05 * 0.01);
        }
    }

    @Test
    void resumedRunEndsBitForBitWhereAnUninterruptedRunEnds() throws Exception {
        ToyData data = new ToyData(25, DIM, 5, 1); // 5 held out, 20 train: 3 steps per epoch
        TrainerConfig c = base().withEpochs(4).withGradientAccumulation(2).withMaxSteps(10).withValidationFraction(0.2)
                .withCheckpointEvery(3).withSeed(11).withWarmupFraction(0.1).withClipNorm(1.0);
        Map<String, FloatTensor> straight;
        TrainingResult uninterrupted;
        try (LinearToyModel model = new LinearToyModel(DIM, 0.3f, 1)) {
            uninterrupted = trainer.train(model, data, null, c, dir.resolve("a"), ProgressMonitor.NONE);
            straight = model.weights();
        }
        assertEquals(10, uninterrupted.steps());

        Path ckpt = dir.resolve("b");
        try (LinearToyModel model = new LinearToyModel(DIM, 0.3f, 1)) {
            assertThrows(CancellationException.class,
                    () -> trainer.train(model, data, null, c, ckpt, cancelWhen(steps -> steps == 4)));
        }
        Checkpoint.Contents saved = Checkpoint.read(ckpt);
        assertEquals(4, saved.state().step);
        assertEquals(1, saved.state().epoch); // 0-based: the second epoch
        assertEquals(8, saved.state().position); // two micro-batches of four into it
        assertEquals(4, saved.state().log.rows().size());
        assertTrue(saved.state().log.rows().get(2).hasValidation());
        assertEquals(4, saved.optimizerSteps());

        try (LinearToyModel model = new LinearToyModel(DIM, 0.3f, 1)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> trainer.train(model, data,
                    null, c.withLearningRate(0.02).withSeed(12), ckpt, ProgressMonitor.NONE));
            assertTrue(e.getMessage().contains("learningRate (checkpoint 0.05, now 0.02)"), e.getMessage());
            assertTrue(e.getMessage().contains("seed"), e.getMessage());
        }
        assertEquals(4, Checkpoint.read(ckpt).state().step); // a refused resume changes nothing

        try (LinearToyModel model = new LinearToyModel(DIM, 0.3f, 99)) { // other initial weights: all come from the checkpoint
            TrainingResult resumed = trainer.train(model, data, null, c, ckpt, ProgressMonitor.NONE);
            assertEquals(4, resumed.resumedFromStep());
            assertEquals(10, resumed.steps());
            assertEquals(straight, model.weights()); // bit for bit
            for (int i = 0; i < 10; i++) {
                TrainingLog.Row x = uninterrupted.log().rows().get(i);
                TrainingLog.Row y = resumed.log().rows().get(i);
                assertEquals(x.withValidation(0, 0).lossTotal(), y.lossTotal(), 0.0, "row " + i);
                assertEquals(x.valLoss(), y.valLoss(), 0.0, "row " + i);
                assertEquals(x.lr(), y.lr(), 0.0, "row " + i);
                assertEquals(x.gradNorm(), y.gradNorm(), 0.0, "row " + i);
            }
            assertEquals(uninterrupted.finalValidation(), resumed.finalValidation());
        }
        assertEquals(straight, Checkpoint.read(ckpt).weights());
        assertTrue(Checkpoint.read(ckpt).state().finished);
    }

    @Test
    void aHeldScheduleKeepsThePeakRateAndAResumeUnderAnotherHoldIsRefused() throws Exception {
        ToyData data = new ToyData(40, DIM, 5, 1); // 10 steps per epoch
        TrainerConfig c = base().withEpochs(1).withWarmupFraction(0.1).withHoldFraction(0.5).withCheckpointEvery(2);
        Path ckpt = dir.resolve("held");
        try (LinearToyModel model = new LinearToyModel(DIM, 0.3f, 1)) {
            TrainingResult r = trainer.train(model, data, null, c, null, ProgressMonitor.NONE);
            List<TrainingLog.Row> rows = r.log().rows();
            assertEquals(10, rows.size());
            for (int i = 0; i <= 6; i++) { // warm-up of one step, five held, then the top of the cosine
                assertEquals(0.05, rows.get(i).lr(), 0.0, "step " + i);
            }
            LearningRateSchedule s = new LearningRateSchedule(10, 1, 5);
            for (int i = 7; i < 10; i++) {
                assertEquals(0.05 * s.factor(i), rows.get(i).lr(), 1e-15, "step " + i);
                assertTrue(rows.get(i).lr() < rows.get(i - 1).lr(), "decays at " + i);
            }
        }
        try (LinearToyModel model = new LinearToyModel(DIM, 0.3f, 1)) {
            assertThrows(CancellationException.class,
                    () -> trainer.train(model, data, null, c, ckpt, cancelWhen(steps -> steps == 4)));
        }
        try (LinearToyModel model = new LinearToyModel(DIM, 0.3f, 1)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> trainer.train(model, data,
                    null, c.withHoldFraction(0), ckpt, ProgressMonitor.NONE));
            assertTrue(e.getMessage().contains("holdFraction (checkpoint 0.5, now absent)"), e.getMessage());
        }
    }

    @Test
    void aNonFiniteGradientUnderAFiniteLossSkipsThatUpdateOnly() throws Exception {
        TrainerConfig c = base().withEpochs(3).withCheckpointEvery(100);
        ToyData data = new ToyData(16, DIM, 5, 1);
        float[] clean;
        try (LinearToyModel model = new LinearToyModel(DIM, 0.3f, 1)) {
            TrainingResult r = trainer.train(model, data, null, c, null, ProgressMonitor.NONE);
            assertEquals(12, r.steps());
            clean = model.weight.array().toFloatArray();
        }
        try (LinearToyModel model = new LinearToyModel(DIM, 0.3f, 1)) {
            model.poison = LinearToyModel.Poison.GRADIENT;
            model.poisonFromCall = 6; // one step's gradient is infinite, its loss is not
            model.poisonUntilCall = 6;
            TrainingResult r = trainer.train(model, data, null, c, null, ProgressMonitor.NONE);
            assertEquals(12, r.steps(), "the run goes on past the skipped update");
            for (TrainingLog.Row row : r.log().rows()) {
                assertEquals(row.step() == 6, row.skipped(), "step " + row.step() + " grad_norm " + row.gradNorm());
                assertTrue(row.skipped() || row.gradNorm() > 0, "step " + row.step());
            }
            float[] w = model.weight.array().toFloatArray();
            for (float v : w) {
                assertTrue(Float.isFinite(v));
            }
            assertFalse(java.util.Arrays.equals(clean, w), "one update fewer gives other weights");
        }
    }

    @Test
    void threeNonFiniteGradientsInARowStopTheRun() throws Exception {
        TrainerConfig c = base().withEpochs(3).withCheckpointEvery(2);
        ToyData data = new ToyData(16, DIM, 5, 1);
        Path ckpt = dir.resolve("nan-gradient");
        try (LinearToyModel model = new LinearToyModel(DIM, 0.3f, 1)) {
            model.poison = LinearToyModel.Poison.GRADIENT;
            model.poisonFromCall = 6;
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> trainer.train(model, data, null, c, ckpt, ProgressMonitor.NONE));
            assertTrue(e.getMessage().startsWith("training diverged at step 8 (epoch 2): non-finite gradient "
                    + "(global norm NaN) in 3 consecutive steps from step 6"), e.getMessage());
        }
        // the checkpoint written after the skipped step 6 holds the step-5 weights, which resume
        assertEquals(6, Checkpoint.read(ckpt).state().step);
        try (LinearToyModel model = new LinearToyModel(DIM, 0.3f, 1)) {
            TrainingResult r = trainer.train(model, data, null, c, ckpt, ProgressMonitor.NONE);
            assertEquals(6, r.resumedFromStep());
            assertEquals(12, r.steps());
            assertTrue(r.log().rows().get(5).skipped(), "the checkpoint keeps the skipped step's non-finite norm");
            assertFalse(r.log().rows().get(4).skipped());
        }
    }

    @Test
    void nanLossStopsTheRunAndKeepsTheLastGoodCheckpoint() throws Exception {
        for (LinearToyModel.Poison poison : new LinearToyModel.Poison[] {LinearToyModel.Poison.LOSS}) {
            Path ckpt = dir.resolve("nan-" + poison);
            TrainerConfig c = base().withEpochs(3).withCheckpointEvery(2);
            ToyData data = new ToyData(16, DIM, 5, 1);
            Map<String, byte[]> beforeStep6 = new TreeMap<>();
            try (LinearToyModel model = new LinearToyModel(DIM, 0.3f, 1)) {
                model.poison = poison;
                model.poisonFromCall = 6;
                ProgressMonitor snapshotBeforeStep6 = new CountingMonitor(steps -> {
                    if (steps == 5) {
                        beforeStep6.putAll(files(ckpt));
                    }
                    return false;
                });
                IllegalStateException e = assertThrows(IllegalStateException.class,
                        () -> trainer.train(model, data, null, c, ckpt, snapshotBeforeStep6));
                assertTrue(e.getMessage().contains("step 6 (epoch 2)"), e.getMessage());
                assertTrue(e.getMessage().contains(poison == LinearToyModel.Poison.LOSS ? "L_total = NaN" : "gradient"),
                        e.getMessage());
            }
            assertEquals(4, Checkpoint.read(ckpt).state().step);
            Map<String, byte[]> after = files(ckpt);
            assertEquals(beforeStep6.keySet(), after.keySet());
            for (String f : after.keySet()) {
                assertArrayEquals(beforeStep6.get(f), after.get(f), f);
            }
            try (LinearToyModel model = new LinearToyModel(DIM, 0.3f, 1)) { // the kept checkpoint resumes
                TrainingResult r = trainer.train(model, data, null, c, ckpt, ProgressMonitor.NONE);
                assertEquals(4, r.resumedFromStep());
                assertEquals(12, r.steps());
            }
        }
    }

    @Test
    void earlyStoppingTriggersWithPatienceAndLeavesTheBestWeights() throws Exception {
        ToyData train = new ToyData(16, DIM, 5, 1);
        ToyData validation = new ToyData(8, DIM, 6, -1); // the opposite target: fitting train hurts validation
        TrainerConfig c = base().withEpochs(10).withEarlyStoppingPatience(2).withLearningRate(0.1);
        try (LinearToyModel model = new LinearToyModel(DIM, 0, 1)) {
            TrainingResult r = trainer.train(model, train, validation, c, dir.resolve("es"), ProgressMonitor.NONE);
            assertTrue(r.earlyStopped());
            assertEquals(3, r.epochsCompleted());
            assertEquals(12, r.steps());
            double best = r.bestValidation().get("loss_text");
            assertTrue(best < r.finalValidation().get("loss_text"));
            assertEquals(best, model.meanSquaredError(validation), 1e-4 * best);
            assertEquals(model.weights(), Checkpoint.read(dir.resolve("es")).weights());
            long validated = r.log().rows().stream().filter(TrainingLog.Row::hasValidation).count();
            assertEquals(3, validated);
            assertFalse(Double.isNaN(r.log().rows().get(3).valAccuracy()));
            assertTrue(r.bestValidation().containsKey(Trainer.ACCURACY));
        }
    }

    @Test
    void validationNeedsDataWhenEarlyStoppingIsOn() {
        try (LinearToyModel model = new LinearToyModel(DIM, 0, 1)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> trainer.train(model,
                    new ToyData(8, DIM, 5, 1), null, base().withEarlyStoppingPatience(1), null, ProgressMonitor.NONE));
            assertTrue(e.getMessage().contains("validationFraction"), e.getMessage());
        }
    }

    @Test
    void progressCountsTheEpochsAStepCapLetsRunNotTheConfiguredOnes() throws Exception {
        RecordingMonitor recording = new RecordingMonitor();
        try (LinearToyModel model = new LinearToyModel(DIM, 0, 1)) { // 16 rows of 4: 4 steps per epoch
            trainer.train(model, new ToyData(16, DIM, 5, 1), null, base().withEpochs(1000).withMaxSteps(6), null,
                    recording);
        }
        List<String> messages = recording.messages();
        assertEquals(6, messages.size(), messages.toString());
        assertTrue(messages.get(0).startsWith("epoch 1/2, step 1/6, "), messages.get(0));
        assertTrue(messages.get(5).startsWith("epoch 2/2, step 6/6, "), messages.get(5));
    }

    /** Cancels at the first check after {@code steps} progress reports satisfy the predicate. */
    static ProgressMonitor cancelWhen(IntPredicate atSteps) {
        return new CountingMonitor(atSteps);
    }

    static final class CountingMonitor implements ProgressMonitor {
        private final IntPredicate cancel;
        private int steps;

        CountingMonitor(IntPredicate cancel) {
            this.cancel = cancel;
        }

        @Override
        public void progress(double fraction, String message) {
            steps++;
        }

        @Override
        public void checkCancelled() {
            if (cancel.test(steps)) {
                throw new CancellationException("cancelled after step " + steps);
            }
        }
    }

    private static Map<String, byte[]> files(Path dir) {
        Map<String, byte[]> out = new TreeMap<>();
        try (var paths = Files.list(dir)) {
            for (Path p : paths.toList()) {
                out.put(p.getFileName().toString(), Files.readAllBytes(p));
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return out;
    }
}
