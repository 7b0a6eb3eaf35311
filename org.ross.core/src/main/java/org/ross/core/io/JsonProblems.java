package org.ross.core.io;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.util.regex.Pattern;

/**
 * Jackson's parse errors in a user's terms. Its message for an unclosed object or list ends in
 * {@code (start marker at [Source: REDACTED (...); line: L, column: C])}; we say where it was opened
 * instead, so no message of ours shows Jackson's source placeholder.
 */
public final class JsonProblems {

    private static final Pattern START_MARKER =
            Pattern.compile(" \\(start marker at \\[Source: [^;]*; line: (\\d+), column: (\\d+)\\]\\)");

    private JsonProblems() {
    }

    /** The problem without its location suffix, e.g. "Unexpected end-of-input: ... opened at line 1, column 2". */
    public static String message(JsonProcessingException e) {
        String original = e.getOriginalMessage();
        return original == null ? e.getClass().getSimpleName()
                : START_MARKER.matcher(original).replaceAll(" opened at line $1, column $2");
    }
}
