package org.ross.core.ross;

import ai.djl.ndarray.NDArray;

/**
 * One training or evaluation batch, every array in the step's scope; none is recorded for
 * gradients (they are data).
 *
 * @param images     preprocessed images (B, C, S, S) in [-1, 1]
 * @param tokens     chat-template token ids (B, L), int32, right-padded with {@code <pad>}
 * @param keep       (B, L) float, 1 for real tokens and 0 for padding
 * @param answer     (B, L) float, 1 on answer tokens (incl. {@code <end>}), where {@code L_text} is taken
 * @param posteriors cached tokenizer posteriors (B, 2, C, g, g), mean then log-variance; null for TEXT_ONLY
 * @param turns      for packed conversations, the turn of each token (B * L, row-major): 0 for
 *                   {@code <image>} and padding, t for the tokens of turn t (from 1); each turn is then
 *                   computed as if it followed the image alone. Null when every row is one turn
 */
public record RossBatch(NDArray images, NDArray tokens, NDArray keep, NDArray answer, NDArray posteriors,
                        int[] turns) {

    /** A batch of single-turn rows. */
    public RossBatch(NDArray images, NDArray tokens, NDArray keep, NDArray answer, NDArray posteriors) {
        this(images, tokens, keep, answer, posteriors, null);
    }

    public RossBatch {
        long b = images.getShape().get(0);
        if (tokens.getShape().get(0) != b || !tokens.getShape().equals(keep.getShape())
                || !tokens.getShape().equals(answer.getShape())) {
            throw new IllegalArgumentException("batch arrays disagree: images " + images.getShape() + ", tokens "
                    + tokens.getShape() + ", keep " + keep.getShape() + ", answer " + answer.getShape());
        }
        if (turns != null && turns.length != tokens.getShape().size()) {
            throw new IllegalArgumentException(turns.length + " turn ids for tokens " + tokens.getShape());
        }
        if (posteriors != null && posteriors.getShape().get(0) != b) {
            throw new IllegalArgumentException("posteriors " + posteriors.getShape() + " for " + b + " images");
        }
    }

    public int size() {
        return (int) images.getShape().get(0);
    }
}
