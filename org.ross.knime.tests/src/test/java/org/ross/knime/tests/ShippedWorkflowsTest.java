package org.ross.knime.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.ross.knime.nodes.BuiltInNodes;
import org.ross.runtime.workflow.CompiledWorkflow;
import org.ross.runtime.workflow.WorkflowCompiler;
import org.ross.runtime.workflow.WorkflowFile;

/**
 * Every workflow template we ship passes the whole pre-flight check (structure, settings, and each
 * node's configure on the propagated specs) against the shipped node registry, so a renamed setting
 * or port cannot silently break a template.
 */
class ShippedWorkflowsTest {

    private static final Path WORKFLOWS = Path.of(System.getProperty("basedir", "."), "..", "workflows").normalize();

    @Test
    void everyShippedWorkflowCompiles() throws Exception {
        List<Path> files;
        try (Stream<Path> s = Files.list(WORKFLOWS)) {
            files = s.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        }
        assertFalse(files.isEmpty(), "no workflows found in " + WORKFLOWS);
        WorkflowCompiler compiler = new WorkflowCompiler(BuiltInNodes.registry());
        for (Path file : files) {
            compiler.compile(WorkflowFile.read(file), Map.of()); // throws with every problem listed
        }
    }

    @Test
    void theQuickstartRunsAllFourRossNodesInDependencyOrder() throws Exception {
        CompiledWorkflow quickstart = new WorkflowCompiler(BuiltInNodes.registry())
                .compile(WorkflowFile.read(WORKFLOWS.resolve("quickstart.json")), Map.of());
        List<String> types = quickstart.order().stream().map(p -> p.node().type()).toList();
        assertEquals(List.of("sort-of-clevr", "sort-of-clevr", "image-tokenizer", "reconstructive-tuner",
                "vqa-predictor", "reconstruction-scorer"), types);
    }
}
