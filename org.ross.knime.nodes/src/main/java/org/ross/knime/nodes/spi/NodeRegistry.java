package org.ross.knime.nodes.spi;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The node types a runner knows, by {@link RossNode#type}. Built from an explicit list of
 * factories rather than {@code ServiceLoader}, so it works unchanged inside OSGi, where
 * service files of other bundles are invisible. Checks each node's declarations once here:
 * unique types, unique port names per side, unique setting keys.
 */
public final class NodeRegistry {

    private final Map<String, RossNode> byType;

    private NodeRegistry(Map<String, RossNode> byType) {
        this.byType = byType;
    }

    @SafeVarargs
    public static NodeRegistry of(Supplier<? extends RossNode>... factories) {
        List<RossNode> nodes = new ArrayList<>();
        for (Supplier<? extends RossNode> f : factories) {
            nodes.add(f.get());
        }
        return of(nodes);
    }

    public static NodeRegistry of(List<? extends RossNode> nodes) {
        Map<String, RossNode> byType = new LinkedHashMap<>();
        for (RossNode node : nodes) {
            check(node);
            if (byType.putIfAbsent(node.type(), node) != null) {
                throw new IllegalArgumentException("node type '" + node.type() + "' registered twice: "
                        + byType.get(node.type()).getClass().getName() + " and " + node.getClass().getName());
            }
        }
        return new NodeRegistry(java.util.Collections.unmodifiableMap(byType));
    }

    /** This registry plus {@code more} (tests add their own nodes to the built-in ones). */
    public NodeRegistry with(List<? extends RossNode> more) {
        List<RossNode> all = new ArrayList<>(byType.values());
        all.addAll(more);
        return of(all);
    }

    public Optional<RossNode> find(String type) {
        return Optional.ofNullable(byType.get(type));
    }

    /** All node types in registration order. */
    public List<RossNode> all() {
        return List.copyOf(byType.values());
    }

    public Set<String> types() {
        return byType.keySet();
    }

    private static void check(RossNode node) {
        String type = node.type();
        if (type == null || !type.matches("[a-z][a-z0-9-]*")) {
            throw new IllegalArgumentException("node type must be lower-case words joined by '-',"
                    + " found '" + type + "' (" + node.getClass().getName() + ")");
        }
        unique(type, "input port", node.inputs().stream().map(PortDescription::name).toList());
        unique(type, "output port", node.outputs().stream().map(PortDescription::name).toList());
        unique(type, "setting", node.settings().stream().map(SettingDescription::key).toList());
    }

    private static void unique(String type, String what, List<String> names) {
        Set<String> seen = new HashSet<>();
        for (String n : names) {
            if (!seen.add(n)) {
                throw new IllegalArgumentException("node type '" + type + "' declares " + what
                        + " '" + n + "' twice");
            }
        }
    }
}
