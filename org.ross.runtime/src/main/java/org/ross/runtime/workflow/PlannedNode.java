package org.ross.runtime.workflow;

import java.util.List;
import org.ross.knime.nodes.spi.PortSpec;
import org.ross.knime.nodes.spi.RossNode;
import org.ross.knime.nodes.spi.Settings;

/**
 * A node ready to execute: validated settings, where each input comes from, and the specs
 * {@code configure} saw and promised. Lists hold null for unconnected inputs and unknown specs.
 */
public record PlannedNode(String id, RossNode node, Settings settings, List<Source> inputs,
        List<PortSpec> inSpecs, List<PortSpec> outSpecs) {

    /** Output port {@code port} of node {@code nodeId}. */
    public record Source(String nodeId, int port) {
    }

    public PlannedNode {
        inputs = java.util.Collections.unmodifiableList(new java.util.ArrayList<>(inputs));
        inSpecs = java.util.Collections.unmodifiableList(new java.util.ArrayList<>(inSpecs));
        outSpecs = java.util.Collections.unmodifiableList(new java.util.ArrayList<>(outSpecs));
    }

    /** "node 'tok' (image-tokenizer)", how messages name this node. */
    public String label() {
        return label(id, node.type());
    }

    static String label(String id, String type) {
        return "node '" + id + "' (" + type + ")";
    }
}
