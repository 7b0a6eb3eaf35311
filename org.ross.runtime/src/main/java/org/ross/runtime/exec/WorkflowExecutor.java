package org.ross.runtime.exec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.ross.knime.nodes.spi.ModelPort;
import org.ross.knime.nodes.spi.ModelPortSpec;
import org.ross.knime.nodes.spi.PortDescription;
import org.ross.knime.nodes.spi.PortObject;
import org.ross.knime.nodes.spi.PortSpec;
import org.ross.knime.nodes.spi.TablePort;
import org.ross.runtime.exec.RunResult.NodeResult;
import org.ross.runtime.workflow.CompiledWorkflow;
import org.ross.runtime.workflow.PlannedNode;

/**
 * Runs a compiled workflow node by node in its order. One root Arrow allocator per run, one named
 * child per node execution; outputs are staged and committed per node (see {@link OutputStore}).
 * Stops at the first failure or cancel: outputs of nodes that completed stay committed, the
 * interrupted node's previous outputs stay untouched.
 */
public final class WorkflowExecutor {

    private final ExecutionListener listener;
    private final CancelToken cancel;

    public WorkflowExecutor(ExecutionListener listener, CancelToken cancel) {
        this.listener = listener;
        this.cancel = cancel;
    }

    /**
     * @throws NodeFailedException   naming the node that failed and why
     * @throws CancellationException when the cancel token was set
     * @throws IOException           when the output directory cannot be written
     */
    public RunResult run(CompiledWorkflow workflow, Path outputDirectory)
            throws NodeFailedException, IOException {
        OutputStore store = new OutputStore(outputDirectory);
        store.open();
        List<String> leaks = new ArrayList<>();
        Map<String, List<PortObject>> outputs = new HashMap<>();
        List<NodeResult> results = new ArrayList<>();
        RootAllocator root = new RootAllocator();
        try {
            int index = 0;
            for (PlannedNode node : workflow.order()) {
                cancel.check();
                List<PortObject> inputs = new ArrayList<>();
                for (PlannedNode.Source s : node.inputs()) {
                    inputs.add(s == null ? null : outputs.get(s.nodeId()).get(s.port()));
                }
                NodeResult result = execute(node, index++, workflow.order().size(), inputs, store, root, leaks);
                outputs.put(node.id(), result.outputs());
                results.add(result);
            }
        } finally {
            closeRoot(root, leaks);
            store.close();
        }
        return new RunResult(outputDirectory, results, leaks);
    }

    private NodeResult execute(PlannedNode node, int index, int total, List<PortObject> inputs,
            OutputStore store, BufferAllocator root, List<String> leaks) throws NodeFailedException, IOException {
        long start = System.nanoTime();
        listener.nodeStarted(node, index, total);
        store.discard(node.id());
        Files.createDirectories(store.stagingDirectory(node.id()));
        // the child allocator is this node's scope; closed right after execute, whatever happened
        BufferAllocator allocator = root.newChildAllocator("node " + node.id(), 0, Long.MAX_VALUE);
        NodeRun run = new NodeRun(node, allocator, store, listener, cancel);
        List<PortObject> committed;
        try {
            List<PortObject> produced;
            try {
                produced = node.node().execute(java.util.Collections.unmodifiableList(inputs),
                        node.settings(), run);
            } finally {
                close(node, allocator, leaks);
            }
            committed = commit(node, produced, store);
        } catch (CancellationException | NodeFailedException e) {
            stopped(node, start, store, e);
            throw e;
        } catch (Exception e) {
            stopped(node, start, store, e);
            throw new NodeFailedException(node, e);
        }
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
        listener.nodeFinished(node, elapsed);
        return new NodeResult(node, committed, elapsed, run.warnings());
    }

    private void stopped(PlannedNode node, long start, OutputStore store, Throwable why) throws IOException {
        store.discard(node.id());
        listener.nodeStopped(node, Duration.ofNanos(System.nanoTime() - start), why);
    }

    /** Checks what the node returned against its ports and promises, then moves it into place. */
    private static List<PortObject> commit(PlannedNode node, List<PortObject> produced, OutputStore store)
            throws NodeFailedException, IOException {
        List<PortDescription> ports = node.node().outputs();
        if (produced == null || produced.size() != ports.size()) {
            throw new NodeFailedException(node, "execute returned " + (produced == null ? "null"
                    : produced.size() + " outputs") + " for " + ports.size() + " output ports");
        }
        for (int p = 0; p < ports.size(); p++) {
            check(node, p, produced.get(p), store);
        }
        List<PortObject> committed = new ArrayList<>();
        for (int p = 0; p < ports.size(); p++) {
            Path target = store.commit(node.id(), ports.get(p));
            committed.add(produced.get(p) instanceof TablePort t ? t.withFile(target)
                    : ((ModelPort) produced.get(p)).withDirectory(target));
        }
        return committed;
    }

    private static void check(PlannedNode node, int p, PortObject out, OutputStore store)
            throws NodeFailedException, IOException {
        PortDescription port = node.node().outputs().get(p);
        String which = "output " + p + " '" + port.name() + "'";
        if (out == null || out.portKind() != port.kind()) {
            throw new NodeFailedException(node, which + " must be a " + port.kind().label() + ", execute returned "
                    + (out == null ? "nothing" : "a " + out.portKind().label()));
        }
        Path staged = store.stagingPath(node.id(), port);
        if (!out.path().toAbsolutePath().normalize().equals(staged.toAbsolutePath().normalize())) {
            // a node may hand on a file it did not write (a pass-through); copy it into staging
            if (!Files.isRegularFile(out.path())) {
                throw new NodeFailedException(node, which + ": nothing written at " + staged);
            }
            Files.copy(out.path(), staged, StandardCopyOption.REPLACE_EXISTING);
        }
        if (!Files.exists(staged)) {
            throw new NodeFailedException(node, which + ": nothing written at " + staged);
        }
        PortSpec promised = node.outSpecs().get(p);
        if (promised != null && !keeps(promised, out.portSpec())) {
            throw new NodeFailedException(node, which + ": configure promised " + promised
                    + " but execute produced " + out.portSpec());
        }
    }

    /** Tables must have the promised columns; models the promised kind (their summary may grow). */
    private static boolean keeps(PortSpec promised, PortSpec actual) {
        if (promised instanceof ModelPortSpec m && actual instanceof ModelPortSpec a) {
            return m.kind().equals(a.kind());
        }
        return promised.equals(actual);
    }

    private void close(PlannedNode node, BufferAllocator allocator, List<String> leaks) {
        long bytes = allocator.getAllocatedMemory();
        try {
            allocator.close();
        } catch (IllegalStateException e) {
            String leak = node.label() + " left " + bytes + " bytes of Arrow memory allocated";
            leaks.add(leak);
            listener.warning(node, leak);
        }
    }

    private static void closeRoot(RootAllocator root, List<String> leaks) {
        try {
            root.close();
        } catch (IllegalStateException e) {
            leaks.add("the run's root allocator: " + e.getMessage().lines().findFirst().orElse(""));
        }
    }
}
