package org.ross.core.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ross.core.ProgressMonitor;
import org.ross.core.table.Allocators;
import org.ross.core.table.TableReader;

class LlavaJsonImporterTest {

    @TempDir
    Path dir;
    BufferAllocator root;

    @BeforeEach
    void setUp() throws IOException {
        root = Allocators.newRoot();
        Files.write(dir.resolve("cat.png"), ImageFolderImporterTest.png(0.25f));
    }

    @AfterEach
    void closeAllocator() {
        root.close();
    }

    private IllegalArgumentException failing(String json) throws IOException {
        Path file = dir.resolve("data.json");
        Files.writeString(file, json);
        return assertThrows(IllegalArgumentException.class, () ->
                new LlavaJsonImporter(file, dir).write(dir.resolve("t.arrow"), root, ProgressMonitor.NONE));
    }

    @Test
    void eachHumanGptPairIsARow() throws IOException {
        Path file = dir.resolve("data.json");
        Files.writeString(file, """
                [{"id": "0001", "image": "cat.png", "conversations": [
                   {"from": "human", "value": "<image>\\nWhat animal is this?"},
                   {"from": "gpt", "value": "A cat."},
                   {"from": "human", "value": "What colour?"},
                   {"from": "gpt", "value": "Gray."}]},
                 {"id": 7, "image": "cat.png", "conversations": [
                   {"from": "human", "value": "Describe it.\\n<image>"},
                   {"from": "gpt", "value": "Small."}]}]
                """);
        Path target = dir.resolve("t.arrow");
        assertEquals(3, new LlavaJsonImporter(file, dir).write(target, root, ProgressMonitor.NONE));
        List<String> rows = new ArrayList<>();
        try (TableReader r = TableReader.open(target, root)) {
            assertEquals(LlavaJsonImporter.spec(), r.spec());
            r.forEachRow(row -> {
                assertArrayEquals(ImageFolderImporterTest.png(0.25f), row.bytes(1));
                rows.add(row.text(0) + "|" + row.text(2) + "|" + row.text(3) + "|" + row.int64(4));
            });
        }
        assertEquals(List.of("0001|What animal is this?|A cat.|0", "0001|What colour?|Gray.|1",
                "7|Describe it.|Small.|0"), rows);
    }

    @Test
    void malformedEntriesNameIndexIdAndCause() throws IOException {
        IllegalArgumentException e = failing("""
                [{"id": "a", "image": "cat.png", "conversations": [{"from": "human", "value": "q"},
                  {"from": "gpt", "value": "a"}]},
                 {"id": "b", "image": "cat.png", "conversations": [{"from": "gpt", "value": "q"},
                  {"from": "human", "value": "a"}]}]
                """);
        assertTrue(e.getMessage().contains("entry 1 (id 'b')") && e.getMessage().contains("turn 0"), e.getMessage());
        e = failing("[{\"id\": \"c\", \"conversations\": []}]");
        assertTrue(e.getMessage().contains("entry 0 (id 'c')") && e.getMessage().contains("'image'"), e.getMessage());
        e = failing("[{\"id\": \"d\", \"image\": \"cat.png\", \"conversations\": [{\"from\": \"human\", \"value\": \"q\"}]}]");
        assertTrue(e.getMessage().contains("id 'd'") && e.getMessage().contains("1 elements"), e.getMessage());
        e = failing("[{\"id\": \"e\", \"image\": \"dog.png\", \"conversations\": [{\"from\": \"human\", \"value\": \"q\"},"
                + " {\"from\": \"gpt\", \"value\": \"a\"}]}]");
        assertTrue(e.getMessage().contains("id 'e'") && e.getMessage().contains("'dog.png' not found"), e.getMessage());
        e = failing("[{\"id\": \"f\", \"image\": ");
        assertEquals(dir.resolve("data.json") + ": invalid JSON at line 1, column 23: Unexpected end-of-input"
                + " within/between Object entries", e.getMessage());
        e = failing("{\"id\": 1}");
        assertTrue(e.getMessage().contains("expected a JSON array"), e.getMessage());
    }

    @Test
    void placeholderAndItsNewlineAreRemoved() {
        assertEquals("Q", LlavaJsonImporter.stripPlaceholder("<image>\nQ"));
        assertEquals("Q", LlavaJsonImporter.stripPlaceholder("Q\n<image>"));
        assertEquals("Q", LlavaJsonImporter.stripPlaceholder("<image> Q"));
    }
}
