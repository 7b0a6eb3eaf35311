package org.ross.runtime.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ross.knime.nodes.spi.ModelPort;
import org.ross.knime.nodes.spi.TablePort;
import org.ross.runtime.testnodes.ModelNode;
import org.ross.runtime.testnodes.TestNodes;
import org.ross.runtime.testnodes.TestTables;
import org.ross.runtime.workflow.CompiledWorkflow;
import org.ross.runtime.workflow.PlannedNode;
import org.ross.runtime.workflow.WorkflowCompiler;
import org.ross.runtime.workflow.WorkflowFile;

class WorkflowExecutorTest {

    private static final String THREE_NODES = "{'name': 'three', 'nodes': ["
            + "{'id': 'src', 'type': 'test-source', 'settings': {'rows': 3}},"
            + "{'id': 'copy', 'type': 'test-copy'}, {'id': 'fit', 'type': 'test-model'}],"
            + "'connections': [{'from': 'src.0', 'to': 'copy.0'}, {'from': 'copy.0', 'to': 'fit.table'}]}";

    @TempDir
    Path out;

    private final RootAllocator allocator = new RootAllocator();

    @AfterEach
    void closeAllocator() {
        allocator.close(); // fails the test if reading back leaked
    }

    private static CompiledWorkflow compile(String json, Map<String, Map<String, String>> overrides)
            throws Exception {
        return new WorkflowCompiler(TestNodes.registry()).compile(WorkflowFile.parse(json.replace('\'', '"')), overrides);
    }

    private RunResult run(Map<String, Map<String, String>> overrides, ExecutionListener listener, CancelToken cancel)
            throws Exception {
        return new WorkflowExecutor(listener, cancel).run(compile(THREE_NODES, overrides), out);
    }

    private List<String> labels(String relative) throws Exception {
        return TestTables.labels(out.resolve(relative), allocator);
    }

    @Test
    void runsNodesInOrderAndWritesEachPortToItsPath() throws Exception {
        List<String> events = new ArrayList<>();
        ExecutionListener recorder = new ExecutionListener() {
            @Override
            public void nodeStarted(PlannedNode node, int index, int total) {
                events.add("start " + node.id() + " " + (index + 1) + "/" + total);
            }

            @Override
            public void nodeFinished(PlannedNode node, java.time.Duration elapsed) {
                events.add("done " + node.id());
            }
        };
        RunResult result = run(Map.of(), recorder, new CancelToken());

        assertEquals(List.of("start src 1/3", "done src", "start copy 2/3", "done copy", "start fit 3/3",
                "done fit"), events);
        assertEquals(List.of("row0", "row1", "row2"), labels("src/table.arrow"));
        assertEquals(List.of("row0", "row1", "row2"), labels("copy/table.arrow"));
        assertTrue(Files.readString(out.resolve("fit/model/model.json")).contains("\"trainedOn\": \"table.arrow\""));
        assertEquals(new TablePort(out.resolve("copy/table.arrow"), TestTables.SPEC), result.nodes().get(1).outputs().get(0));
        assertEquals(new ModelPort(out.resolve("fit/model"), ModelNode.KIND), result.nodes().get(2).outputs().get(0));
        assertTrue(result.leaks().isEmpty(), result.leaks().toString());
        assertFalse(Files.exists(out.resolve(".staging")));
    }

    @Test
    void summaryGivesRowsColumnsModelKindAndNodeLines() throws Exception {
        List<String> lines = RunSummary.lines(run(Map.of(), ExecutionListener.NONE, new CancelToken()));
        assertEquals(List.of(
                "outputs in " + out + ":",
                "  src.table  " + out.resolve("src/table.arrow"),
                "      table, 3 rows; columns: id (int64), label (text)",
                "  copy.table  " + out.resolve("copy/table.arrow"),
                "      table, 3 rows; columns: id (int64), label (text)",
                "  fit.model  " + out.resolve("fit/model"),
                "      model test-kind, " + Files.size(out.resolve("fit/model/model.json")) + " B",
                "      fitted on a test table"), lines);
    }

    @Test
    void aFailingNodeLeavesItsPreviousOutputsIntact() throws Exception {
        run(Map.of(), ExecutionListener.NONE, new CancelToken());
        byte[] previousModel = Files.readAllBytes(out.resolve("fit/model/model.json"));

        // copy writes its whole output, then fails: nothing of it may reach copy/table.arrow
        var e = assertThrows(NodeFailedException.class, () -> run(Map.of("src", Map.of("rows", "5"),
                "copy", Map.of("failAtRow", "1")), ExecutionListener.NONE, new CancelToken()));

        assertEquals("node 'copy' (test-copy) failed: row 1, column 'id': test failure", e.getMessage());
        assertEquals("copy", e.nodeId());
        assertEquals(List.of("row0", "row1", "row2", "row3", "row4"), labels("src/table.arrow"));
        assertEquals(List.of("row0", "row1", "row2"), labels("copy/table.arrow"));
        assertEquals(new String(previousModel), Files.readString(out.resolve("fit/model/model.json")));
        assertFalse(Files.exists(out.resolve(".staging")));
    }

    @Test
    void cancellationStopsAtTheNextCheckAndKeepsPreviousOutputs() throws Exception {
        run(Map.of(), ExecutionListener.NONE, new CancelToken());
        CancelToken cancel = new CancelToken();
        List<String> stopped = new ArrayList<>();
        ExecutionListener cancelInCopy = new ExecutionListener() {
            @Override
            public void progress(PlannedNode node, double fraction, String message) {
                if (node.id().equals("copy")) {
                    cancel.cancel(); // as Ctrl-C would, from another thread
                }
            }

            @Override
            public void nodeStopped(PlannedNode node, java.time.Duration elapsed, Throwable why) {
                stopped.add(node.id() + ": " + why.getClass().getSimpleName());
            }
        };

        assertThrows(CancellationException.class, () -> run(Map.of("src", Map.of("prefix", "new")),
                Map.of("copy", Map.of("waitForCancel", "true")), cancelInCopy, cancel));

        assertEquals(List.of("copy: CancellationException"), stopped);
        assertEquals(List.of("new0", "new1", "new2"), labels("src/table.arrow"));
        assertEquals(List.of("row0", "row1", "row2"), labels("copy/table.arrow"));
        assertFalse(Files.exists(out.resolve(".staging")));
    }

    private RunResult run(Map<String, Map<String, String>> a, Map<String, Map<String, String>> b,
            ExecutionListener listener, CancelToken cancel) throws Exception {
        Map<String, Map<String, String>> all = new java.util.HashMap<>(a);
        all.putAll(b);
        return run(all, listener, cancel);
    }

    @Test
    void theWorkDirectoryOutlivesSuccessfulAndCancelledRuns() throws Exception {
        run(Map.of(), ExecutionListener.NONE, new CancelToken());
        CancelToken cancel = new CancelToken();
        ExecutionListener cancelInCopy = new ExecutionListener() {
            @Override
            public void progress(PlannedNode node, double fraction, String message) {
                if (node.id().equals("copy")) {
                    cancel.cancel();
                }
            }
        };
        assertThrows(CancellationException.class, () -> run(Map.of("src", Map.of("rows", "4")),
                Map.of("copy", Map.of("waitForCancel", "true")), cancelInCopy, cancel));
        run(Map.of("src", Map.of("rows", "2")), ExecutionListener.NONE, new CancelToken());

        assertEquals(List.of("rows=3", "rows=4", "rows=2"), Files.readAllLines(out.resolve(".work/src/runs.txt")));
        assertFalse(Files.exists(out.resolve(".work/copy")), "created only when a node asks for it");
        assertFalse(Files.exists(out.resolve(".staging")));
    }

    @Test
    void aCancelBeforeTheFirstNodeRunsNothing() {
        CancelToken cancel = new CancelToken();
        cancel.cancel();
        assertThrows(CancellationException.class, () -> run(Map.of(), ExecutionListener.NONE, cancel));
        assertFalse(Files.exists(out.resolve("src")));
    }

    @Test
    void leakedArrowMemoryIsReportedWithTheNode() throws Exception {
        CompiledWorkflow wf = compile("{'nodes': [{'id': 'leaky', 'type': 'test-leak'}]}", Map.of());
        RunResult result = new WorkflowExecutor(ExecutionListener.NONE, new CancelToken()).run(wf, out);
        assertEquals("node 'leaky' (test-leak) left 64 bytes of Arrow memory allocated", result.leaks().get(0));
        assertEquals(List.of("leak0"), labels("leaky/table.arrow"));
    }
}
