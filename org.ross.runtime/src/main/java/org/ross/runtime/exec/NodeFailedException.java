package org.ross.runtime.exec;

import java.io.UncheckedIOException;
import org.ross.knime.nodes.spi.NodeExecutionException;
import org.ross.runtime.workflow.PlannedNode;

/**
 * A node failed during execution. The message names the node and the cause (with row and column
 * when the node gave them); the cause keeps the stack trace for {@code --verbose}.
 */
public class NodeFailedException extends Exception {

    private static final long serialVersionUID = 1L;

    private final String nodeId;

    public NodeFailedException(PlannedNode node, Throwable cause) {
        super(node.label() + " failed: " + describe(cause), cause);
        this.nodeId = node.id();
    }

    public NodeFailedException(PlannedNode node, String problem) {
        super(node.label() + " failed: " + problem);
        this.nodeId = node.id();
    }

    public String nodeId() {
        return nodeId;
    }

    /**
     * The cause's message alone when it is written for users: a node's execution error, the engine's
     * bad-input signal ({@code IllegalArgumentException}) or a file it could not read; any other
     * exception is a defect, so its type stays in front of the message.
     */
    static String describe(Throwable cause) {
        boolean forUsers = cause instanceof NodeExecutionException || cause instanceof IllegalArgumentException
                || cause instanceof UncheckedIOException;
        if (forUsers && cause.getMessage() != null) {
            return cause.getMessage();
        }
        String type = cause.getClass().getSimpleName();
        return cause.getMessage() == null ? type : type + ": " + cause.getMessage();
    }
}
