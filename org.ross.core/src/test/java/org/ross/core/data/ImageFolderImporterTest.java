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
import java.util.Optional;
import org.apache.arrow.memory.BufferAllocator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ross.core.ProgressMonitor;
import org.ross.core.image.Images;
import org.ross.core.table.Allocators;
import org.ross.core.table.ColumnSpec;
import org.ross.core.table.TableReader;
import org.ross.core.table.TableSpec;

class ImageFolderImporterTest {

    @TempDir
    Path dir;
    Path images;
    BufferAllocator root;

    @BeforeEach
    void setUp() throws IOException {
        root = Allocators.newRoot();
        images = dir.resolve("images");
        Files.createDirectories(images.resolve("sub"));
        Files.write(images.resolve("b.png"), png(0.5f));
        Files.write(images.resolve("a.PNG"), png(-0.5f));
        Files.write(images.resolve("sub/c.png"), png(0f));
        Files.writeString(images.resolve("notes.txt"), "not an image");
    }

    @AfterEach
    void closeAllocator() {
        root.close();
    }

    static byte[] png(float value) {
        return Images.encodePng(new float[] {value, value, value, value}, 1, 2);
    }

    @Test
    void folderBecomesSortedRowsOfImageAndPath() {
        ImageFolderImporter importer = new ImageFolderImporter(images, Optional.empty());
        Path target = dir.resolve("t.arrow");
        assertEquals(3, importer.write(target, root, ProgressMonitor.NONE));
        List<String> paths = new ArrayList<>();
        try (TableReader r = TableReader.open(target, root)) {
            assertEquals(importer.spec(), r.spec());
            r.forEachRow(row -> {
                paths.add(row.text(1));
                if (row.text(1).equals("b.png")) {
                    assertArrayEquals(png(0.5f), row.bytes(0));
                }
            });
        }
        assertEquals(List.of("a.PNG", "b.png", "sub/c.png"), paths);
    }

    @Test
    void csvGivesOneRowPerRecordWithExtraColumnsAsText() throws IOException {
        Path csv = dir.resolve("qa.csv");
        Files.writeString(csv, "image,question,answer,split\nsub/c.png,what is it?,gray,train\nb.png,\"and, this?\",light,test\n");
        ImageFolderImporter importer = new ImageFolderImporter(images, Optional.of(csv));
        assertEquals(TableSpec.of(ColumnSpec.image("image"), ColumnSpec.text("path"), ColumnSpec.text("question"),
                ColumnSpec.text("answer"), ColumnSpec.text("split")), importer.spec());
        Path target = dir.resolve("t.arrow");
        assertEquals(2, importer.write(target, root, ProgressMonitor.NONE));
        List<String> rows = new ArrayList<>();
        try (TableReader r = TableReader.open(target, root)) {
            r.forEachRow(row -> rows.add(row.text(1) + "|" + row.text(2) + "|" + row.text(3) + "|" + row.text(4)));
        }
        assertEquals(List.of("sub/c.png|what is it?|gray|train", "b.png|and, this?|light|test"), rows);
    }

    @Test
    void jsonlGivesOneRowPerObject() throws IOException {
        Path jsonl = dir.resolve("qa.jsonl");
        Files.writeString(jsonl, "{\"image\":\"a.PNG\",\"question\":\"q1\",\"answer\":\"a1\"}\n\n"
                + "{\"image\":\"a.PNG\",\"question\":\"q2\",\"answer\":\"a2\"}\n");
        Path target = dir.resolve("t.arrow");
        assertEquals(2, new ImageFolderImporter(images, Optional.of(jsonl)).write(target, root, ProgressMonitor.NONE));
    }

    @Test
    void missingImageNamesLineAndFile() throws IOException {
        Path csv = dir.resolve("qa.csv");
        Files.writeString(csv, "image,question,answer\nb.png,q,a\nnope.png,q,a\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () ->
                new ImageFolderImporter(images, Optional.of(csv)).write(dir.resolve("t.arrow"), root, ProgressMonitor.NONE));
        assertTrue(e.getMessage().contains("line 3") && e.getMessage().contains("'nope.png' not found"), e.getMessage());
        assertTrue(Files.notExists(dir.resolve("t.arrow")));
    }

    @Test
    void undecodableImageNamesFileAndLine() throws IOException {
        Files.write(images.resolve("broken.png"), new byte[] {(byte) 0x89, 'P', 'N', 'G', 0, 0});
        Path jsonl = dir.resolve("qa.jsonl");
        Files.writeString(jsonl, "{\"image\":\"broken.png\",\"question\":\"q\",\"answer\":\"a\"}\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () ->
                new ImageFolderImporter(images, Optional.of(jsonl)).write(dir.resolve("t.arrow"), root, ProgressMonitor.NONE));
        assertTrue(e.getMessage().contains("qa.jsonl line 1") && e.getMessage().contains("broken.png")
                && e.getMessage().contains("not a decodable PNG or JPEG image (6 bytes)"), e.getMessage());
    }

    @Test
    void csvWithoutRequiredColumnsAndEscapingPathsAreRejected() throws IOException {
        Path csv = dir.resolve("qa.csv");
        Files.writeString(csv, "picture,question,answer\nb.png,q,a\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new ImageFolderImporter(images, Optional.of(csv)).spec());
        assertTrue(e.getMessage().contains("[image, question, answer]"), e.getMessage());
        Files.writeString(csv, "image,question,answer\n../qa.csv,q,a\n");
        e = assertThrows(IllegalArgumentException.class, () ->
                new ImageFolderImporter(images, Optional.of(csv)).write(dir.resolve("t.arrow"), root, ProgressMonitor.NONE));
        assertTrue(e.getMessage().contains("leaves the folder"), e.getMessage());
    }
}
