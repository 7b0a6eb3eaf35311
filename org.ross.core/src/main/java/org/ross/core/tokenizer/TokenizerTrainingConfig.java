package org.ross.core.tokenizer;

/**
 * How the tokenizer is fitted.
 *
 * @param epochs       passes over the training images
 * @param batchSize    images per optimisation step
 * @param learningRate Adam's peak step size; decays by a cosine to a tenth over the run
 * @param seed         drives the shuffling and the posterior samples (never the engine's RNG)
 * @param maxSteps     stop after this many steps even within an epoch; 0 = no limit
 */
public record TokenizerTrainingConfig(int epochs, int batchSize, double learningRate, long seed, long maxSteps) {

    public static final int DEFAULT_EPOCHS = 5;
    public static final int DEFAULT_BATCH_SIZE = 64;
    public static final double DEFAULT_LEARNING_RATE = 2e-3;

    public TokenizerTrainingConfig {
        if (epochs < 1) {
            throw new IllegalArgumentException("epochs is " + epochs + "; expected at least 1 (default "
                    + DEFAULT_EPOCHS + ")");
        }
        if (batchSize < 1 || batchSize > 4096) {
            throw new IllegalArgumentException("batchSize is " + batchSize + "; expected 1..4096 (default "
                    + DEFAULT_BATCH_SIZE + ")");
        }
        if (!(learningRate > 0) || learningRate > 1) {
            throw new IllegalArgumentException("learningRate is " + learningRate + "; expected a value in "
                    + "(0, 1] (default " + DEFAULT_LEARNING_RATE + ")");
        }
        if (maxSteps < 0) {
            throw new IllegalArgumentException("maxSteps is " + maxSteps + "; expected 0 (no limit) or more");
        }
    }

    public static TokenizerTrainingConfig defaults(long seed) {
        return new TokenizerTrainingConfig(DEFAULT_EPOCHS, DEFAULT_BATCH_SIZE, DEFAULT_LEARNING_RATE, seed, 0);
    }

    public TokenizerTrainingConfig withEpochs(int e) {
        return new TokenizerTrainingConfig(e, batchSize, learningRate, seed, maxSteps);
    }

    public TokenizerTrainingConfig withMaxSteps(long steps) {
        return new TokenizerTrainingConfig(epochs, batchSize, learningRate, seed, steps);
    }
}
