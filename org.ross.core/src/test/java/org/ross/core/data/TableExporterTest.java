package org.ross.core.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ross.core.ProgressMonitor;
import org.ross.core.data.TableExporter.Format;
import org.ross.core.table.Allocators;
import org.ross.core.table.ColumnSpec;
import org.ross.core.table.TableSpec;
import org.ross.core.table.TableWriter;

class TableExporterTest {

    @TempDir
    Path dir;
    BufferAllocator root;
    Path table;
    byte[] png = ImageFolderImporterTest.png(0.5f);

    @BeforeEach
    void writeTable() {
        root = Allocators.newRoot();
        table = dir.resolve("t.arrow");
        TableSpec spec = TableSpec.of(ColumnSpec.image("image"), ColumnSpec.text("question"),
                ColumnSpec.latent("z", 1, 1, 1), ColumnSpec.float64("score"), ColumnSpec.int64("id"));
        try (TableWriter w = TableWriter.create(table, spec, root)) {
            w.addRow(png, "what, \"this\"?", new float[] {0.5f, -1f}, 0.25, 3L);
            w.addRow(null, null, null, null, null);
            w.commit();
        }
    }

    @AfterEach
    void closeAllocator() {
        root.close();
    }

    @Test
    void csvHoldsRelativeImagePathsAndLatentArrays() throws IOException {
        Path csv = dir.resolve("out.csv");
        assertEquals(2, TableExporter.export(table, csv, Format.CSV, root, ProgressMonitor.NONE));
        assertEquals(List.of("image,question,z,score,id",
                "out_images/row-0.png,\"what, \"\"this\"\"?\",\"[0.5,-1.0]\",0.25,3", ",,,,"),
                Files.readAllLines(csv));
        assertArrayEquals(png, Files.readAllBytes(dir.resolve("out_images/row-0.png")));
    }

    @Test
    void jsonlKeepsTypesAndNulls() throws IOException {
        Path jsonl = dir.resolve("out.jsonl");
        TableExporter.export(table, jsonl, Format.JSONL, root, ProgressMonitor.NONE);
        List<String> lines = Files.readAllLines(jsonl);
        assertEquals(2, lines.size());
        JsonNode first = new ObjectMapper().readTree(lines.get(0));
        assertEquals("out_images/row-0.png", first.get("image").asText());
        assertEquals("what, \"this\"?", first.get("question").asText());
        assertEquals(-1.0, first.get("z").get(1).asDouble());
        assertEquals(0.25, first.get("score").asDouble());
        assertEquals(3, first.get("id").asLong());
        assertTrue(new ObjectMapper().readTree(lines.get(1)).get("image").isNull());
    }

    @Test
    void failedExportLeavesThePreviousOneAndNoTemporaries() throws IOException {
        Path csv = dir.resolve("out.csv");
        TableExporter.export(table, csv, Format.CSV, root, ProgressMonitor.NONE);
        List<String> before = Files.readAllLines(csv);
        try (TableWriter w = TableWriter.create(table, TableSpec.of(ColumnSpec.image("image")), root)) {
            w.addRow((Object) new byte[] {1, 2, 3});
            w.commit();
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TableExporter.export(table, csv, Format.CSV, root, ProgressMonitor.NONE));
        assertTrue(e.getMessage().contains("row 0, column 'image'"), e.getMessage());
        assertEquals(before, Files.readAllLines(csv));
        assertTrue(Files.exists(dir.resolve("out_images/row-0.png")));
        try (var files = Files.list(dir)) {
            assertEquals(0, files.filter(p -> p.getFileName().toString().startsWith(".")).count());
        }
    }
}
