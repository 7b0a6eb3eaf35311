package org.ross.knime.nodes.spi;

import java.nio.file.Path;
import org.apache.arrow.memory.BufferAllocator;
import org.ross.core.ProgressMonitor;

/**
 * What a node gets for one execution, besides its inputs and settings. The runner (or the KNIME
 * binding) creates it, and closes everything it hands out once {@code execute} returns.
 *
 * <p>Progress and cancellation come from {@link ProgressMonitor}: pass this context (or a
 * {@link #slice}) straight to engine calls; {@link #checkCancelled} throws
 * {@link java.util.concurrent.CancellationException} once the user asked to stop.
 */
public interface ExecutionContext extends ProgressMonitor {

    /** The id of the node in its workflow, for messages. */
    String nodeId();

    /**
     * A child allocator named after this node, for the Arrow buffers of this execution. The runner
     * closes it after {@code execute}; anything still allocated then is reported as a leak.
     */
    BufferAllocator allocator();

    /**
     * Where output table port {@code port} must be written (an Arrow IPC file). The runner moves
     * it to its final place only when the whole node succeeded, so a failed or cancelled execution
     * leaves the previous outputs in place.
     */
    Path outputTable(int port);

    /** Where output model port {@code port} must be written: a directory that does not exist yet. */
    Path outputModel(int port);

    /**
     * A directory that belongs to this node of this workflow and outlives its executions: the
     * runner never clears it, whether an execution succeeds, fails or is cancelled. For state a
     * later execution continues from, such as training checkpoints. Created on first call.
     */
    Path workDirectory();

    /** A warning the user should see (for example "12 rows skipped: empty image"); execution goes on. */
    void warn(String message);
}
