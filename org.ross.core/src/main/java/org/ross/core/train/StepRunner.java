package org.ross.core.train;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.stream.IntStream;
import org.ross.core.nn.Parameter;
import org.ross.core.nn.Tensors;

/**
 * The native-memory discipline of one run: every micro-batch, every update and every validation
 * batch runs in its own manager, closed before the next one starts. All weights are borrowed into
 * that manager for its lifetime ({@link NDManager#tempAttachAll}), so results of operations whose
 * first operand is a weight, and gradient handles, are freed with it instead of accumulating in
 * the model's manager.
 */
final class StepRunner<B> {

    /** What one optimizer step saw: example-weighted mean losses and the gradient norm before clipping. */
    /** A step whose {@code gradientNorm} is not finite made no update (see {@link #skippedUpdates()}). */
    record StepLosses(double text, double visual, double total, double gradientNorm) {
        boolean skipped() {
            return !Double.isFinite(gradientNorm);
        }
    }

    /** Non-finite-gradient steps in a row that stop the run; fewer are skipped without an update. */
    static final int MAX_CONSECUTIVE_NON_FINITE = 3;

    private int consecutiveNonFinite;
    private long skippedUpdates;

    /** Updates skipped so far because the gradient was not finite while the loss was. */
    long skippedUpdates() {
        return skippedUpdates;
    }

    private final TrainableModel<B> model;
    private final TrainerConfig config;
    private final Device device;
    private final NDArray[] weights;
    private final List<Parameter> trainable;
    private final double[] peakRates;

    StepRunner(TrainableModel<B> model, TrainerConfig config, List<Parameter> all, List<Parameter> trainable) {
        this.model = model;
        this.config = config;
        this.trainable = trainable;
        this.weights = all.stream().map(Parameter::array).toArray(NDArray[]::new);
        this.device = weights[0].getDevice();
        this.peakRates = trainable.stream().mapToDouble(p -> config.learningRateOf(model.moduleOf(p))).toArray();
    }

    /**
     * One optimizer step over the micro-batches {@code batches}: forward and backward of each,
     * gradients summed (each loss weighted by its example count, so that k micro-batches of a
     * mean loss give the gradient of one batch of all their examples), divided by the example
     * count, checked, clipped and applied by AdamW to the trainable weights only.
     *
     * @throws IllegalStateException on a NaN or infinite loss or gradient, before any weight changes
     */
    StepLosses step(BatchSource<B> data, List<int[]> batches, long step, int epoch, double lrFactor, AdamW adam) {
        SplittableRandom stepRng = TrainingRandom.forStep(config.seed(), step);
        double text = 0;
        double visual = 0;
        double total = 0;
        long examples = 0;
        for (int[] indices : batches) {
            SplittableRandom rng = stepRng.split(); // one stream per micro-batch, in order
            try (NDManager scope = NDManager.newBaseManager(device)) {
                scope.tempAttachAll(weights);
                try (GradientCollector collector = scope.getEngine().newGradientCollector()) {
                    LossTerms terms = model.loss(data.batch(indices, scope), rng, scope);
                    int n = terms.examples();
                    if (n < 1) {
                        throw new IllegalArgumentException("the model reported " + n + " examples for a batch of "
                                + indices.length + "; LossTerms.examples must be at least 1");
                    }
                    float t = terms.total().getFloat();
                    float lt = terms.text().getFloat();
                    float lv = terms.visual().getFloat();
                    if (!Float.isFinite(t) || !Float.isFinite(lt) || !Float.isFinite(lv)) {
                        throw diverged(step, epoch, "loss", t, lt, lv);
                    }
                    collector.backward(Tensors.times(terms.total(), n)); // sum over the examples, divided below
                    text += (double) lt * n;
                    visual += (double) lv * n;
                    total += (double) t * n;
                    examples += n;
                }
            }
        }
        text /= examples;
        visual /= examples;
        total /= examples;
        double norm;
        try (NDManager scope = NDManager.newBaseManager(device)) {
            scope.tempAttachAll(weights);
            List<NDArray> gradients = new ArrayList<>(trainable.size());
            for (Parameter p : trainable) {
                gradients.add(p.array().getGradient().divi(examples)); // a new handle, in scope
            }
            norm = GradientClipping.clip(gradients, config.clipNorm());
            if (Double.isFinite(norm)) {
                consecutiveNonFinite = 0;
                List<AdamW.Update> updates = new ArrayList<>(trainable.size());
                for (int i = 0; i < trainable.size(); i++) {
                    Parameter p = trainable.get(i);
                    updates.add(new AdamW.Update(p.name(), p.array(), gradients.get(i), peakRates[i] * lrFactor));
                }
                adam.step(updates, scope); // in place, outside gradient recording
            } else {
                // A non-finite gradient under a finite loss: skip this update, as mixed-precision
                // training does; only a run of them means the model has diverged.
                consecutiveNonFinite++;
                skippedUpdates++;
                if (consecutiveNonFinite >= MAX_CONSECUTIVE_NON_FINITE) {
                    throw diverged(step, epoch, "gradient (global norm " + norm + ") in "
                            + MAX_CONSECUTIVE_NON_FINITE + " consecutive steps from step "
                            + (step + 2 - MAX_CONSECUTIVE_NON_FINITE), total, text, visual);
                }
            }
        }
        zeroGradients();
        return new StepLosses(text, visual, total, norm);
    }

    /**
     * Mean validation loss terms ({@code loss_total}, {@code loss_text}, {@code loss_visual},
     * weighted by examples) and the model's metrics (weighted by batch size) over {@code data} in
     * index order, without gradients. Batch {@code i} draws its noise from (seed, i).
     */
    Map<String, Double> validate(BatchSource<B> data, Runnable checkCancelled) {
        Map<String, Double> sums = new TreeMap<>();
        double examples = 0;
        double rows = 0;
        int n = data.size();
        for (int start = 0, b = 0; start < n; start += config.batchSize(), b++) {
            checkCancelled.run();
            int end = Math.min(n, start + config.batchSize());
            int[] indices = IntStream.range(start, end).toArray();
            try (NDManager scope = NDManager.newBaseManager(device)) {
                scope.tempAttachAll(weights);
                B batch = data.batch(indices, scope);
                LossTerms terms = model.loss(batch, TrainingRandom.forValidation(config.seed(), b), scope);
                int k = terms.examples();
                sums.merge("loss_total", (double) terms.total().getFloat() * k, Double::sum);
                sums.merge("loss_text", (double) terms.text().getFloat() * k, Double::sum);
                sums.merge("loss_visual", (double) terms.visual().getFloat() * k, Double::sum);
                examples += k;
                for (Map.Entry<String, Double> e : model.evaluate(batch, scope).entrySet()) {
                    sums.merge("metric:" + e.getKey(), e.getValue() * indices.length, Double::sum);
                }
                rows += indices.length;
            }
        }
        Map<String, Double> means = new TreeMap<>();
        for (Map.Entry<String, Double> e : sums.entrySet()) {
            if (e.getKey().startsWith("metric:")) {
                means.put(e.getKey().substring("metric:".length()), e.getValue() / rows);
            } else {
                means.put(e.getKey(), e.getValue() / examples);
            }
        }
        return means;
    }

    /**
     * Sets every weight's gradient to zero. DJL's PyTorch gradient collector does not (its
     * {@code zeroGradients} call is disabled), so PyTorch keeps accumulating into {@code .grad}
     * across collectors: that is what sums the micro-batches of one step, and this resets it
     * between steps. {@code zero_} on the tensor itself also clears a NaN left by a failed step.
     */
    void zeroGradients() {
        for (NDArray w : weights) {
            if (w instanceof PtNDArray pt) {
                JniUtils.zeroGrad(pt);
            } else {
                throw new IllegalStateException("the trainer needs the PyTorch engine; weight arrays are "
                        + w.getClass().getSimpleName());
            }
        }
    }

    private static IllegalStateException diverged(long step, int epoch, String what, double total, double text,
            double visual) {
        return new IllegalStateException(String.format(Locale.ROOT,
                "training diverged at step %d (epoch %d): non-finite %s; L_total = %s, L_text = %s, L_visual = %s."
                        + " The last checkpoint, if any, is kept; lower the learning rate or enable clipNorm",
                step + 1, epoch + 1, what, total, text, visual));
    }
}
