package org.ross.core.tokenizer;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import org.ross.core.ProgressMonitor;
import org.ross.core.nn.Adam;
import org.ross.core.nn.Parameter;
import org.ross.core.nn.ParameterSet;
import org.ross.core.nn.Tensors;
import org.ross.core.train.GradientClipping;
import org.ross.core.train.TrainingRandom;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * One fit of a {@link KlVae}: shuffled minibatches, per-step loss
 * {@code L = mean((x_hat - x)^2) + beta * KL / (C * S * S)}, i.e. LDM's per-image
 * {@code sum(squared error) + kl_weight * KL}, divided by the pixel count so the logged loss reads
 * as a per-pixel MSE. The squared error (not L1) because the tokenizer is judged by PSNR. Adam
 * with a cosine decay of the learning rate to a tenth over the run.
 *
 * <p>Randomness: one {@link SplittableRandom} split from the seed shuffles, a second draws the
 * posterior noise {@code eps}; the engine's own RNG is never used, so the same seed and data give the same
 * weights on the CPU.
 *
 * <p>A non-finite loss stops the fit at once. A non-finite gradient under a finite loss (a faulty
 * kernel can write one; see "Convolutions on whole channel blocks" in docs/architecture.md) skips
 * that update and clears the gradient, as the tuner's trainer does; {@value #MAX_CONSECUTIVE_NON_FINITE}
 * such steps in a row stop the fit.
 */
final class KlVaeTrainer {

    /** Non-finite-gradient steps in a row that stop the fit; fewer are skipped without an update. */
    static final int MAX_CONSECUTIVE_NON_FINITE = 3;

    /** Sees the gradients of step {@code step} (0-based) after backward, before they are checked; for tests. */
    interface GradientObserver {
        GradientObserver NONE = (parameters, step) -> { };

        void afterBackward(ParameterSet parameters, long step);
    }

    private final KlVae vae;
    private final TokenizerTrainingConfig training;
    private final SplittableRandom shuffleRng;
    private final SplittableRandom noiseRng;
    private final GradientObserver observer;
    private int consecutiveNonFinite;
    private long skippedUpdates;

    KlVaeTrainer(KlVae vae, TokenizerTrainingConfig training, SplittableRandom shuffleRng,
                 SplittableRandom noiseRng) {
        this(vae, training, shuffleRng, noiseRng, GradientObserver.NONE);
    }

    KlVaeTrainer(KlVae vae, TokenizerTrainingConfig training, SplittableRandom shuffleRng,
                 SplittableRandom noiseRng, GradientObserver observer) {
        this.vae = vae;
        this.training = training;
        this.shuffleRng = shuffleRng;
        this.noiseRng = noiseRng;
        this.observer = observer;
    }

    TrainingReport fit(ImageSource data, ProgressMonitor monitor) {
        TokenizerConfig c = vae.config();
        int n = data.size();
        int batchSize = Math.min(training.batchSize(), n);
        long batchesPerEpoch = (n + batchSize - 1) / batchSize;
        long totalSteps = batchesPerEpoch * training.epochs();
        if (training.maxSteps() > 0) {
            totalSteps = Math.min(totalSteps, training.maxSteps());
        }
        long epochsToRun = (totalSteps + batchesPerEpoch - 1) / batchesPerEpoch; // what progress shows under a step cap

        int pixels = c.pixelsPerImage();
        int latentFloats = c.latentLength();
        float klWeight = (float) (c.beta() / pixels);
        float[] image = new float[pixels];
        List<Double> epochLosses = new ArrayList<>();
        double lastMse = Double.NaN;
        double lastKl = Double.NaN;
        long step = 0;
        long startNanos = System.nanoTime();
        try (Adam adam = Adam.withDefaults(vae.device())) { // its moments are freed when the fit ends
            for (int epoch = 1; epoch <= training.epochs() && step < totalSteps; epoch++) {
                int[] order = TrainingRandom.permutation(n, shuffleRng);
                double lossSum = 0;
                double mseSum = 0;
                double klSum = 0;
                int batches = 0;
                for (int start = 0; start < n && step < totalSteps; start += batchSize) {
                    monitor.checkCancelled();
                    int b = Math.min(batchSize, n - start);
                    float[] batch = new float[b * pixels];
                    for (int i = 0; i < b; i++) {
                        data.read(order[start + i], image);
                        vae.checkImage(image, order[start + i], "training image");
                        System.arraycopy(image, 0, batch, i * pixels, pixels);
                    }
                    float[] eps = KlVae.gaussian(noiseRng, b * latentFloats);
                    float lr = learningRate(step, totalSteps);
                    float[] terms = step(batch, eps, b, klWeight, adam, lr, step); // {loss, mse, kl, norm}
                    if (!Double.isFinite(terms[0])) {
                        throw new IllegalStateException(String.format(Locale.ROOT,
                                "tokenizer training diverged: loss is %s at epoch %d, step %d (reconstruction %s, KL %s);"
                                        + " lower the learning rate (now %s) or beta", terms[0], epoch, step + 1,
                                terms[1], terms[2], training.learningRate()));
                    }
                    if (consecutiveNonFinite >= MAX_CONSECUTIVE_NON_FINITE) {
                        throw new IllegalStateException(String.format(Locale.ROOT,
                                "tokenizer training diverged: the gradient (global norm %s) was not finite in %d "
                                        + "consecutive steps, the last at epoch %d, step %d, while the loss was %s; "
                                        + "lower the learning rate (now %s) or beta", terms[3],
                                MAX_CONSECUTIVE_NON_FINITE, epoch, step + 1, terms[0], training.learningRate()));
                    }
                    step++;
                    batches++;
                    lossSum += terms[0];
                    mseSum += terms[1];
                    klSum += terms[2];
                    monitor.progress((double) step / totalSteps, String.format(Locale.ROOT,
                            "epoch %d/%d, batch %d/%d, loss %.5f", epoch, epochsToRun, batches,
                            batchesPerEpoch, terms[0]));
                }
                epochLosses.add(lossSum / batches);
                lastMse = mseSum / batches;
                lastKl = klSum / batches;
            }
        }
        return new TrainingReport(step, epochLosses, lastMse, lastKl, (System.nanoTime() - startNanos) / 1e9,
                skippedUpdates);
    }

    /**
     * One optimisation step on a batch; returns {loss, reconstruction MSE, KL per image, global
     * gradient norm}. The update is made only when loss and gradient are finite; the gradients are
     * zero afterwards either way.
     */
    private float[] step(float[] flatImages, float[] epsValues, int b, float klWeight, Adam adam, float lr,
                         long step) {
        ParameterSet parameters = vae.parameters();
        try (NDManager scope = vae.newScope()) {
            float[] loss = lossAndGradients(scope, flatImages, epsValues, b, klWeight);
            if (!Float.isFinite(loss[0])) { // no backward ran; the fit stops
                return new float[] {loss[0], loss[1], loss[2], Float.NaN};
            }
            observer.afterBackward(parameters, step);
            List<NDArray> gradients = new ArrayList<>();
            for (Parameter p : parameters.parameters()) {
                NDArray g = p.array().getGradient(); // a new handle: it belongs to this step's scope
                g.attach(scope);
                gradients.add(g);
            }
            double norm = GradientClipping.globalNorm(gradients);
            if (Double.isFinite(norm)) {
                consecutiveNonFinite = 0;
                adam.step(parameters, lr, scope); // zeroes the gradients
            } else {
                consecutiveNonFinite++;
                skippedUpdates++;
                parameters.zeroGradients(); // zero_ clears the NaN; g - g would keep it
            }
            return new float[] {loss[0], loss[1], loss[2], (float) norm};
        }
    }

    /** Cosine decay from the configured rate to a tenth of it over the run. */
    private float learningRate(long step, long totalSteps) {
        double progress = totalSteps <= 1 ? 0 : (double) step / (totalSteps - 1);
        double lr = training.learningRate();
        return (float) (lr / 10 + (lr - lr / 10) * 0.5 * (1 + Math.cos(Math.PI * progress)));
    }

    /** Forward and backward on a batch; returns {loss, reconstruction MSE, KL per image}. */
    private float[] lossAndGradients(NDManager scope, float[] flatImages, float[] epsValues, int b, float klWeight) {
        TokenizerConfig c = vae.config();
        int hw = c.latentSize();
        try (GradientCollector collector = Engine.getEngine("PyTorch").newGradientCollector()) {
            int s = c.imageSize();
            NDArray x = scope.create(flatImages, new Shape(b, c.imageChannels(), s, s)); // (B, C, S, S)
            NDList meanLogvar = KlVae.split(vae.encoder.forward(x));
            NDArray mean = meanLogvar.get(0); // (B, C_z, h, w)
            NDArray logvar = meanLogvar.get(1); // (B, C_z, h, w)
            NDArray eps = scope.create(epsValues, new Shape(b, c.latentChannels(), hw, hw));
            NDArray z = DiagonalGaussian.sample(mean, logvar, eps); // (B, C_z, h, w)
            NDArray xHat = vae.decoder.forward(z); // (B, C, S, S)
            NDArray mse = xHat.sub(x).square().mean(); // ()
            NDArray kl = DiagonalGaussian.kl(mean, logvar).mean(); // ()
            NDArray loss = mse.add(Tensors.times(kl, klWeight)); // ()
            float[] terms = {loss.getFloat(), mse.getFloat(), kl.getFloat()};
            if (!Float.isFinite(terms[0])) {
                return terms;
            }
            collector.backward(loss);
            return terms;
        }
    }
}
