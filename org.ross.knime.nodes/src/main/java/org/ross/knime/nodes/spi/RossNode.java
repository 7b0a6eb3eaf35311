package org.ross.knime.nodes.spi;

import java.io.IOException;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;

/**
 * A node type, mirroring KNIME's NodeModel life cycle: typed settings are validated, then
 * {@link #configure} checks the input specs and promises output specs without touching data, then
 * {@link #execute} does the work. Implementations are stateless; one instance serves every node
 * of its type in every workflow.
 */
public interface RossNode {

    /** Stable id used in workflow files, e.g. {@code image-tokenizer}. Never rename it. */
    String type();

    /** Human name, e.g. "Image Tokenizer". */
    String name();

    /** What the node does, a few sentences. */
    String description();

    List<PortDescription> inputs();

    List<PortDescription> outputs();

    List<SettingDescription> settings();

    /**
     * Checks settings against the input specs and computes the output specs, before any node runs.
     *
     * @param inSpecs one entry per input port; null for an unconnected optional port or a spec
     *                not known before execution
     * @return one entry per output port; null where the spec is only known after execution
     * @throws InvalidSettingsException for a missing or mistyped column, an incompatible model, a
     *                                  combination of settings that cannot work
     */
    List<PortSpec> configure(List<PortSpec> inSpecs, Settings settings) throws InvalidSettingsException;

    /**
     * Does the work. Reads inputs, writes output port k to {@link ExecutionContext#outputTable} or
     * {@link ExecutionContext#outputModel}, and returns one {@link PortObject} per output port
     * naming those paths.
     *
     * @param inputs one entry per input port; null for an unconnected optional port
     * @throws NodeExecutionException for bad data, naming row and column
     * @throws java.util.concurrent.CancellationException when {@code context} reports a cancel
     */
    List<PortObject> execute(List<PortObject> inputs, Settings settings, ExecutionContext context)
            throws Exception;

    /**
     * Extra lines for the run summary about output {@code port} (for example "PSNR 24.1 dB"); the
     * runner already prints path, row count and columns, or model kind and size.
     */
    default List<String> summarize(int port, PortObject output, BufferAllocator allocator)
            throws IOException {
        return List.of();
    }
}
