package org.ross.core.infer;

/**
 * What a search needs from the model while it decodes a batch: the next-token log-probabilities of every row,
 * feeding one token per row, and (beam search) turning rows into copies of other rows. Two implementations give
 * the same numbers: {@link KvCacheState} (keys/values cached) and {@link RecomputeState} (the oracle).
 */
interface DecoderState extends AutoCloseable {

    /** Log-softmax of the next-token logits at each row's last position, (B, V) as Java arrays. */
    float[][] logProbs();

    /** Feeds {@code tokens[i]} to row {@code i}. */
    void append(int[] tokens);

    /** Row {@code i} becomes a copy of (current) row {@code parents[i]}; the row count may change. */
    void reorder(int[] parents);

    /** Frees the state's native memory (the cache); the call's scope frees the rest. */
    @Override
    void close();
}
