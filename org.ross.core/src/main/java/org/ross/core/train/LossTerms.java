package org.ross.core.train;

import ai.djl.ndarray.NDArray;

/**
 * One step's loss: the scalar to minimise and its named parts for the training log.
 *
 * @param total  scalar, {@code L_text + lambda * L_visual} for ROSS
 * @param text   scalar {@code L_text} (next-token cross-entropy on answer tokens)
 * @param visual scalar {@code L_visual} (zero array for TEXT_ONLY)
 * @param examples number of examples in the batch (for weighting accumulated steps)
 */
public record LossTerms(NDArray total, NDArray text, NDArray visual, int examples) {
}
