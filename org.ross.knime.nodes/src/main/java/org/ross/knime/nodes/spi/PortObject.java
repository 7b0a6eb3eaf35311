package org.ross.knime.nodes.spi;

import java.nio.file.Path;

/**
 * What a port carries after execution: a reference to data on disk, never the data itself. The
 * runner owns the files; nodes read inputs and write outputs where the {@link ExecutionContext}
 * says.
 */
public sealed interface PortObject permits TablePort, ModelPort {

    PortKind portKind();

    /** The Arrow file of a table, the directory of a model. */
    Path path();

    /** The spec a downstream {@code configure} would have seen for this object. */
    PortSpec portSpec();
}
