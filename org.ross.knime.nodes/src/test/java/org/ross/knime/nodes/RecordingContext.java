package org.ross.knime.nodes;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.ross.knime.nodes.spi.ExecutionContext;

/**
 * The runner's execution context reduced to what a node test needs: outputs under {@code dir},
 * the caller's allocator (the caller closes it), warnings collected in order, never cancelled.
 */
public final class RecordingContext implements ExecutionContext {

    private final String nodeId;
    private final Path dir;
    private final BufferAllocator allocator;
    private final boolean stateless;
    private final List<String> warnings = new ArrayList<>();

    public RecordingContext(String nodeId, Path dir, BufferAllocator allocator) {
        this(nodeId, dir, allocator, false);
    }

    private RecordingContext(String nodeId, Path dir, BufferAllocator allocator, boolean stateless) {
        this.nodeId = nodeId;
        this.dir = dir;
        this.allocator = allocator;
        this.stateless = stateless;
    }

    /** For a node that must keep no state between runs: asking for its work directory fails the test. */
    public static RecordingContext stateless(String nodeId, Path dir, BufferAllocator allocator) {
        return new RecordingContext(nodeId, dir, allocator, true);
    }

    public List<String> warnings() {
        return List.copyOf(warnings);
    }

    @Override
    public String nodeId() {
        return nodeId;
    }

    @Override
    public BufferAllocator allocator() {
        return allocator;
    }

    @Override
    public Path outputTable(int port) {
        return dir.resolve("out-" + port + ".arrow");
    }

    @Override
    public Path outputModel(int port) {
        return dir.resolve("model-out-" + port);
    }

    @Override
    public Path workDirectory() {
        if (stateless) {
            throw new UnsupportedOperationException("node '" + nodeId + "' must keep no state between runs");
        }
        return dir.resolve("work");
    }

    @Override
    public void warn(String message) {
        warnings.add(message);
    }

    @Override
    public void progress(double fraction, String message) {
    }

    @Override
    public void checkCancelled() {
    }
}
