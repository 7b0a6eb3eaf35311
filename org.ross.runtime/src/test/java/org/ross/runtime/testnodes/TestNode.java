package org.ross.runtime.testnodes;

import java.util.List;
import org.ross.knime.nodes.spi.RossNode;

/** Shared declarations of the test nodes. */
abstract class TestNode implements RossNode {

    private final String type;

    TestNode(String type) {
        this.type = type;
    }

    @Override
    public String type() {
        return type;
    }

    @Override
    public String name() {
        return "Test " + type;
    }

    @Override
    public String description() {
        return "A node for runtime tests.";
    }

    static <T> List<T> one(T value) {
        return java.util.Collections.singletonList(value);
    }
}
