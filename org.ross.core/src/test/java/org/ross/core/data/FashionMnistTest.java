package org.ross.core.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.apache.arrow.memory.BufferAllocator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ross.core.ProgressMonitor;
import org.ross.core.data.FashionMnist.Config;
import org.ross.core.data.FashionMnist.Split;
import org.ross.core.image.Images;
import org.ross.core.table.Allocators;
import org.ross.core.table.TableReader;

class FashionMnistTest {

    static final int ROWS = 2;
    static final int COLS = 3;

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

    /** Image i has pixel k = 40 * i + k (row-major 2 x 3); labels 9, 0, 4. */
    private void writeTinySet(String prefix, int promisedImages, int storedImages, int imageMagic) throws IOException {
        try (DataOutputStream out = gz(dir.resolve(prefix + "-images-idx3-ubyte.gz"))) {
            out.writeInt(imageMagic);
            out.writeInt(promisedImages);
            out.writeInt(ROWS);
            out.writeInt(COLS);
            for (int i = 0; i < storedImages; i++) {
                for (int k = 0; k < ROWS * COLS; k++) {
                    out.writeByte(40 * i + k);
                }
            }
        }
        try (DataOutputStream out = gz(dir.resolve(prefix + "-labels-idx1-ubyte.gz"))) {
            out.writeInt(IdxFile.LABELS);
            out.writeInt(promisedImages);
            for (int y : new int[] {9, 0, 4, 1, 2}) {
                out.writeByte(y);
            }
        }
    }

    private static DataOutputStream gz(Path file) throws IOException {
        return new DataOutputStream(new GZIPOutputStream(Files.newOutputStream(file)));
    }

    @Test
    void pixelsAndLabelsArriveExactly() throws IOException {
        writeTinySet("t10k", 3, 3, IdxFile.IMAGES);
        Path target = dir.resolve("test.arrow");
        assertEquals(3, new FashionMnist(new Config(dir, Split.TEST, 0)).write(target, root, ProgressMonitor.NONE));
        List<String> names = new ArrayList<>();
        try (TableReader r = TableReader.open(target, root)) {
            assertEquals(FashionMnist.spec(), r.spec());
            r.forEachRow(row -> {
                int i = (int) row.index();
                BufferedImage img = Images.decode(row.bytes(0));
                assertTrue(Images.isGray(img));
                assertEquals(COLS, img.getWidth());
                assertEquals(ROWS, img.getHeight());
                for (int k = 0; k < ROWS * COLS; k++) {
                    assertEquals(40 * i + k, img.getRaster().getSample(k % COLS, k / COLS, 0), "image " + i + " pixel " + k);
                }
                names.add(row.int64(1) + " " + row.text(2));
            });
        }
        assertEquals(List.of("9 ankle boot", "0 t-shirt/top", "4 coat"), names);
    }

    @Test
    void limitTakesTheFirstRows() throws IOException {
        writeTinySet("train", 3, 3, IdxFile.IMAGES);
        Path target = dir.resolve("train.arrow");
        assertEquals(2, new FashionMnist(new Config(dir, Split.TRAIN, 2)).write(target, root, ProgressMonitor.NONE));
        try (TableReader r = TableReader.open(target, root)) {
            assertEquals(2, r.rowCount());
        }
    }

    @Test
    void wrongMagicIsNamed() throws IOException {
        writeTinySet("train", 3, 3, 2049);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () ->
                new FashionMnist(new Config(dir, Split.TRAIN, 0)).write(dir.resolve("t.arrow"), root, ProgressMonitor.NONE));
        assertTrue(e.getMessage().contains("magic number 2049, expected 2051"), e.getMessage());
    }

    @Test
    void truncatedFileFailsAndLeavesNoTable() throws IOException {
        writeTinySet("train", 5, 3, IdxFile.IMAGES);
        Path target = dir.resolve("t.arrow");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () ->
                new FashionMnist(new Config(dir, Split.TRAIN, 0)).write(target, root, ProgressMonitor.NONE));
        assertTrue(e.getMessage().contains("truncated") && e.getMessage().contains("item 3"), e.getMessage());
        assertFalse(Files.exists(target));
    }

    @Test
    void missingAndNonGzipFilesAreNamed() throws IOException {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () ->
                new FashionMnist(new Config(dir, Split.TEST, 0)).write(dir.resolve("t.arrow"), root, ProgressMonitor.NONE));
        assertTrue(e.getMessage().contains("t10k-images-idx3-ubyte.gz") && e.getMessage().contains("not found"), e.getMessage());
        writeTinySet("t10k", 3, 3, IdxFile.IMAGES);
        Files.writeString(dir.resolve("t10k-labels-idx1-ubyte.gz"), "plain text");
        e = assertThrows(IllegalArgumentException.class, () ->
                new FashionMnist(new Config(dir, Split.TEST, 0)).write(dir.resolve("t.arrow"), root, ProgressMonitor.NONE));
        assertTrue(e.getMessage().contains("not gzip"), e.getMessage());
    }

    @Test
    void defaultsPointAtTheDebianPackage() {
        assertEquals(Path.of("/usr/share/datasets/fashion-mnist"), Config.of(Split.TRAIN).directory());
        assertEquals(10, FashionMnist.LABEL_NAMES.size());
        assertThrows(IllegalArgumentException.class, () -> new Config(dir, Split.TRAIN, -1));
    }
}
