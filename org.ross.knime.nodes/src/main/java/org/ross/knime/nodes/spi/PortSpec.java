package org.ross.knime.nodes.spi;

/**
 * What is known about a port before execution: the columns of a table, the kind of a model.
 * {@code configure} receives and returns these; {@code null} in their place means "not known
 * until execution" (or an unconnected optional input).
 */
public sealed interface PortSpec permits TablePortSpec, ModelPortSpec {

    PortKind portKind();
}
