package org.ross.core.tuning;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Where the Tuner's examples are and how its checkpoints are treated.
 *
 * @param table            the QA table (Arrow IPC file)
 * @param imageColumn      images (PNG/JPEG bytes); resized to the model resolution
 * @param questionColumn   questions (text)
 * @param answerColumn     answers (text)
 * @param latentColumn     the Image Tokenizer's posteriors ({@code [2, C, g, g]}); not read for TEXT_ONLY
 * @param scratchDirectory where the memory-mapped image and latent stores live during the run
 * @param resume           continue from a matching checkpoint; false discards any checkpoint first
 */
public record TuningInput(Path table, String imageColumn, String questionColumn, String answerColumn,
        String latentColumn, Path scratchDirectory, boolean resume) {

    public TuningInput {
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(scratchDirectory, "scratchDirectory");
        column("imageColumn", imageColumn);
        column("questionColumn", questionColumn);
        column("answerColumn", answerColumn);
        column("latentColumn", latentColumn);
    }

    /** The Sort-of-CLEVR / Image Tokenizer column names: image, question, answer, latent. */
    public static TuningInput of(Path table, Path scratchDirectory) {
        return new TuningInput(table, "image", "question", "answer", "latent", scratchDirectory, true);
    }

    public TuningInput withResume(boolean r) {
        return new TuningInput(table, imageColumn, questionColumn, answerColumn, latentColumn, scratchDirectory, r);
    }

    private static void column(String setting, String name) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException(setting + " is empty; name a column of the input table");
        }
    }
}
