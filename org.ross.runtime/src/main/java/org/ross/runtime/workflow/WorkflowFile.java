package org.ross.runtime.workflow;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.ross.core.io.JsonProblems;

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
        // null entries stay, so the compiler can name them ("node 2: empty entry"); List.copyOf would throw
        nodes = nodes == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(nodes));
        connections = connections == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(connections));
    }

    /** One node: its id in this workflow, its type and raw setting values. */
    public record NodeEntry(String id, String type, Map<String, Object> settings) {

        public NodeEntry {
            // JSON null values stay (they mean "default"), so no Map.copyOf here
            settings = settings == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(settings));
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

    /** The shape of a workflow file, quoted when the file holds something else. */
    private static final String EXAMPLE = "{\"name\": ..., \"nodes\": [...], \"connections\": [...]}";

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

    /** The problem in the user's terms: where, what was expected and what was found; no Java type names. */
    private static WorkflowException problem(String source, JsonProcessingException e) {
        if (e instanceof UnrecognizedPropertyException u) {
            return new WorkflowException(source + where(u.getLocation()) + ": unknown field '"
                    + u.getPropertyName() + "'; known fields: " + u.getKnownPropertyIds().stream()
                    .map(Object::toString).sorted().collect(Collectors.joining(", ")));
        }
        if (e instanceof MismatchedInputException m) {
            JsonToken found = m.getProcessor() instanceof JsonParser p ? p.currentToken() : null;
            if (found == null) {
                return new WorkflowException(source + ": no JSON in it; expected an object such as " + EXAMPLE);
            }
            String what = m.getPath().isEmpty() ? "the workflow" : "'" + path(m.getPath()) + "'";
            String expected = m.getPath().isEmpty() ? "an object such as " + EXAMPLE : kind(m.getTargetType());
            return new WorkflowException(source + where(m.getLocation()) + ": " + what + " must be " + expected
                    + ", found " + kind(found));
        }
        return new WorkflowException(source + where(e.getLocation()) + ": " + JsonProblems.message(e));
    }

    /** {@code nodes[0].settings} from Jackson's reference chain. */
    private static String path(List<JsonMappingException.Reference> refs) {
        StringBuilder out = new StringBuilder();
        for (JsonMappingException.Reference r : refs) {
            if (r.getFieldName() != null) {
                out.append(out.isEmpty() ? "" : ".").append(r.getFieldName());
            } else {
                out.append('[').append(r.getIndex()).append(']');
            }
        }
        return out.toString();
    }

    private static String kind(Class<?> type) {
        if (type == null) {
            return "another kind of value";
        }
        if (Collection.class.isAssignableFrom(type)) {
            return "a list";
        }
        if (type == String.class) {
            return "a text";
        }
        return Number.class.isAssignableFrom(type) || type.isPrimitive() ? "a number" : "an object";
    }

    private static String kind(JsonToken token) {
        return switch (token) {
            case START_ARRAY -> "a list";
            case START_OBJECT -> "an object";
            case VALUE_STRING -> "a text";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
            case VALUE_TRUE, VALUE_FALSE -> "true/false";
            case VALUE_NULL -> "null";
            default -> "'" + token.asString() + "'";
        };
    }

    private static String where(JsonLocation at) {
        return at == null || at.getLineNr() < 0 ? ""
                : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")";
    }
}
