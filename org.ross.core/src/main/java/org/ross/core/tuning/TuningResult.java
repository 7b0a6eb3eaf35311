package org.ross.core.tuning;

import java.nio.file.Path;
import org.ross.core.ross.RossConfig;
import org.ross.core.train.TrainingResult;

/**
 * What a {@link TuningJob} did, for the node's summary and warnings.
 *
 * @param rows               rows of the QA table
 * @param distinctImages     distinct images among them
 * @param trainingRows       rows (examples) trained on
 * @param validationRows     rows held out for validation (all questions of the held-out images)
 * @param unknownWords       question/answer words the vocabulary did not know (encoded {@code <unk>});
 *                           only possible when continuing from a base model
 * @param config             the trained model's architecture, including the latent statistics
 * @param training           the Trainer's result (steps, seconds, validation, log)
 * @param lossCurve          the loss-curve PNG inside the model directory
 */
public record TuningResult(long rows, int distinctImages, int trainingRows, int validationRows, int unknownWords,
        RossConfig config, TrainingResult training, Path lossCurve) {
}
