package org.ross.runtime.workflow;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A workflow as written in its JSON file, before validation:
 *
 * <pre>{@code
 * {"name": "demo", "description": "...",
 *  "nodes": [{"id": "clevr", "type": "sort-of-clevr", "settings": {"images": 64}}, ...],
 *  "connections": [{"from": "clevr.0", "to": "tok.images"}]}
 * }</pre>
 *
 * A port reference is {@code <nodeId>.<port>}, the port given by index or by name.
 */
public record WorkflowFile(String name, String description, List<NodeEntry> nodes,
        List<Connection> connections) {

    public WorkflowFile {
        description = description == null ? "" : description;
        nodes = nodes == null ? List.of() : List.copyOf(nodes);
        connections = connections == null ? List.of() : List.copyOf(connections);
    }

    /** One node: its id in this workflow, its type and raw setting values. */
    public record NodeEntry(String id, String type, Map<String, Object> settings) {

        public NodeEntry {
            // JSON null values stay (they mean "default"), so no Map.copyOf here
            settings = settings == null ? Map.of() : java.util.Collections.unmodifiableMap(
                    new java.util.LinkedHashMap<>(settings));
        }
    }

    /** An edge from an output port to an input port. */
    public record Connection(String from, String to) {

        @Override
        public String toString() {
            return from + " -> " + to;
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

    public static WorkflowFile read(Path file) throws WorkflowException {
        try {
            try (var in = java.nio.file.Files.newInputStream(file)) {
                return JSON.readValue(in, WorkflowFile.class);
            }
        } catch (JsonProcessingException e) {
            throw problem(file.toString(), e);
        } catch (NoSuchFileException e) {
            throw new WorkflowException(file + ": no such file");
        } catch (IOException e) {
            throw new WorkflowException(file + ": cannot read: " + e.getMessage());
        }
    }

    /** Parses JSON text (tests, templates embedded in code). */
    public static WorkflowFile parse(String json) throws WorkflowException {
        try {
            return JSON.readValue(json, WorkflowFile.class);
        } catch (JsonProcessingException e) {
            throw problem("workflow", e);
        }
    }

    private static WorkflowException problem(String source, JsonProcessingException e) {
        if (e instanceof UnrecognizedPropertyException u) {
            return new WorkflowException(source + where(u.getLocation()) + ": unknown field '"
                    + u.getPropertyName() + "'; known fields: " + u.getKnownPropertyIds().stream()
                    .map(Object::toString).sorted().collect(Collectors.joining(", ")));
        }
        return new WorkflowException(source + where(e.getLocation()) + ": " + e.getOriginalMessage());
    }

    private static String where(JsonLocation at) {
        return at == null || at.getLineNr() < 0 ? ""
                : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")";
    }
}
