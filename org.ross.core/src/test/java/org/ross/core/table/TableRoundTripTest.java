package org.ross.core.table;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TableRoundTripTest {

    static final TableSpec ALL = TableSpec.of(ColumnSpec.image("image"), ColumnSpec.text("question"),
            ColumnSpec.latent("latent", 1, 2, 2), ColumnSpec.float64("score"), ColumnSpec.int64("id"));

    @TempDir
    Path dir;
    BufferAllocator root;

    @BeforeEach
    void openAllocator() {
        root = Allocators.newRoot();
    }

    @AfterEach
    void closeAllocator() {
        root.close(); // fails the test when a buffer leaked
    }

    @Test
    void everyTypeAndNullsRoundTrip() {
        Path file = dir.resolve("t.arrow");
        float[] latent = {1, 2, 3, 4, -1, -2, -3, -4};
        try (TableWriter w = TableWriter.create(file, ALL, root)) {
            w.addRow(new byte[] {1, 2, 3}, "héllo ✓", latent, 0.5, 7L);
            w.addRow(null, null, null, null, null);
            w.addRow(new byte[0], "", latent, 3, 9); // Integer for both numbers is accepted
            assertEquals(3, w.rowsWritten());
            w.commit();
        }
        assertEquals(ALL, TableReader.readSpec(file, root));
        try (TableReader r = TableReader.open(file, root)) {
            assertEquals(3, r.rowCount());
            Iterator<Row> rows = r.rows();
            Row row = rows.next();
            assertEquals(0, row.index());
            assertArrayEquals(new byte[] {1, 2, 3}, row.bytes(0));
            assertEquals("héllo ✓", row.text(1));
            assertArrayEquals(latent, row.floats(2));
            assertEquals(0.5, row.float64(3));
            assertEquals(7L, row.int64(4));
            row = rows.next();
            for (int c = 0; c < ALL.size(); c++) {
                assertTrue(row.isNull(c), "column " + c);
                assertNull(row.value(c));
            }
            row = rows.next();
            assertEquals(2, row.index());
            assertArrayEquals(new byte[0], (byte[]) row.value(0));
            assertEquals("", row.value(1));
            assertEquals(3.0, row.value(3));
            assertEquals(9L, row.value(4));
            assertFalse(rows.hasNext());
        }
    }

    @Test
    void manyRowsStreamInSeveralBatchesAndReadBackInOrder() {
        Path file = dir.resolve("big.arrow");
        int n = 5_000;
        try (TableWriter w = TableWriter.create(file, ALL, root)) {
            for (int i = 0; i < n; i++) {
                w.addRow(new byte[] {(byte) i, (byte) (i >> 8)}, "q" + i, latentFor(i), i * 0.25, (long) i);
            }
            w.commit();
        }
        List<Long> seen = new ArrayList<>();
        try (TableReader r = TableReader.open(file, root)) {
            assertEquals(n, r.rowCount());
            r.forEachRow(row -> {
                int i = (int) row.index();
                assertArrayEquals(new byte[] {(byte) i, (byte) (i >> 8)}, row.bytes(0));
                assertEquals("q" + i, row.text(1));
                assertArrayEquals(latentFor(i), row.floats(2));
                assertEquals(i * 0.25, row.float64(3));
                seen.add(row.int64(4));
            });
        }
        assertEquals(n, seen.size());
        for (int i = 0; i < n; i++) {
            assertEquals(i, seen.get(i));
        }
    }

    @Test
    void largeValuesFlushBeforeTheRowLimit() {
        Path file = dir.resolve("images.arrow");
        TableSpec spec = TableSpec.of(ColumnSpec.image("image"));
        byte[] big = new byte[3 << 20];
        big[big.length - 1] = 42;
        try (TableWriter w = TableWriter.create(file, spec, root)) {
            for (int i = 0; i < 12; i++) { // 36 MiB: three batches of about 16 MiB
                w.addRow((Object) big);
            }
            w.commit();
        }
        try (TableReader r = TableReader.open(file, root)) {
            assertEquals(12, r.rowCount());
            r.forEachRow(row -> assertEquals(42, row.bytes(0)[big.length - 1]));
        }
    }

    @Test
    void emptyTableKeepsItsSpec() {
        Path file = dir.resolve("empty.arrow");
        try (TableWriter w = TableWriter.create(file, ALL, root)) {
            w.commit();
        }
        try (TableReader r = TableReader.open(file, root)) {
            assertEquals(ALL, r.spec());
            assertEquals(0, r.rowCount());
            assertFalse(r.rows().hasNext());
        }
        assertTrue(Files.exists(file));
    }

    static float[] latentFor(int i) {
        float[] f = new float[8];
        for (int k = 0; k < f.length; k++) {
            f[k] = i + k / 8f;
        }
        return f;
    }
}
