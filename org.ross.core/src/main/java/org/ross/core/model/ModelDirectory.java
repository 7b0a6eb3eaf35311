package org.ross.core.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.ross.core.io.FileTrees;
import org.ross.core.io.JsonProblems;

/**
 * A model port on disk: a directory holding {@code model.json} ({@link ModelManifest}) and
 * {@code model.safetensors}. Writing is atomic: the new model is built completely in a temporary
 * sibling directory and only then moved onto the target, so a failed or cancelled write leaves the
 * previous model intact.
 */
public final class ModelDirectory {

    public static final String MANIFEST_FILE = "model.json";
    public static final String WEIGHTS_FILE = "model.safetensors";

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** A model read back: its manifest and its weights by name. */
    public record Contents(ModelManifest manifest, Map<String, FloatTensor> weights) {
    }

    private ModelDirectory() {
    }

    public static void write(Path target, ModelManifest manifest, Map<String, FloatTensor> weights)
            throws IOException {
        Path dir = target.toAbsolutePath().normalize();
        Path parent = dir.getParent();
        Files.createDirectories(parent);
        Path staging = Files.createTempDirectory(parent, "." + dir.getFileName() + ".new-");
        Path retired = null;
        try {
            Files.write(staging.resolve(MANIFEST_FILE), JSON.writeValueAsBytes(manifest.toJson()));
            Safetensors.write(staging.resolve(WEIGHTS_FILE), weights,
                    Map.of("format", ModelManifest.FORMAT, "kind", manifest.kind()));
            if (Files.exists(dir)) {
                retired = parent.resolve("." + dir.getFileName() + ".old-" + staging.getFileName());
                FileTrees.move(dir, retired);
            }
            try {
                FileTrees.move(staging, dir);
            } catch (IOException e) {
                if (retired != null) {
                    FileTrees.move(retired, dir);
                    retired = null;
                }
                throw e;
            }
        } finally {
            FileTrees.deleteRecursively(staging);
            if (retired != null) {
                FileTrees.deleteRecursively(retired);
            }
        }
    }

    /** Reads a model and checks that it is a {@code ross-model} of {@code expectedKind}. */
    public static Contents read(Path dir, String expectedKind) throws IOException {
        Path manifestFile = dir.resolve(MANIFEST_FILE);
        if (!Files.isRegularFile(manifestFile)) {
            throw new IOException(dir + ": no " + MANIFEST_FILE + " found; expected a model directory"
                    + " written by a ROSS node");
        }
        JsonNode root;
        try {
            root = JSON.readTree(manifestFile.toFile());
        } catch (JsonProcessingException e) {
            throw new IOException(dir + ": " + MANIFEST_FILE + " is not valid JSON: " + JsonProblems.message(e), e);
        }
        String format = root.path("format").asText("");
        if (!format.equals(ModelManifest.FORMAT)) {
            throw new IOException(dir + ": " + MANIFEST_FILE + " format is '" + format + "', expected '"
                    + ModelManifest.FORMAT + "'");
        }
        int version = root.path("formatVersion").asInt(-1);
        if (version != ModelManifest.FORMAT_VERSION) {
            throw new IOException(dir + ": " + MANIFEST_FILE + " formatVersion is " + version
                    + ", expected " + ModelManifest.FORMAT_VERSION + "; use a matching version of ROSS");
        }
        String kind = root.path("kind").asText("");
        if (!kind.equals(expectedKind)) {
            throw new IOException(dir + ": " + MANIFEST_FILE + " kind is '" + kind + "', expected '"
                    + expectedKind + "'");
        }
        ObjectNode sections = ((ObjectNode) root).deepCopy();
        sections.remove(List.of("format", "formatVersion", "kind", "config", "preprocessing", "provenance"));
        ModelManifest manifest = new ModelManifest(kind, object(root, "config"), object(root, "preprocessing"),
                object(root, "provenance"), sections);
        Path weightsFile = dir.resolve(WEIGHTS_FILE);
        if (!Files.isRegularFile(weightsFile)) {
            throw new IOException(dir + ": no " + WEIGHTS_FILE + " found next to " + MANIFEST_FILE);
        }
        return new Contents(manifest, new TreeMap<>(Safetensors.read(weightsFile).tensors()));
    }

    private static ObjectNode object(JsonNode root, String field) {
        JsonNode n = root.path(field);
        return n.isObject() ? (ObjectNode) n : null;
    }

}
