package org.ross.knime.nodes;

import java.util.List;
import java.util.function.Supplier;
import org.ross.knime.nodes.spi.NodeRegistry;
import org.ross.knime.nodes.spi.RossNode;

/**
 * The node types this bundle ships. Add a node by adding its constructor reference to
 * {@link #FACTORIES}; the runtime and the KNIME binding both read this list.
 */
public final class BuiltInNodes {

    /** One factory per node type, in the order `ross nodes` lists them. */
    private static final List<Supplier<RossNode>> FACTORIES = List.of(
            // The Sort-of-CLEVR source, importers and the four ROSS nodes are registered here
            // as they land in the engine.
    );

    private BuiltInNodes() {
    }

    public static NodeRegistry registry() {
        return NodeRegistry.of(FACTORIES.stream().map(Supplier::get).toList());
    }
}
