package org.ross.runtime.workflow;

import java.io.UncheckedIOException;
import org.ross.knime.nodes.spi.NodeExecutionException;

/** How an exception from a node reads in the runner's one-line messages. */
public final class Causes {

    private Causes() {
    }

    /**
     * The cause's message alone when it is written for users: a node's execution error, the engine's
     * bad-input signal ({@code IllegalArgumentException}) or a file it could not read; any other
     * exception is a defect, so its type stays in front of the message.
     */
    public static String describe(Throwable cause) {
        boolean forUsers = cause instanceof NodeExecutionException || cause instanceof IllegalArgumentException
                || cause instanceof UncheckedIOException;
        if (forUsers && cause.getMessage() != null) {
            return cause.getMessage();
        }
        String type = cause.getClass().getSimpleName();
        return cause.getMessage() == null ? type : type + ": " + cause.getMessage();
    }
}
