/**
 * Training: {@link org.ross.core.train.Trainer} optimises any
 * {@link org.ross.core.train.TrainableModel} on a {@link org.ross.core.train.BatchSource} with the
 * paper's recipe (AdamW, linear warm-up then cosine decay with an optional hold at the peak,
 * per-module learning rates and trainable sets for the two stages; DESIGN.md section 4) and the
 * rules of section 7 (scoped native memory, seeded determinism, atomic outputs, intact checkpoints
 * on cancel and failure).
 *
 * <p>Symbols:
 * <table>
 *   <caption>names in code and their meaning</caption>
 *   <tr><td>{@code L_text}, {@code L_visual}, {@code L_total}</td><td>the loss terms of {@link org.ross.core.train.LossTerms};
 *       {@code L_total = L_text + lambda * L_visual}</td></tr>
 *   <tr><td>{@code w, g, m, v, t}</td><td>weight, gradient, first and second moment, update count
 *       ({@link org.ross.core.train.AdamW})</td></tr>
 *   <tr><td>{@code T, W, H}</td><td>optimizer steps of the run, of the warm-up and of the hold at the peak
 *       ({@link org.ross.core.train.LearningRateSchedule})</td></tr>
 *   <tr><td>step</td><td>one optimizer update over {@code gradientAccumulation} micro-batches</td></tr>
 * </table>
 *
 * <p>Determinism: the data order of an epoch and the model's randomness at a step are functions of
 * (seed, epoch) and (seed, step) ({@link org.ross.core.train.TrainingRandom}); a checkpoint holds
 * the weights, the AdamW moments and count, and (step, epoch, position) with the validation
 * bookkeeping and log, so a resumed run on the CPU ends with the same bits as an uninterrupted one.
 */
package org.ross.core.train;
