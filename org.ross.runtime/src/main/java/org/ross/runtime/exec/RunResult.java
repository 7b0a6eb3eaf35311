package org.ross.runtime.exec;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.ross.knime.nodes.spi.PortObject;
import org.ross.runtime.workflow.PlannedNode;

/**
 * A completed run: each node's outputs at their final paths, and any Arrow memory a node left
 * allocated (a bug in that node; the run's outputs are still complete).
 */
public record RunResult(Path outputDirectory, List<NodeResult> nodes, List<String> leaks) {

    public RunResult {
        nodes = List.copyOf(nodes);
        leaks = List.copyOf(leaks);
    }

    public record NodeResult(PlannedNode node, List<PortObject> outputs, Duration elapsed,
            List<String> warnings) {

        public NodeResult {
            outputs = List.copyOf(outputs);
            warnings = List.copyOf(warnings);
        }
    }
}
