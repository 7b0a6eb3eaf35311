package org.ross.core.table;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.memory.BufferAllocator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tables cross the language boundary both ways (DESIGN.md section 3): the JavaScript
 * {@code apache-arrow} package reads what we write and we read what it writes. This test fails,
 * never skips, when node or the package is missing.
 */
class ArrowJsInteropTest {

    private static final String INSTALL_HINT = "run `npm ci --prefix org.ross.core/src/test/js`"
            + " (needs node 18 or newer on the PATH)";

    @TempDir
    Path dir;

    @Test
    void javaScriptReadsOurTableAndWritesOneWeRead() throws Exception {
        Path scriptDir = scriptDir();
        Path fromJava = dir.resolve("from-java.arrow");
        Path fromJs = dir.resolve("from-js.arrow");
        try (BufferAllocator root = Allocators.newRoot()) {
            writeJavaTable(fromJava, root);
            runNode(scriptDir, fromJava, fromJs);
            try (TableReader r = TableReader.open(fromJs, root)) {
                assertEquals(TableSpec.of(ColumnSpec.image("image"), ColumnSpec.text("caption"),
                        ColumnSpec.latent("z", 2, 1, 1), ColumnSpec.int64("n"),
                        ColumnSpec.float64("plain_score"), ColumnSpec.int64("plain_count")), r.spec());
                assertEquals(2, r.rowCount());
                Iterator<Row> rows = r.rows();
                Row row = rows.next();
                assertArrayEquals(new byte[] {1, 2, 3}, row.bytes(0));
                assertEquals("from javascript", row.text(1));
                assertArrayEquals(new float[] {1.5f, -2f, 0.25f, 8f}, row.floats(2));
                assertEquals(9007199254740993L, row.int64(3));
                assertEquals(2.5, row.float64(4));
                assertEquals(-3L, row.int64(5));
                row = rows.next();
                for (int c = 0; c < 6; c++) {
                    assertTrue(row.isNull(c), "column " + c + " of the second row is null");
                }
            }
        }
    }

    private static void writeJavaTable(Path file, BufferAllocator root) {
        try (TableWriter w = TableWriter.create(file, TableRoundTripTest.ALL, root)) {
            w.addRow(new byte[] {(byte) 137, 80, 78, 71}, "what shape is the red object?",
                    new float[] {0.5f, -1, 2, 3, 0, -0.25f, 1, 4}, 0.125, 42L);
            w.addRow(null, null, null, null, null);
            w.addRow(new byte[] {0}, "ünïcödé ✓", new float[8], -1.0, -7L);
            w.commit();
        }
    }

    private static void runNode(Path scriptDir, Path in, Path out) throws IOException, InterruptedException {
        if (!Files.isDirectory(scriptDir.resolve("node_modules/apache-arrow"))) {
            fail("the npm package apache-arrow is not installed in " + scriptDir + "; " + INSTALL_HINT);
        }
        Process node;
        try {
            node = new ProcessBuilder("node", "interop.mjs", in.toString(), out.toString())
                    .directory(scriptDir.toFile()).redirectErrorStream(true).start();
        } catch (IOException e) {
            fail("cannot start node (" + e.getMessage() + "); " + INSTALL_HINT);
            return;
        }
        if (!node.waitFor(60, TimeUnit.SECONDS)) {
            node.destroyForcibly();
            fail("node interop.mjs did not finish within 60 s");
        }
        String output = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, node.exitValue(), "node interop.mjs failed:\n" + output);
    }

    /** src/test/js of this module, found from surefire's basedir or the working directory. */
    private static Path scriptDir() {
        String base = System.getProperty("basedir", System.getProperty("user.dir"));
        for (Path candidate : List.of(Path.of(base), Path.of(base, "org.ross.core"))) {
            Path js = candidate.resolve("src/test/js");
            if (Files.isRegularFile(js.resolve("interop.mjs"))) {
                return js;
            }
        }
        fail("cannot find src/test/js/interop.mjs under " + base);
        return null;
    }
}
