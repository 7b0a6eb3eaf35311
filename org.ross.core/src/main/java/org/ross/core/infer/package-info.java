/**
 * Inference with a ROSS model (issue 4): batched autoregressive decoding with a key/value cache, greedy and beam
 * search, and closed-set answering by log-likelihood. {@link org.ross.core.infer.VqaPredictor} is the entry point;
 * the VQA Predictor node streams a question table through it.
 *
 * <p>Symbols:
 * <table>
 * <caption>names in code and their meaning</caption>
 * <tr><th>code</th><th>meaning</th></tr>
 * <tr><td>{@code N}</td><td>image tokens, which replace {@code <image>} at the start of the prompt</td></tr>
 * <tr><td>{@code Lp}</td><td>prefill columns: N + the longest question of the batch + {@code <sep>}</td></tr>
 * <tr><td>{@code P_i}</td><td>row i's real prefill length; its t-th generated token sits at position {@code P_i + t}</td></tr>
 * <tr><td>{@code logProb}</td><td>{@code sum_j log p(a_j | image, question, a_<j)} over answer tokens incl. {@code <end>}</td></tr>
 * <tr><td>{@code W}</td><td>beam width</td></tr>
 * </table>
 */
package org.ross.core.infer;
