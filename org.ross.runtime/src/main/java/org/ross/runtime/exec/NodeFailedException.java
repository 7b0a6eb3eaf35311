package org.ross.runtime.exec;

import org.ross.runtime.workflow.Causes;
import org.ross.runtime.workflow.PlannedNode;

/**
 * A node failed during execution. The message names the node and the cause (with row and column
 * when the node gave them); the cause keeps the stack trace for {@code --verbose}.
 */
public class NodeFailedException extends Exception {

    private static final long serialVersionUID = 1L;

    private final String nodeId;

    public NodeFailedException(PlannedNode node, Throwable cause) {
        super(node.label() + " failed: " + Causes.describe(cause), cause);
        this.nodeId = node.id();
    }

    public NodeFailedException(PlannedNode node, String problem) {
        super(node.label() + " failed: " + problem);
        this.nodeId = node.id();
    }

    public String nodeId() {
        return nodeId;
    }
}
