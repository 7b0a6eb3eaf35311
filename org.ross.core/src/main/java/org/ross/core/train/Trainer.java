package org.ross.core.train;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import org.ross.core.ProgressMonitor;
import org.ross.core.model.FloatTensor;
import org.ross.core.nn.Parameter;

/**
 * Optimises a {@link TrainableModel}: epochs of shuffled micro-batches, gradient accumulation,
 * AdamW with warm-up and cosine decay, validation and early stopping after each epoch, atomic
 * checkpoints from which an interrupted run resumes bit-for-bit (DESIGN.md sections 4 and 7).
 *
 * <p>Resuming: when {@code checkpointDir} holds a checkpoint, its config fingerprint must equal
 * this call's, and training continues from it; otherwise training starts from the model's current
 * weights. A finished checkpoint just restores its weights.
 *
 * <p>Early stopping: when it triggers, the model is left with the weights of the best validation
 * (the lowest validation {@code loss_total}), which is what a user would deploy; otherwise with the
 * weights of the last step, which the log and the final validation describe.
 *
 * @param <B> the model's batch type
 */
public final class Trainer<B> {

    /** The metric of {@link TrainableModel#evaluate} logged as {@code val_accuracy}. */
    public static final String ACCURACY = "answer_accuracy";

    /**
     * Trains {@code model} in place and returns what happened. One run at a time per JVM: DJL's
     * PyTorch gradient collector is process-wide.
     *
     * @param validation    validation examples, or null to hold out {@code validationFraction} of
     *                      {@code train} (or to validate nothing when that is 0)
     * @param checkpointDir where checkpoints go and a run resumes from; null for neither
     * @throws IllegalArgumentException   on settings that do not fit the model or data, or a
     *                                    checkpoint written under other settings (naming them)
     * @throws IllegalStateException      when a loss or gradient is NaN or infinite; the last
     *                                    checkpoint is left as it was
     * @throws java.util.concurrent.CancellationException when {@code monitor} cancels, after
     *                                    checkpointing the last completed step
     * @throws IOException                when a checkpoint cannot be read or written
     */
    public TrainingResult train(TrainableModel<B> model, BatchSource<B> train, BatchSource<B> validation,
            TrainerConfig config, Path checkpointDir, ProgressMonitor monitor) throws IOException {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(train, "train");
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(monitor, "monitor");
        List<Parameter> all = new ArrayList<>(model.parameters().parameters());
        List<Parameter> trainable = trainableWeights(model, all, config);
        Data<B> data = Data.of(train, validation, config);
        int n = data.train().size();
        long microBatchesPerEpoch = (n + config.batchSize() - 1) / config.batchSize();
        long stepsPerEpoch = (microBatchesPerEpoch + config.gradientAccumulation() - 1) / config.gradientAccumulation();
        long totalSteps = stepsPerEpoch * config.epochs();
        if (config.maxSteps() > 0) {
            totalSteps = Math.min(totalSteps, config.maxSteps());
        }
        long epochsToRun = (totalSteps + stepsPerEpoch - 1) / stepsPerEpoch; // what progress shows under a step cap
        LearningRateSchedule schedule =
                LearningRateSchedule.of(totalSteps, config.warmupFraction(), config.holdFraction());
        Map<String, String> fingerprint = fingerprint(config, data, model, all);
        StepRunner<B> runner = new StepRunner<>(model, config, all, trainable);
        long startNanos = System.nanoTime();

        try (AdamW adam = new AdamW(AdamW.Hyper.of(config), all.get(0).array().getDevice())) {
            Run run = new Run(new RunState(), null, -1);
            if (Checkpoint.exists(checkpointDir)) {
                Checkpoint.Contents c = Checkpoint.read(checkpointDir);
                checkFingerprint(checkpointDir, c.fingerprint(), fingerprint);
                Checkpoint.load(all, c.weights(), "checkpoint weights in " + checkpointDir);
                adam.restore(c.optimizer(), c.optimizerSteps());
                run = new Run(c.state(), c.best(), c.state().step);
            }
            long resumedFrom = Math.max(0, run.savedStep);
            runner.zeroGradients(); // whatever an earlier, failed run left behind
            RunState s = run.state;
            try {
                while (!s.finished) {
                    boolean epochDone = s.position >= n;
                    if (epochDone || s.step >= totalSteps) {
                        endEpoch(run, runner, data, config, all, epochDone, s.step >= totalSteps, monitor);
                        if (s.step % config.checkpointEvery() == 0 && s.step > run.savedStep) {
                            save(run, checkpointDir, fingerprint, all, adam, startNanos);
                        }
                        continue;
                    }
                    monitor.checkCancelled();
                    int[] order = TrainingRandom.epochOrder(config.seed(), s.epoch, n);
                    List<int[]> batches = new ArrayList<>();
                    int position = s.position;
                    for (int k = 0; k < config.gradientAccumulation() && position < n; k++) {
                        int end = Math.min(n, position + config.batchSize());
                        batches.add(Arrays.copyOfRange(order, position, end));
                        position = end;
                    }
                    double factor = schedule.factor(s.step);
                    StepRunner.StepLosses losses = runner.step(data.train(), batches, s.step, s.epoch, factor, adam);
                    s.step++;
                    s.position = position;
                    double lr = config.learningRate() * factor;
                    s.log.add(new TrainingLog.Row(s.step, s.epoch + 1, losses.text(), losses.visual(), losses.total(),
                            lr, losses.gradientNorm(), Double.NaN, Double.NaN, s.seconds + seconds(startNanos)));
                    run.dirty = true;
                    monitor.progress((double) s.step / totalSteps, String.format(Locale.ROOT,
                            "epoch %d/%d, step %d/%d, L_text %.5f, L_visual %.5f, lr %.3g%s", s.epoch + 1,
                            epochsToRun, s.step, totalSteps, losses.text(), losses.visual(), lr,
                            losses.skipped() ? " (update skipped: non-finite gradient, " + runner.skippedUpdates()
                                    + " so far)" : ""));
                    boolean validationDue = s.position >= n || s.step >= totalSteps;
                    if (!validationDue && s.step % config.checkpointEvery() == 0) {
                        save(run, checkpointDir, fingerprint, all, adam, startNanos);
                    }
                }
            } catch (CancellationException e) {
                try {
                    save(run, checkpointDir, fingerprint, all, adam, startNanos); // the last completed step
                } catch (IOException io) {
                    e.addSuppressed(io);
                }
                throw e;
            }
            save(run, checkpointDir, fingerprint, all, adam, startNanos);
            return new TrainingResult(s.step, s.epochsCompleted, s.finalValidation, s.bestValidation,
                    s.earlyStopped, resumedFrom, s.seconds + seconds(startNanos), new TrainingLog(s.log.rows()));
        }
    }

    /** The mutable side of a session: its state, the best weights kept for early stopping, what is saved. */
    private static final class Run {
        final RunState state;
        Map<String, FloatTensor> best;
        long savedStep;
        boolean dirty;

        Run(RunState state, Map<String, FloatTensor> best, long savedStep) {
            this.state = state;
            this.best = best;
            this.savedStep = savedStep;
        }
    }

    /**
     * After the last step of an epoch (or of the run): validation, early-stopping bookkeeping and
     * the move to the next epoch. Cancelling during validation leaves the state before it, so a
     * resumed run validates again.
     */
    private void endEpoch(Run run, StepRunner<B> runner, Data<B> data, TrainerConfig config, List<Parameter> all,
            boolean epochDone, boolean budgetDone, ProgressMonitor monitor) {
        RunState s = run.state;
        if (data.validation() != null && !s.log.rows().isEmpty()) {
            Map<String, Double> v = runner.validate(data.validation(), monitor::checkCancelled);
            double loss = v.get("loss_total");
            s.finalValidation = v;
            s.log.recordValidation(loss, v.getOrDefault(ACCURACY, Double.NaN));
            if (loss < s.bestValidationLoss) {
                s.bestValidationLoss = loss;
                s.bestValidation = v;
                s.epochsWithoutImprovement = 0;
                if (config.earlyStoppingPatience() > 0) {
                    run.best = snapshot(all);
                }
            } else {
                s.epochsWithoutImprovement++;
                if (config.earlyStoppingPatience() > 0
                        && s.epochsWithoutImprovement >= config.earlyStoppingPatience()) {
                    s.earlyStopped = true;
                }
            }
        }
        if (epochDone) {
            s.epochsCompleted++;
            s.epoch++;
            s.position = 0;
        }
        if (budgetDone || s.earlyStopped || s.epoch >= config.epochs()) {
            s.finished = true;
        }
        if (s.earlyStopped && run.best != null) {
            Checkpoint.load(all, run.best, "best weights");
        }
        run.dirty = true;
    }

    private static void save(Run run, Path dir, Map<String, String> fingerprint, List<Parameter> all, AdamW adam,
            long startNanos) throws IOException {
        if (dir == null || !run.dirty) {
            return;
        }
        RunState s = run.state;
        double before = s.seconds;
        s.seconds = before + seconds(startNanos);
        try {
            Checkpoint.write(dir, new Checkpoint.Contents(fingerprint, s, snapshot(all), adam.state(), adam.steps(),
                    run.best));
        } finally {
            s.seconds = before;
        }
        run.savedStep = s.step;
        run.dirty = false;
    }

    private static Map<String, FloatTensor> snapshot(List<Parameter> all) {
        Map<String, FloatTensor> out = new LinkedHashMap<>();
        for (Parameter p : all) {
            out.put(p.name(), new FloatTensor(p.shape(), p.array().toFloatArray()));
        }
        return out;
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    private static List<Parameter> trainableWeights(TrainableModel<?> model, List<Parameter> all, TrainerConfig c) {
        List<String> modules = model.modules();
        for (String m : c.trainableModules()) {
            if (!modules.contains(m)) {
                throw new IllegalArgumentException("trainable module '" + m + "' is not a module of this model;"
                        + " it has " + modules);
            }
        }
        for (String m : c.moduleLearningRates().keySet()) {
            if (!modules.contains(m)) {
                throw new IllegalArgumentException("learning rate given for module '" + m + "', which this model"
                        + " does not have; it has " + modules);
            }
        }
        if (all.isEmpty()) {
            throw new IllegalArgumentException("the model has no weights to train");
        }
        List<Parameter> trainable = new ArrayList<>();
        for (Parameter p : all) {
            String m = model.moduleOf(p);
            if (!modules.contains(m)) {
                throw new IllegalStateException("weight '" + p.name() + "' belongs to module '" + m
                        + "', which is not among the model's modules " + modules);
            }
            if (c.isTrainable(m)) {
                trainable.add(p);
            }
        }
        if (trainable.isEmpty()) {
            throw new IllegalArgumentException("no weights are trainable: modules " + c.trainableModules()
                    + " hold none; choose among " + modules);
        }
        return trainable;
    }

    private static Map<String, String> fingerprint(TrainerConfig c, Data<?> data, TrainableModel<?> model,
            List<Parameter> all) {
        Map<String, String> f = new LinkedHashMap<>(c.fingerprint());
        f.put("trainingExamples", Integer.toString(data.train().size()));
        f.put("validation", data.describe());
        StringBuilder layout = new StringBuilder();
        for (Parameter p : all) {
            layout.append(p.name()).append(Arrays.toString(p.shape())).append('@').append(model.moduleOf(p)).append(';');
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(layout.toString().getBytes(StandardCharsets.UTF_8));
            f.put("weights", all.size() + " weights, layout " + HexFormat.of().formatHex(digest, 0, 8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
        return f;
    }

    private static void checkFingerprint(Path dir, Map<String, String> saved, Map<String, String> now) {
        List<String> differences = new ArrayList<>();
        for (String key : now.keySet()) {
            if (!Objects.equals(saved.get(key), now.get(key))) {
                differences.add(key + " (checkpoint " + saved.get(key) + ", now " + now.get(key) + ")");
            }
        }
        for (String key : saved.keySet()) {
            if (!now.containsKey(key)) {
                differences.add(key + " (checkpoint " + saved.get(key) + ", now absent)");
            }
        }
        if (!differences.isEmpty()) {
            throw new IllegalArgumentException("the checkpoint in " + dir + " was written with different settings: "
                    + String.join("; ", differences) + ". Resume with the checkpoint's settings, or choose an"
                    + " empty checkpoint directory to start a new run");
        }
    }
}
