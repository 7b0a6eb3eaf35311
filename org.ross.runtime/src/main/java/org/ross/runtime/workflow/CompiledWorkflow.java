package org.ross.runtime.workflow;

import java.util.List;

/** A validated and configured workflow: its nodes in an order where inputs come first. */
public record CompiledWorkflow(String name, String description, List<PlannedNode> order) {

    public CompiledWorkflow {
        order = List.copyOf(order);
    }

    /** The name as a directory name: letters, digits, '.', '_' and '-' kept, the rest '_'. */
    public String directoryName() {
        String cleaned = name.replaceAll("[^A-Za-z0-9._-]", "_");
        return cleaned.isEmpty() || cleaned.chars().allMatch(c -> c == '.') ? "workflow" : cleaned;
    }
}
