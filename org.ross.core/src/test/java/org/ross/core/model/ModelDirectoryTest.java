package org.ross.core.model;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ModelDirectoryTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static ModelManifest manifest(String kind, int width) {
        ObjectNode config = JSON.createObjectNode().put("width", width);
        ObjectNode provenance = JSON.createObjectNode().put("created", "2026-01-01T00:00:00Z").put("seed", 7);
        ObjectNode sections = JSON.createObjectNode();
        sections.putObject("latentStats").putArray("scale").add(0.5);
        return new ModelManifest(kind, config, JSON.createObjectNode().put("imageSize", 8), provenance, sections);
    }

    private static Map<String, FloatTensor> weights(float v) {
        return Map.of("w", new FloatTensor(new long[] {2}, new float[] {v, -v}));
    }

    @Test
    void writesAndReadsTheEnvelope(@TempDir Path tmp) throws Exception {
        Path dir = tmp.resolve("tok");
        ModelDirectory.write(dir, manifest("tokenizer", 3), weights(1f));
        ObjectNode root = (ObjectNode) JSON.readTree(dir.resolve("model.json").toFile());
        assertEquals("ross-model", root.get("format").asText());
        assertEquals(1, root.get("formatVersion").asInt());
        assertEquals("tokenizer", root.get("kind").asText());
        assertEquals(7, root.at("/provenance/seed").asInt());

        ModelDirectory.Contents back = ModelDirectory.read(dir, "tokenizer");
        assertEquals(3, back.manifest().config().get("width").asInt());
        assertEquals(0.5, back.manifest().sections().at("/latentStats/scale/0").asDouble());
        assertEquals(weights(1f), back.weights());
        try (Stream<Path> files = Files.list(tmp)) {
            assertEquals(1, files.count(), "no staging directories are left behind");
        }
    }

    @Test
    void readingChecksKindFormatAndVersion(@TempDir Path tmp) throws Exception {
        Path dir = tmp.resolve("m");
        ModelDirectory.write(dir, manifest("tuner", 1), weights(1f));
        IOException e = assertThrows(IOException.class, () -> ModelDirectory.read(dir, "tokenizer"));
        assertEquals(dir + ": model.json kind is 'tuner', expected 'tokenizer'", e.getMessage());

        ObjectNode root = (ObjectNode) JSON.readTree(dir.resolve("model.json").toFile());
        root.put("formatVersion", 99);
        Files.write(dir.resolve("model.json"), JSON.writeValueAsBytes(root));
        e = assertThrows(IOException.class, () -> ModelDirectory.read(dir, "tuner"));
        assertTrue(e.getMessage().contains("formatVersion is 99, expected 1"), e.getMessage());

        e = assertThrows(IOException.class, () -> ModelDirectory.read(tmp.resolve("none"), "tuner"));
        assertTrue(e.getMessage().contains("no model.json"), e.getMessage());
    }

    @Test
    void replacesAnOldModelOnlyWhenTheNewOneIsComplete(@TempDir Path tmp) throws Exception {
        Path dir = tmp.resolve("tok");
        ModelDirectory.write(dir, manifest("tokenizer", 1), weights(1f));
        ModelDirectory.write(dir, manifest("tokenizer", 2), weights(2f));
        assertEquals(weights(2f), ModelDirectory.read(dir, "tokenizer").weights());

        // a write that fails half-way (an illegal tensor name) leaves the previous model intact
        Map<String, FloatTensor> bad = Map.of("__metadata__", new FloatTensor(new long[] {1}, new float[1]));
        assertThrows(IllegalArgumentException.class, () -> ModelDirectory.write(dir, manifest("tokenizer", 3), bad));
        ModelDirectory.Contents back = ModelDirectory.read(dir, "tokenizer");
        assertEquals(2, back.manifest().config().get("width").asInt());
        assertEquals(weights(2f), back.weights());
        try (Stream<Path> files = Files.list(tmp)) {
            assertEquals(1, files.count(), "no staging directories are left behind");
        }
    }
}
