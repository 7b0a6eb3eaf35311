package org.ross.core.infer;

/**
 * How answers are generated.
 *
 * @param strategy     GREEDY (argmax at every step) or BEAM
 * @param beamWidth    hypotheses kept per row by BEAM (1 gives exactly the greedy answer); ignored by GREEDY
 * @param maxNewTokens upper bound on generated tokens per row, including {@code <end>}; also capped per row by the
 *                     model's {@code maxSequenceLength}
 * @param stopAtEnd    whether a row stops at its first {@code <end>}; false forces {@code maxNewTokens} steps
 *                     (throughput measurements), the answer text and log-probability still end at the first {@code <end>}
 * @param kvCache      whether keys and values of earlier positions are cached (false: every step recomputes the
 *                     whole sequence; the oracle the cache is tested against)
 */
public record DecodingConfig(Strategy strategy, int beamWidth, int maxNewTokens, boolean stopAtEnd, boolean kvCache) {

    public static final int DEFAULT_MAX_NEW_TOKENS = 16;
    public static final int MAX_BEAM_WIDTH = 64;

    public enum Strategy { GREEDY, BEAM }

    public DecodingConfig {
        if (strategy == null) {
            throw new IllegalArgumentException("strategy must be GREEDY or BEAM");
        }
        if (beamWidth < 1 || beamWidth > MAX_BEAM_WIDTH) {
            throw new IllegalArgumentException("beamWidth is " + beamWidth + "; expected 1.." + MAX_BEAM_WIDTH
                    + " (1 equals greedy, 3-5 is usual)");
        }
        if (maxNewTokens < 1) {
            throw new IllegalArgumentException("maxNewTokens is " + maxNewTokens + "; expected at least 1 (answers end "
                    + "with <end>, so a one-word answer needs 2)");
        }
    }

    public static DecodingConfig greedy(int maxNewTokens) {
        return new DecodingConfig(Strategy.GREEDY, 1, maxNewTokens, true, true);
    }

    public static DecodingConfig beam(int width, int maxNewTokens) {
        return new DecodingConfig(Strategy.BEAM, width, maxNewTokens, true, true);
    }

    public DecodingConfig withKvCache(boolean cache) {
        return new DecodingConfig(strategy, beamWidth, maxNewTokens, stopAtEnd, cache);
    }

    public DecodingConfig withStopAtEnd(boolean stop) {
        return new DecodingConfig(strategy, beamWidth, maxNewTokens, stop, kvCache);
    }
}
