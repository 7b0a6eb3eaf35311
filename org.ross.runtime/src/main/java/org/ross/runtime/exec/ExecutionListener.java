package org.ross.runtime.exec;

import java.time.Duration;
import org.ross.runtime.workflow.PlannedNode;

/** What the executor reports while it runs; the command line prints it, tests record it. */
public interface ExecutionListener {

    ExecutionListener NONE = new ExecutionListener() {
    };

    /** Node {@code index} (0-based) of {@code total} starts. */
    default void nodeStarted(PlannedNode node, int index, int total) {
    }

    /** {@code fraction} in [0, 1] of this node's work is done. */
    default void progress(PlannedNode node, double fraction, String message) {
    }

    default void warning(PlannedNode node, String message) {
    }

    default void nodeFinished(PlannedNode node, Duration elapsed) {
    }

    /** The node failed or was cancelled; its previous outputs are untouched. */
    default void nodeStopped(PlannedNode node, Duration elapsed, Throwable why) {
    }
}
