package org.ross.core.train;

import java.util.Map;

/**
 * What a {@link Trainer#train} run did.
 *
 * @param steps            optimizer steps done in total (including those of resumed sessions)
 * @param epochsCompleted  epochs whose every example was seen
 * @param finalValidation  the last validation: {@code loss_total, loss_text, loss_visual} and the
 *                         model's metrics; empty without validation
 * @param bestValidation   the validation with the lowest {@code loss_total}; empty without validation
 * @param earlyStopped     whether early stopping ended the run (the model then holds the best weights)
 * @param resumedFromStep  the checkpoint step this session continued from; 0 for a fresh run
 * @param seconds          wall-clock seconds over all sessions
 */
public record TrainingResult(long steps, int epochsCompleted, Map<String, Double> finalValidation,
        Map<String, Double> bestValidation, boolean earlyStopped, long resumedFromStep, double seconds,
        TrainingLog log) {

    public TrainingResult {
        finalValidation = Map.copyOf(finalValidation);
        bestValidation = Map.copyOf(bestValidation);
    }
}
