package org.ross.core.train;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * How the {@link Trainer} optimises a model. Defaults follow the paper's recipe (ROSS, section 4 of
 * DESIGN.md): AdamW without weight decay, 3% linear warm-up then cosine decay to zero, no hold at
 * the peak.
 *
 * @param epochs               passes over the training examples
 * @param batchSize            examples per micro-batch (one forward/backward in its own scope)
 * @param gradientAccumulation micro-batches per optimizer step
 * @param learningRate         peak learning rate of every trainable module without an override
 * @param moduleLearningRates  peak learning rate per module name, overriding {@code learningRate}
 * @param trainableModules     modules that are updated; empty means every module of the model.
 *                             The others are frozen: no update and no optimizer state
 * @param weightDecay          decoupled (AdamW) weight decay
 * @param beta1                AdamW first-moment decay
 * @param beta2                AdamW second-moment decay
 * @param eps                  AdamW denominator term
 * @param warmupFraction       share of the optimizer steps spent in linear warm-up
 * @param holdFraction         share of the optimizer steps held at the peak learning rate after the
 *                             warm-up, before the cosine decay starts; 0 = the paper's recipe
 * @param clipNorm             maximum global gradient norm over the trainable weights; 0 = off
 * @param validationFraction   share of the training source held out for validation when no
 *                             validation source is given; 0 = none
 * @param earlyStoppingPatience epochs without a lower validation loss before stopping; 0 = off
 * @param checkpointEvery      optimizer steps between checkpoints
 * @param seed                 the only source of randomness (data order, noise draws, split)
 * @param maxSteps             upper bound on optimizer steps; 0 = no bound
 */
public record TrainerConfig(int epochs, int batchSize, int gradientAccumulation, double learningRate,
        Map<String, Double> moduleLearningRates, Set<String> trainableModules, double weightDecay,
        double beta1, double beta2, double eps, double warmupFraction, double holdFraction, double clipNorm,
        double validationFraction, int earlyStoppingPatience, long checkpointEvery, long seed,
        long maxSteps) {

    public TrainerConfig {
        positive("epochs", epochs, "1 or more");
        positive("batchSize", batchSize, "1 or more, e.g. 16");
        positive("gradientAccumulation", gradientAccumulation, "1 (no accumulation) or more");
        learningRate(learningRate, "learningRate");
        moduleLearningRates = moduleLearningRates == null ? Map.of()
                : Collections.unmodifiableMap(new TreeMap<>(moduleLearningRates));
        moduleLearningRates.forEach((module, lr) -> learningRate(lr, "learning rate of module '" + module + "'"));
        trainableModules = trainableModules == null ? Set.of()
                : Collections.unmodifiableSet(new TreeSet<>(trainableModules));
        if (!(weightDecay >= 0)) {
            throw new IllegalArgumentException("weightDecay must be 0 or more, found " + weightDecay
                    + "; the paper's recipe uses 0");
        }
        unitOpen("beta1", beta1, "0.9");
        unitOpen("beta2", beta2, "0.999");
        if (!(eps > 0)) {
            throw new IllegalArgumentException("eps must be positive, found " + eps + "; use 1e-8");
        }
        if (!(warmupFraction >= 0 && warmupFraction < 1)) {
            throw new IllegalArgumentException("warmupFraction must be in [0, 1), found " + warmupFraction
                    + "; the paper's recipe uses 0.03");
        }
        if (!(holdFraction >= 0 && warmupFraction + holdFraction < 1)) {
            throw new IllegalArgumentException("holdFraction must be 0 or more and leave steps for the decay "
                    + "(warmupFraction + holdFraction < 1), found " + holdFraction + " with warmupFraction "
                    + warmupFraction + "; the paper's recipe uses 0");
        }
        if (!(clipNorm >= 0) || Double.isInfinite(clipNorm)) {
            throw new IllegalArgumentException("clipNorm must be 0 (off) or a positive norm, found " + clipNorm
                    + "; 1.0 is the usual choice");
        }
        if (!(validationFraction >= 0 && validationFraction < 1)) {
            throw new IllegalArgumentException("validationFraction must be in [0, 1), found "
                    + validationFraction + "; use e.g. 0.1, or 0 for no validation");
        }
        if (earlyStoppingPatience < 0) {
            throw new IllegalArgumentException("earlyStoppingPatience must be 0 (off) or more epochs, found "
                    + earlyStoppingPatience);
        }
        positive("checkpointEvery", checkpointEvery, "1 or more optimizer steps");
        if (maxSteps < 0) {
            throw new IllegalArgumentException("maxSteps must be 0 (no bound) or more, found " + maxSteps);
        }
    }

    /** Paper stage 2 (instruction tuning) settings for every module; a small batch for CPUs. */
    public static TrainerConfig defaults() {
        return new TrainerConfig(1, 16, 1, 2e-5, Map.of(), Set.of(), 0, 0.9, 0.999, 1e-8, 0.03, 0, 1.0,
                0, 0, 100, 0, 0);
    }

    /** Paper stage 1: projector and denoiser only, learning rate 1e-3. */
    public static TrainerConfig pretraining() {
        return defaults().withLearningRate(1e-3).withTrainableModules(Set.of("projector", "denoiser"));
    }

    /** Paper stage 2: LM, projector and denoiser, learning rate 2e-5. */
    public static TrainerConfig instructionTuning() {
        return defaults().withTrainableModules(Set.of("lm", "projector", "denoiser"));
    }

    /** The peak learning rate of {@code module}. */
    public double learningRateOf(String module) {
        return moduleLearningRates.getOrDefault(module, learningRate);
    }

    /** Whether {@code module} is updated. */
    public boolean isTrainable(String module) {
        return trainableModules.isEmpty() || trainableModules.contains(module);
    }

    /**
     * Every setting that shapes the optimisation trajectory, as text; a checkpoint continues only
     * under an equal fingerprint. {@code checkpointEvery} is left out: it changes when state is
     * saved, not what is computed. {@code holdFraction} appears only when set, so checkpoints written
     * before it existed (always without a hold) still continue.
     */
    public Map<String, String> fingerprint() {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("epochs", Integer.toString(epochs));
        f.put("batchSize", Integer.toString(batchSize));
        f.put("gradientAccumulation", Integer.toString(gradientAccumulation));
        f.put("learningRate", Double.toString(learningRate));
        f.put("moduleLearningRates", moduleLearningRates.toString());
        f.put("trainableModules", trainableModules.toString());
        f.put("weightDecay", Double.toString(weightDecay));
        f.put("beta1", Double.toString(beta1));
        f.put("beta2", Double.toString(beta2));
        f.put("eps", Double.toString(eps));
        f.put("warmupFraction", Double.toString(warmupFraction));
        if (holdFraction != 0) {
            f.put("holdFraction", Double.toString(holdFraction));
        }
        f.put("clipNorm", Double.toString(clipNorm));
        f.put("validationFraction", Double.toString(validationFraction));
        f.put("earlyStoppingPatience", Integer.toString(earlyStoppingPatience));
        f.put("seed", Long.toString(seed));
        f.put("maxSteps", Long.toString(maxSteps));
        return f;
    }

    public TrainerConfig withEpochs(int v) {
        return new TrainerConfig(v, batchSize, gradientAccumulation, learningRate, moduleLearningRates,
                trainableModules, weightDecay, beta1, beta2, eps, warmupFraction,
                holdFraction, clipNorm, validationFraction, earlyStoppingPatience, checkpointEvery, seed, maxSteps);
    }

    public TrainerConfig withBatchSize(int v) {
        return new TrainerConfig(epochs, v, gradientAccumulation, learningRate, moduleLearningRates,
                trainableModules, weightDecay, beta1, beta2, eps, warmupFraction,
                holdFraction, clipNorm, validationFraction, earlyStoppingPatience, checkpointEvery, seed, maxSteps);
    }

    public TrainerConfig withGradientAccumulation(int v) {
        return new TrainerConfig(epochs, batchSize, v, learningRate, moduleLearningRates,
                trainableModules, weightDecay, beta1, beta2, eps, warmupFraction,
                holdFraction, clipNorm, validationFraction, earlyStoppingPatience, checkpointEvery, seed, maxSteps);
    }

    public TrainerConfig withLearningRate(double v) {
        return new TrainerConfig(epochs, batchSize, gradientAccumulation, v, moduleLearningRates,
                trainableModules, weightDecay, beta1, beta2, eps, warmupFraction,
                holdFraction, clipNorm, validationFraction, earlyStoppingPatience, checkpointEvery, seed, maxSteps);
    }

    public TrainerConfig withModuleLearningRates(Map<String, Double> v) {
        return new TrainerConfig(epochs, batchSize, gradientAccumulation, learningRate, v,
                trainableModules, weightDecay, beta1, beta2, eps, warmupFraction,
                holdFraction, clipNorm, validationFraction, earlyStoppingPatience, checkpointEvery, seed, maxSteps);
    }

    public TrainerConfig withTrainableModules(Set<String> v) {
        return new TrainerConfig(epochs, batchSize, gradientAccumulation, learningRate, moduleLearningRates,
                v, weightDecay, beta1, beta2, eps, warmupFraction,
                holdFraction, clipNorm, validationFraction, earlyStoppingPatience, checkpointEvery, seed, maxSteps);
    }

    public TrainerConfig withWeightDecay(double v) {
        return new TrainerConfig(epochs, batchSize, gradientAccumulation, learningRate, moduleLearningRates,
                trainableModules, v, beta1, beta2, eps, warmupFraction,
                holdFraction, clipNorm, validationFraction, earlyStoppingPatience, checkpointEvery, seed, maxSteps);
    }

    public TrainerConfig withWarmupFraction(double v) {
        return new TrainerConfig(epochs, batchSize, gradientAccumulation, learningRate, moduleLearningRates,
                trainableModules, weightDecay, beta1, beta2, eps, v,
                holdFraction, clipNorm, validationFraction, earlyStoppingPatience, checkpointEvery, seed, maxSteps);
    }

    public TrainerConfig withHoldFraction(double v) {
        return new TrainerConfig(epochs, batchSize, gradientAccumulation, learningRate, moduleLearningRates,
                trainableModules, weightDecay, beta1, beta2, eps, warmupFraction,
                v, clipNorm, validationFraction, earlyStoppingPatience, checkpointEvery, seed, maxSteps);
    }

    public TrainerConfig withClipNorm(double v) {
        return new TrainerConfig(epochs, batchSize, gradientAccumulation, learningRate, moduleLearningRates,
                trainableModules, weightDecay, beta1, beta2, eps, warmupFraction,
                holdFraction, v, validationFraction, earlyStoppingPatience, checkpointEvery, seed, maxSteps);
    }

    public TrainerConfig withValidationFraction(double v) {
        return new TrainerConfig(epochs, batchSize, gradientAccumulation, learningRate, moduleLearningRates,
                trainableModules, weightDecay, beta1, beta2, eps, warmupFraction,
                holdFraction, clipNorm, v, earlyStoppingPatience, checkpointEvery, seed, maxSteps);
    }

    public TrainerConfig withEarlyStoppingPatience(int v) {
        return new TrainerConfig(epochs, batchSize, gradientAccumulation, learningRate, moduleLearningRates,
                trainableModules, weightDecay, beta1, beta2, eps, warmupFraction,
                holdFraction, clipNorm, validationFraction, v, checkpointEvery, seed, maxSteps);
    }

    public TrainerConfig withCheckpointEvery(long v) {
        return new TrainerConfig(epochs, batchSize, gradientAccumulation, learningRate, moduleLearningRates,
                trainableModules, weightDecay, beta1, beta2, eps, warmupFraction,
                holdFraction, clipNorm, validationFraction, earlyStoppingPatience, v, seed, maxSteps);
    }

    public TrainerConfig withSeed(long v) {
        return new TrainerConfig(epochs, batchSize, gradientAccumulation, learningRate, moduleLearningRates,
                trainableModules, weightDecay, beta1, beta2, eps, warmupFraction,
                holdFraction, clipNorm, validationFraction, earlyStoppingPatience, checkpointEvery, v, maxSteps);
    }

    public TrainerConfig withMaxSteps(long v) {
        return new TrainerConfig(epochs, batchSize, gradientAccumulation, learningRate, moduleLearningRates,
                trainableModules, weightDecay, beta1, beta2, eps, warmupFraction,
                holdFraction, clipNorm, validationFraction, earlyStoppingPatience, checkpointEvery, seed, v);
    }

    private static void positive(String name, long value, String fix) {
        if (value < 1) {
            throw new IllegalArgumentException(name + " must be at least 1, found " + value + "; use " + fix);
        }
    }

    private static void learningRate(Double lr, String what) {
        if (lr == null || !(lr > 0) || Double.isInfinite(lr)) {
            throw new IllegalArgumentException(what + " must be a positive number, found " + lr
                    + "; the paper uses 1e-3 for the projector stage and 2e-5 for instruction tuning");
        }
    }

    private static void unitOpen(String name, double value, String usual) {
        if (!(value >= 0 && value < 1)) {
            throw new IllegalArgumentException(name + " must be in [0, 1), found " + value + "; use " + usual);
        }
    }
}
