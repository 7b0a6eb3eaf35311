package org.ross.core.table;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowFileWriter;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TableFailureTest {

    @TempDir
    Path dir;
    BufferAllocator root;

    @BeforeEach
    void openAllocator() {
        root = Allocators.newRoot();
    }

    @AfterEach
    void closeAllocator() {
        root.close();
    }

    @Test
    void closeWithoutCommitLeavesThePreviousTableAndNoTemporaryFile() throws IOException {
        Path file = dir.resolve("t.arrow");
        TableSpec spec = TableSpec.of(ColumnSpec.text("text"));
        try (TableWriter w = TableWriter.create(file, spec, root)) {
            w.addRow("old");
            w.commit();
        }
        byte[] before = Files.readAllBytes(file);
        try (TableWriter w = TableWriter.create(file, spec, root)) {
            for (int i = 0; i < 3000; i++) {
                w.addRow("new " + i);
            }
            // no commit: a failed or cancelled run
        }
        assertArrayEquals(before, Files.readAllBytes(file));
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(file), files.toList());
        }
    }

    @Test
    void wrongTypeNamesColumnExpectedAndFound() {
        TableSpec spec = TableSpec.of(ColumnSpec.text("question"), ColumnSpec.int64("id"));
        try (TableWriter w = TableWriter.create(dir.resolve("t.arrow"), spec, root)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> w.addRow("q", 1.5));
            assertTrue(e.getMessage().contains("'id'") && e.getMessage().contains("Long or Integer")
                    && e.getMessage().contains("Double"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> w.addRow("q"));
            assertTrue(e.getMessage().contains("1 values, expected 2"), e.getMessage());
        }
    }

    @Test
    void wrongLatentLengthNamesShape() {
        TableSpec spec = TableSpec.of(ColumnSpec.latent("latent", 4, 2, 2));
        try (TableWriter w = TableWriter.create(dir.resolve("t.arrow"), spec, root)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> w.addRow((Object) new float[31]));
            assertTrue(e.getMessage().contains("'latent'") && e.getMessage().contains("32 floats")
                    && e.getMessage().contains("found 31"), e.getMessage());
        }
    }

    @Test
    void missingColumnIsNamed() {
        TableSpec spec = TableSpec.of(ColumnSpec.text("question"));
        ColumnException e = assertThrows(ColumnException.class, () -> spec.require("image", ColumnType.IMAGE));
        assertTrue(e.getMessage().contains("'image'") && e.getMessage().contains("question (text)"));
        assertEquals("image", e.column());
        assertEquals(ColumnType.IMAGE, e.expected());
        ColumnException mistyped = assertThrows(ColumnException.class,
                () -> spec.require("question", ColumnType.LATENT));
        assertEquals("column 'question' has type text, expected latent", mistyped.getMessage());
        assertEquals("question", mistyped.column());
        assertEquals(ColumnType.LATENT, mistyped.expected());
    }

    @Test
    void corruptOrTruncatedFileNamesTheFile() throws IOException {
        Path garbage = dir.resolve("garbage.arrow");
        Files.writeString(garbage, "this is not an arrow file at all, just some text");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TableReader.open(garbage, root));
        assertTrue(e.getMessage().contains(garbage.toString()), e.getMessage());

        Path good = dir.resolve("good.arrow");
        try (TableWriter w = TableWriter.create(good, TableSpec.of(ColumnSpec.int64("id")), root)) {
            w.addRow(1L);
            w.commit();
        }
        byte[] all = Files.readAllBytes(good);
        Path truncated = dir.resolve("truncated.arrow");
        Files.write(truncated, java.util.Arrays.copyOf(all, all.length / 2));
        e = assertThrows(IllegalArgumentException.class, () -> TableReader.open(truncated, root));
        assertTrue(e.getMessage().contains(truncated.toString()), e.getMessage());

        Path missing = dir.resolve("missing.arrow");
        e = assertThrows(IllegalArgumentException.class, () -> TableReader.open(missing, root));
        assertTrue(e.getMessage().contains(missing.toString()), e.getMessage());
    }

    @Test
    void latentWithoutShapeMetadataIsRejectedClearly() throws IOException {
        Field item = new Field("item", FieldType.nullable(new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE)), null);
        Field latent = new Field("z", FieldType.nullable(new ArrowType.FixedSizeList(8)), List.of(item));
        Path file = writeRaw(new Schema(List.of(latent)));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TableReader.open(file, root));
        assertTrue(e.getMessage().contains("'z'") && e.getMessage().contains("ross.shape"), e.getMessage());
    }

    @Test
    void metadataThatContradictsTheArrowTypeIsRejected() throws IOException {
        Field f = new Field("image", new FieldType(true, ArrowType.Utf8.INSTANCE, null,
                Map.of(ColumnType.METADATA_KEY, "image")), null);
        Path file = writeRaw(new Schema(List.of(f)));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TableReader.open(file, root));
        assertTrue(e.getMessage().contains("'image'") && e.getMessage().contains("Utf8"), e.getMessage());
    }

    /** An Arrow file with no rows, written without our writer. */
    private Path writeRaw(Schema schema) throws IOException {
        Path file = dir.resolve("raw.arrow");
        try (VectorSchemaRoot vsr = VectorSchemaRoot.create(schema, root);
                FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                ArrowFileWriter w = new ArrowFileWriter(vsr, null, ch)) {
            w.start();
            w.end();
        }
        return file;
    }
}
