package org.ross.runtime.workflow;

import java.util.List;

/**
 * The workflow cannot run as written: unreadable JSON, unknown node types, bad settings, bad
 * connections, a cycle, a missing column found by {@code configure}. Reported before any node
 * executes; each problem names the node or connection at fault.
 */
public class WorkflowException extends Exception {

    private static final long serialVersionUID = 1L;

    private final List<String> problems;

    public WorkflowException(String problem) {
        this(List.of(problem));
    }

    public WorkflowException(List<String> problems) {
        super(problems.size() == 1 ? problems.get(0)
                : problems.size() + " problems:\n  " + String.join("\n  ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
