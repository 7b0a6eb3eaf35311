package org.ross.core.infer;

/**
 * One row's answer.
 *
 * @param text         the answer words (special tokens dropped), or the chosen candidate in closed-set mode
 * @param logProb      {@code sum_j log p(a_j | image, question, a_<j)} over the answer tokens up to and including
 *                     {@code <end>} (natural log; 0 for certainty). Without an {@code <end>} within the budget the
 *                     sum covers the tokens produced. The same quantity closed-set mode ranks candidates by.
 * @param tokens       the generated ids (up to and including the first {@code <end>}), or the candidate's ids
 * @param unknownWords words of the question (and, closed-set, the candidates) the vocabulary maps to {@code <unk>}
 */
public record Answer(String text, double logProb, int[] tokens, int unknownWords) {
}
