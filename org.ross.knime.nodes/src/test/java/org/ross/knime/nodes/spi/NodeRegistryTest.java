package org.ross.knime.nodes.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.ross.knime.nodes.BuiltInNodes;

class NodeRegistryTest {

    /** A node with just declarations; configure and execute are never called here. */
    record Declared(String type, List<PortDescription> inputs, List<PortDescription> outputs,
            List<SettingDescription> settings) implements RossNode {

        Declared(String type) {
            this(type, List.of(), List.of(PortDescription.table("table", "out")), List.of());
        }

        @Override
        public String name() {
            return type;
        }

        @Override
        public String description() {
            return "test node";
        }

        @Override
        public List<PortSpec> configure(List<PortSpec> inSpecs, Settings settings) {
            return java.util.Arrays.asList((PortSpec) null);
        }

        @Override
        public List<PortObject> execute(List<PortObject> inputs, Settings settings, ExecutionContext context) {
            throw new UnsupportedOperationException();
        }
    }

    @Test
    void findsNodesByTypeInRegistrationOrder() {
        Declared a = new Declared("source-a");
        Declared b = new Declared("copy-b");
        NodeRegistry registry = NodeRegistry.of(List.of(a, b));
        assertSame(b, registry.find("copy-b").orElseThrow());
        assertTrue(registry.find("missing").isEmpty());
        assertEquals(List.of(a, b), registry.all());
    }

    @Test
    void factoriesAreCalledOnce() {
        NodeRegistry registry = NodeRegistry.of(() -> new Declared("one"), () -> new Declared("two"));
        assertEquals(List.of("one", "two"), List.copyOf(registry.types()));
    }

    @Test
    void rejectsDuplicateTypes() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> NodeRegistry.of(List.of(new Declared("x"), new Declared("x"))));
        assertTrue(e.getMessage().startsWith("node type 'x' registered twice"), e.getMessage());
    }

    @Test
    void rejectsBadTypeIdsAndDuplicateDeclarations() {
        assertThrows(IllegalArgumentException.class, () -> NodeRegistry.of(List.of(new Declared("Image Tokenizer"))));
        var twoPorts = new Declared("two-ports", List.of(), List.of(PortDescription.table("t", "a"),
                PortDescription.model("t", "b")), List.of());
        var e = assertThrows(IllegalArgumentException.class, () -> NodeRegistry.of(List.of(twoPorts)));
        assertEquals("node type 'two-ports' declares output port 't' twice", e.getMessage());
        var twoSettings = new Declared("two-settings", List.of(), List.of(), List.of(
                SettingDescription.intSetting("n", 1, 0, 2, "a"), SettingDescription.booleanSetting("n", true, "b")));
        assertThrows(IllegalArgumentException.class, () -> NodeRegistry.of(List.of(twoSettings)));
    }

    @Test
    void withAddsNodesToAnExistingRegistry() {
        NodeRegistry registry = BuiltInNodes.registry().with(List.of(new Declared("extra")));
        assertTrue(registry.find("extra").isPresent());
    }

    @Test
    void portNamesMustBeIdentifiers() {
        assertThrows(IllegalArgumentException.class, () -> PortDescription.table("my table", "x"));
        assertThrows(IllegalArgumentException.class, () -> PortDescription.table("0", "x"));
        assertTrue(PortDescription.model("tokenizer", "x").asOptional().optional());
    }
}
