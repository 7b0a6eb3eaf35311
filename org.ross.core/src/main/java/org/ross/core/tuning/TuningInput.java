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
 * @param turns            the most questions about one image packed into one training conversation
 *                         ({@link org.ross.core.ross.RossExamples}); 1 trains one question per example
 */
public record TuningInput(Path table, String imageColumn, String questionColumn, String answerColumn,
        String latentColumn, Path scratchDirectory, boolean resume, int turns) {

    /** The most turns a setting may ask for; the sequence length bounds what fits anyway. */
    public static final int MAX_TURNS = 64;

    public TuningInput {
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(scratchDirectory, "scratchDirectory");
        column("imageColumn", imageColumn);
        column("questionColumn", questionColumn);
        column("answerColumn", answerColumn);
        column("latentColumn", latentColumn);
        if (turns < 1 || turns > MAX_TURNS) {
            throw new IllegalArgumentException("turnsPerConversation is " + turns + "; choose 1 (one question per "
                    + "example) to " + MAX_TURNS);
        }
    }

    /** The Sort-of-CLEVR / Image Tokenizer column names: image, question, answer, latent. */
    public static TuningInput of(Path table, Path scratchDirectory) {
        return new TuningInput(table, "image", "question", "answer", "latent", scratchDirectory, true, 1);
    }

    public TuningInput withResume(boolean r) {
        return new TuningInput(table, imageColumn, questionColumn, answerColumn, latentColumn, scratchDirectory, r,
                turns);
    }

    public TuningInput withTurns(int t) {
        return new TuningInput(table, imageColumn, questionColumn, answerColumn, latentColumn, scratchDirectory, resume,
                t);
    }

    private static void column(String setting, String name) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException(setting + " is empty; name a column of the input table");
        }
    }
}
