package org.ross.core.score;

/**
 * How the {@link ReconstructionScorer} measures and reconstructs.
 *
 * @param draws         K, the fixed {@code (t, eps)} draws the denoising error is averaged over
 * @param tMin          smallest timestep a draw may take
 * @param tMax          largest timestep a draw may take (below the model's {@code T})
 * @param ddimSteps     DDIM steps of the reconstruction, from {@code startTimestep} down to 0
 * @param startTimestep the noise level the reconstruction starts from: the input's latents are noised
 *                      to this timestep ({@code T - 1} is pure noise, i.e. a free sample)
 * @param seed          the draws and the reconstruction's starting noise; the same seed gives every
 *                      image the same draws and the same scores on CPU
 * @param batchSize     images per engine batch (one native scope each)
 * @param prompt        the question used for rows without one
 */
public record ScorerConfig(int draws, int tMin, int tMax, int ddimSteps, int startTimestep, long seed, int batchSize,
                           String prompt) {

    public static final int DEFAULT_DRAWS = 8;
    public static final int DEFAULT_T_MIN = 50;
    public static final int DEFAULT_T_MAX = 500;
    public static final int DEFAULT_DDIM_STEPS = 10;
    public static final int DEFAULT_START_TIMESTEP = 500;
    public static final int DEFAULT_BATCH_SIZE = 32;
    public static final String DEFAULT_PROMPT = "what is shown?";

    public ScorerConfig {
        if (draws < 1 || draws > 1024) {
            throw new IllegalArgumentException("draws is " + draws + "; expected 1..1024 (default " + DEFAULT_DRAWS + ")");
        }
        if (tMin < 0 || tMax < tMin) {
            throw new IllegalArgumentException("timestep range [" + tMin + ", " + tMax + "] is empty or negative; "
                    + "expected 0 <= tMin <= tMax < T (default [" + DEFAULT_T_MIN + ", " + DEFAULT_T_MAX + "])");
        }
        if (startTimestep < 0) {
            throw new IllegalArgumentException("startTimestep is " + startTimestep + "; expected 0..T-1 (default "
                    + DEFAULT_START_TIMESTEP + ")");
        }
        if (ddimSteps < 1 || ddimSteps > startTimestep + 1) {
            throw new IllegalArgumentException("ddimSteps is " + ddimSteps + "; expected 1.." + (startTimestep + 1)
                    + " (at most one step per timestep from startTimestep " + startTimestep + " down to 0)");
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize is " + batchSize + "; expected at least 1 (default "
                    + DEFAULT_BATCH_SIZE + ")");
        }
        if (prompt == null || prompt.isBlank()) {
            throw new IllegalArgumentException("prompt is empty; give the question to ask when a row has none (default '"
                    + DEFAULT_PROMPT + "')");
        }
    }

    public static ScorerConfig defaults(long seed) {
        return new ScorerConfig(DEFAULT_DRAWS, DEFAULT_T_MIN, DEFAULT_T_MAX, DEFAULT_DDIM_STEPS, DEFAULT_START_TIMESTEP,
                seed, DEFAULT_BATCH_SIZE, DEFAULT_PROMPT);
    }

    public ScorerConfig withDraws(int k) {
        return new ScorerConfig(k, tMin, tMax, ddimSteps, startTimestep, seed, batchSize, prompt);
    }

    public ScorerConfig withTimestepRange(int min, int max) {
        return new ScorerConfig(draws, min, max, ddimSteps, startTimestep, seed, batchSize, prompt);
    }

    public ScorerConfig withReconstruction(int steps, int start) {
        return new ScorerConfig(draws, tMin, tMax, steps, start, seed, batchSize, prompt);
    }

    public ScorerConfig withBatchSize(int b) {
        return new ScorerConfig(draws, tMin, tMax, ddimSteps, startTimestep, seed, b, prompt);
    }

    public ScorerConfig withPrompt(String p) {
        return new ScorerConfig(draws, tMin, tMax, ddimSteps, startTimestep, seed, batchSize, p);
    }
}
