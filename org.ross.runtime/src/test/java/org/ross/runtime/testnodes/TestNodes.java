package org.ross.runtime.testnodes;

import org.ross.knime.nodes.spi.NodeRegistry;

/** The registry the runtime tests run workflows against. */
public final class TestNodes {

    private TestNodes() {
    }

    public static NodeRegistry registry() {
        return NodeRegistry.of(SourceNode::new, CopyNode::new, ModelNode::new, LeakyNode::new);
    }
}
