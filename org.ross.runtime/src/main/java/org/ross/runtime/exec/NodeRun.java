package org.ross.runtime.exec;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import org.apache.arrow.memory.BufferAllocator;
import org.ross.knime.nodes.spi.ExecutionContext;
import org.ross.knime.nodes.spi.PortDescription;
import org.ross.knime.nodes.spi.PortKind;
import org.ross.runtime.workflow.PlannedNode;

/** The {@link ExecutionContext} of one node execution in the headless runtime. */
final class NodeRun implements ExecutionContext {

    private final PlannedNode node;
    private final BufferAllocator allocator;
    private final OutputStore store;
    private final ExecutionListener listener;
    private final CancelToken cancel;
    private final List<String> warnings = new ArrayList<>();

    NodeRun(PlannedNode node, BufferAllocator allocator, OutputStore store, ExecutionListener listener,
            CancelToken cancel) {
        this.node = node;
        this.allocator = allocator;
        this.store = store;
        this.listener = listener;
        this.cancel = cancel;
    }

    @Override
    public String nodeId() {
        return node.id();
    }

    @Override
    public BufferAllocator allocator() {
        return allocator;
    }

    @Override
    public Path outputTable(int port) {
        return store.stagingPath(node.id(), output(port, PortKind.TABLE));
    }

    @Override
    public Path outputModel(int port) {
        return store.stagingPath(node.id(), output(port, PortKind.MODEL));
    }

    @Override
    public Path workDirectory() {
        Path dir = store.workDirectory(node.id());
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the work directory " + dir + " of " + node.label(), e);
        }
        return dir;
    }

    @Override
    public void warn(String message) {
        warnings.add(message);
        listener.warning(node, message);
    }

    @Override
    public void progress(double fraction, String message) {
        listener.progress(node, Math.max(0, Math.min(1, fraction)), message);
    }

    @Override
    public void checkCancelled() throws CancellationException {
        cancel.check();
    }

    List<String> warnings() {
        return List.copyOf(warnings);
    }

    private PortDescription output(int port, PortKind kind) {
        List<PortDescription> outputs = node.node().outputs();
        if (port < 0 || port >= outputs.size()) {
            throw new IndexOutOfBoundsException(node.label() + " has no output port " + port
                    + "; it has " + outputs.size());
        }
        PortDescription d = outputs.get(port);
        if (d.kind() != kind) {
            throw new IllegalArgumentException(node.label() + ": output port " + port + " '" + d.name()
                    + "' is a " + d.kind().label() + ", not a " + kind.label());
        }
        return d;
    }
}
