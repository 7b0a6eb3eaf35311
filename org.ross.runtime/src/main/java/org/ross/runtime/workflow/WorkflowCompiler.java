package org.ross.runtime.workflow;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.ross.knime.nodes.spi.InvalidSettingsException;
import org.ross.knime.nodes.spi.NodeRegistry;
import org.ross.knime.nodes.spi.PortDescription;
import org.ross.knime.nodes.spi.PortSpec;
import org.ross.knime.nodes.spi.RossNode;
import org.ross.knime.nodes.spi.Settings;
import org.ross.runtime.workflow.PlannedNode.Source;
import org.ross.runtime.workflow.WorkflowFile.Connection;
import org.ross.runtime.workflow.WorkflowFile.NodeEntry;

/**
 * Turns a {@link WorkflowFile} into a {@link CompiledWorkflow}, or says everything that is wrong
 * with it. Three passes, all before any node executes:
 *
 * <ol>
 *   <li>structure: node ids and types, settings (with command-line overrides), connections,
 *       required inputs, cycles; every problem found is reported together;</li>
 *   <li>order: a topological order, ties kept in file order so runs are reproducible;</li>
 *   <li>configure: each node's {@code configure} in that order on its upstream specs, so a missing
 *       column is reported before the first node runs.</li>
 * </ol>
 */
public final class WorkflowCompiler {

    private static final Pattern NODE_ID = Pattern.compile("[A-Za-z][A-Za-z0-9_-]*");

    private final NodeRegistry registry;

    public WorkflowCompiler(NodeRegistry registry) {
        this.registry = registry;
    }

    /**
     * @param overrides node id to setting key to raw value (from {@code --set}); applied over the
     *                  file's settings
     */
    public CompiledWorkflow compile(WorkflowFile file, Map<String, Map<String, String>> overrides)
            throws WorkflowException {
        List<String> problems = new ArrayList<>();
        if (file.nodes().isEmpty()) {
            throw new WorkflowException("the workflow has no nodes");
        }

        // 1. nodes: ids, types, settings
        Map<String, NodeEntry> entries = new LinkedHashMap<>();
        Map<String, RossNode> types = new HashMap<>();
        Map<String, Settings> settings = new HashMap<>();
        for (int i = 0; i < file.nodes().size(); i++) {
            NodeEntry e = file.nodes().get(i);
            if (e == null) {
                problems.add("node " + (i + 1) + ": empty entry");
                continue;
            }
            if (e.id() == null || !NODE_ID.matcher(e.id()).matches()) {
                problems.add("node " + (i + 1) + ": id must start with a letter and contain only"
                        + " letters, digits, '_' or '-', found " + (e.id() == null ? "none" : "'" + e.id() + "'"));
                continue;
            }
            if (entries.putIfAbsent(e.id(), e) != null) {
                problems.add("duplicate node id '" + e.id() + "' (node " + (i + 1) + ")");
                continue;
            }
            Optional<RossNode> node = Optional.ofNullable(e.type()).flatMap(registry::find);
            if (node.isEmpty()) {
                problems.add("node '" + e.id() + "': unknown node type '" + e.type() + "'; known types: "
                        + (registry.types().isEmpty() ? "none" : String.join(", ", registry.types())));
                continue;
            }
            types.put(e.id(), node.get());
        }
        overrides.keySet().stream().filter(id -> !entries.containsKey(id)).forEach(id -> problems.add("--set "
                + overrides.get(id).keySet().stream().map(k -> id + "." + k).collect(Collectors.joining(", "))
                + ": no node '" + id + "'; nodes: " + String.join(", ", entries.keySet())));
        for (var t : types.entrySet()) {
            Map<String, Object> raw = new LinkedHashMap<>(entries.get(t.getKey()).settings());
            raw.putAll(overrides.getOrDefault(t.getKey(), Map.of()));
            try {
                settings.put(t.getKey(), Settings.parse(PlannedNode.label(t.getKey(), t.getValue().type()),
                        t.getValue().settings(), raw));
            } catch (InvalidSettingsException ex) {
                problems.add(ex.getMessage());
            }
        }

        // 2. connections
        Map<String, Source[]> inputs = new LinkedHashMap<>();
        types.forEach((id, node) -> inputs.put(id, new Source[node.inputs().size()]));
        Set<String> badlyConnected = new HashSet<>(); // their "not connected" would repeat the problem
        for (Connection c : file.connections()) {
            Optional<String> problem = connect(c, types, inputs);
            if (problem.isPresent()) {
                problems.add(problem.get());
                PortRef.parse(c == null ? null : c.to()).ifPresent(to -> badlyConnected.add(to.nodeId()));
            }
        }
        for (var in : inputs.entrySet()) {
            if (badlyConnected.contains(in.getKey())) {
                continue;
            }
            List<PortDescription> ports = types.get(in.getKey()).inputs();
            for (int p = 0; p < ports.size(); p++) {
                if (in.getValue()[p] == null && !ports.get(p).optional()) {
                    problems.add(PlannedNode.label(in.getKey(), types.get(in.getKey()).type())
                            + ": required input " + describe(p, ports.get(p)) + " is not connected");
                }
            }
        }

        // 3. order (a cycle is only reported once the edges are sound)
        List<String> order = List.of();
        if (problems.isEmpty()) {
            order = topologicalOrder(new ArrayList<>(entries.keySet()), inputs, problems);
        }
        if (!problems.isEmpty()) {
            throw new WorkflowException(problems);
        }

        // 4. configure in order: spec propagation
        Map<String, List<PortSpec>> outSpecs = new HashMap<>();
        List<PlannedNode> planned = new ArrayList<>();
        for (String id : order) {
            RossNode node = types.get(id);
            List<Source> sources = Arrays.asList(inputs.get(id));
            List<PortSpec> inSpecs = new ArrayList<>();
            for (Source s : sources) {
                inSpecs.add(s == null ? null : outSpecs.get(s.nodeId()).get(s.port()));
            }
            List<PortSpec> out = configure(id, node, Collections.unmodifiableList(inSpecs), settings.get(id));
            outSpecs.put(id, out);
            planned.add(new PlannedNode(id, node, settings.get(id), sources, inSpecs, out));
        }
        String name = file.name() == null || file.name().isBlank() ? "workflow" : file.name();
        return new CompiledWorkflow(name, file.description(), planned);
    }

    private static List<PortSpec> configure(String id, RossNode node, List<PortSpec> inSpecs,
            Settings settings) throws WorkflowException {
        String label = PlannedNode.label(id, node.type());
        List<PortSpec> out;
        try {
            out = node.configure(inSpecs, settings);
        } catch (InvalidSettingsException e) {
            throw new WorkflowException(label + ": " + e.getMessage());
        } catch (RuntimeException e) { // a node that let an engine error escape configure: still one line
            throw new WorkflowException(label + ": " + Causes.describe(e));
        }
        if (out == null || out.size() != node.outputs().size()) {
            throw new IllegalStateException(label + ": configure returned "
                    + (out == null ? "null" : out.size() + " specs") + " for "
                    + node.outputs().size() + " output ports");
        }
        for (int p = 0; p < out.size(); p++) {
            if (out.get(p) != null && out.get(p).portKind() != node.outputs().get(p).kind()) {
                throw new IllegalStateException(label + ": configure returned a "
                        + out.get(p).portKind().label() + " spec for output " + describe(p, node.outputs().get(p)));
            }
        }
        return new ArrayList<>(out);
    }

    /** Records one connection in {@code inputs}; returns the problem with it, if any. */
    private static Optional<String> connect(Connection c, Map<String, RossNode> types,
            Map<String, Source[]> inputs) {
        if (c == null) {
            return Optional.of("connection: empty entry");
        }
        String at = "connection " + c + ": ";
        Optional<PortRef> from = PortRef.parse(c.from());
        Optional<PortRef> to = PortRef.parse(c.to());
        if (from.isEmpty() || to.isEmpty()) {
            return Optional.of(at + "'from' and 'to' must be <node>.<port>, the port an index or a name");
        }
        RossNode source = types.get(from.get().nodeId());
        RossNode target = types.get(to.get().nodeId());
        for (PortRef ref : List.of(from.get(), to.get())) {
            if (!types.containsKey(ref.nodeId())) {
                return Optional.of(at + "no node '" + ref.nodeId() + "'"
                        + (types.isEmpty() ? "" : "; nodes: " + String.join(", ", types.keySet())));
            }
        }
        int out = from.get().resolve(source.outputs());
        if (out < 0) {
            return Optional.of(at + PlannedNode.label(from.get().nodeId(), source.type())
                    + " has no output port '" + from.get().port() + "'; outputs: " + list(source.outputs()));
        }
        int in = to.get().resolve(target.inputs());
        if (in < 0) {
            return Optional.of(at + PlannedNode.label(to.get().nodeId(), target.type())
                    + " has no input port '" + to.get().port() + "'; inputs: " + list(target.inputs()));
        }
        PortDescription outPort = source.outputs().get(out);
        PortDescription inPort = target.inputs().get(in);
        if (outPort.kind() != inPort.kind()) {
            return Optional.of(at + "output " + describe(out, outPort) + " of '" + from.get().nodeId()
                    + "' is a " + outPort.kind().label() + " but input " + describe(in, inPort)
                    + " of '" + to.get().nodeId() + "' takes a " + inPort.kind().label());
        }
        Source[] slots = inputs.get(to.get().nodeId());
        if (slots[in] != null) {
            return Optional.of(at + "input " + describe(in, inPort) + " of '" + to.get().nodeId()
                    + "' is already connected to " + slots[in].nodeId() + "." + slots[in].port()
                    + "; an input takes one connection");
        }
        slots[in] = new Source(from.get().nodeId(), out);
        return Optional.empty();
    }

    /**
     * Kahn's algorithm; among ready nodes the one declared first runs first. Nodes left over lie
     * on or behind a cycle; one cycle is named.
     */
    private static List<String> topologicalOrder(List<String> ids, Map<String, Source[]> inputs,
            List<String> problems) {
        Map<String, Integer> position = new HashMap<>();
        Map<String, Integer> missing = new HashMap<>();
        Map<String, List<String>> consumers = new HashMap<>();
        for (int i = 0; i < ids.size(); i++) {
            position.put(ids.get(i), i);
            consumers.put(ids.get(i), new ArrayList<>());
        }
        for (String id : ids) {
            int n = 0;
            for (Source s : inputs.get(id)) {
                if (s != null) {
                    consumers.get(s.nodeId()).add(id);
                    n++;
                }
            }
            missing.put(id, n);
        }
        PriorityQueue<String> ready = new PriorityQueue<>((a, b) -> position.get(a) - position.get(b));
        ids.stream().filter(id -> missing.get(id) == 0).forEach(ready::add);
        List<String> order = new ArrayList<>();
        while (!ready.isEmpty()) {
            String id = ready.poll();
            order.add(id);
            for (String c : consumers.get(id)) {
                if (missing.merge(c, -1, Integer::sum) == 0) {
                    ready.add(c);
                }
            }
        }
        if (order.size() < ids.size()) {
            List<String> left = ids.stream().filter(id -> !order.contains(id)).toList();
            problems.add("cycle: " + String.join(" -> ", findCycle(left, inputs)));
        }
        return order;
    }

    /** Walks upstream from a leftover node until a node repeats; every leftover node has a leftover producer. */
    private static List<String> findCycle(List<String> left, Map<String, Source[]> inputs) {
        List<String> walk = new ArrayList<>();
        String at = left.get(0);
        while (!walk.contains(at)) {
            walk.add(at);
            at = Arrays.stream(inputs.get(at)).filter(s -> s != null && left.contains(s.nodeId()))
                    .findFirst().orElseThrow().nodeId();
        }
        List<String> cycle = new ArrayList<>(walk.subList(walk.indexOf(at), walk.size()));
        Collections.reverse(cycle); // upstream walk -> data-flow order
        String first = left.stream().filter(cycle::contains).findFirst().orElseThrow();
        Collections.rotate(cycle, -cycle.indexOf(first)); // start at the node declared first
        cycle.add(cycle.get(0));
        return cycle;
    }

    private static String describe(int index, PortDescription port) {
        return index + " '" + port.name() + "' (" + port.kind().label() + ")";
    }

    private static String list(List<PortDescription> ports) {
        if (ports.isEmpty()) {
            return "none";
        }
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < ports.size(); i++) {
            parts.add(describe(i, ports.get(i)));
        }
        return parts.stream().collect(Collectors.joining(", "));
    }
}
