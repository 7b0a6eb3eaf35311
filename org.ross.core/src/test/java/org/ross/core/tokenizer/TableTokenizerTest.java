package org.ross.core.tokenizer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.arrow.memory.BufferAllocator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ross.core.ProgressMonitor;
import org.ross.core.image.Images;
import org.ross.core.table.Allocators;
import org.ross.core.table.ColumnSpec;
import org.ross.core.table.ColumnType;
import org.ross.core.table.Row;
import org.ross.core.table.TableReader;
import org.ross.core.table.TableSpec;
import org.ross.core.table.TableWriter;

/** The Image Tokenizer's engine call on Arrow tables: dedup, outputs, bad input, atomicity. */
class TableTokenizerTest {

    private static final TokenizerConfig CONFIG = TokenizerConfig.tiny(); // 8x8, f=2, 2 latent channels
    private static final TokenizerTrainingConfig TRAINING = new TokenizerTrainingConfig(3, 4, 2e-3, 5, 0);

    @TempDir
    Path dir;
    private BufferAllocator root;

    @BeforeEach
    void open() {
        root = Allocators.newRoot();
    }

    @AfterEach
    void close() {
        root.close(); // fails the test if anything leaked Arrow memory
    }

    /** A grey (1 channel) or colour (3 channels) 8x8 PNG with a seeded pattern. */
    private static byte[] png(int channels, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        float[] chw = new float[channels * 64];
        for (int i = 0; i < chw.length; i++) {
            chw[i] = (float) (2 * rng.nextDouble() - 1);
        }
        return Images.encodePng(chw, channels, 8);
    }

    /** Rows (image, id): the image of row i is {@code images[i]}. */
    private Path table(String name, byte[]... images) {
        Path file = dir.resolve(name);
        TableSpec spec = TableSpec.of(ColumnSpec.image("image"), ColumnSpec.int64("id"));
        try (TableWriter w = TableWriter.create(file, spec, root)) {
            for (int i = 0; i < images.length; i++) {
                w.addRow(images[i], (long) i);
            }
            w.commit();
        }
        return file;
    }

    private TableTokenizer.Options options(TableTokenizer.ColorPolicy policy) {
        return new TableTokenizer.Options("image", "latent", policy, dir.resolve("scratch"));
    }

    private List<float[]> latents(Path file) {
        List<float[]> out = new ArrayList<>();
        try (TableReader r = TableReader.open(file, root)) {
            int c = r.spec().require("latent", ColumnType.LATENT);
            for (Iterator<Row> it = r.rows(); it.hasNext(); ) {
                out.add(it.next().floats(c).clone());
            }
        }
        return out;
    }

    private TableTokenizer.Result fit(Path in, Path out, Path model) throws Exception {
        return TableTokenizer.fitAndApply(in, out, model, CONFIG, TRAINING, options(TableTokenizer.ColorPolicy.AUTO),
                Device.cpu(), root, ProgressMonitor.NONE);
    }

    @Test
    void identicalImagesAreEncodedOnceAndGetIdenticalLatents() throws Exception {
        byte[] a = png(1, 1);
        byte[] b = png(1, 2);
        byte[] c = png(1, 3);
        Path in = table("in.arrow", a, b, a, c, b, a);
        TableTokenizer.Result r = fit(in, dir.resolve("out.arrow"), dir.resolve("model"));

        assertEquals(6, r.rows());
        assertEquals(3, r.distinctImages());
        assertEquals(1, r.config().imageChannels());
        try (TableReader out = TableReader.open(dir.resolve("out.arrow"), root)) {
            assertEquals(TableSpec.of(ColumnSpec.image("image"), ColumnSpec.int64("id"), ColumnSpec.latent("latent", 2, 4, 4)),
                    out.spec());
            assertEquals(6, out.rowCount());
            Iterator<Row> rows = out.rows();
            for (long i = 0; i < 6; i++) {
                assertEquals(i, rows.next().int64(1), "input columns and row order are kept");
            }
        }
        List<float[]> z = latents(dir.resolve("out.arrow"));
        assertEquals(2 * 2 * 4 * 4, z.get(0).length);
        assertArrayEquals(z.get(0), z.get(2));
        assertArrayEquals(z.get(0), z.get(5));
        assertArrayEquals(z.get(1), z.get(4));
        assertFalse(java.util.Arrays.equals(z.get(0), z.get(1)));
        assertTrue(Files.isRegularFile(dir.resolve("model").resolve("model.json")));
    }

    @Test
    void applyingTheSavedTokenizerReproducesTheFittedLatents() throws Exception {
        Path in = table("in.arrow", png(1, 1), png(1, 2), png(1, 1));
        fit(in, dir.resolve("fit.arrow"), dir.resolve("model"));
        TableTokenizer.Result applied = TableTokenizer.apply(in, dir.resolve("model"), dir.resolve("applied.arrow"),
                options(TableTokenizer.ColorPolicy.AUTO), Device.cpu(), root, ProgressMonitor.NONE);
        assertTrue(applied.training().isEmpty());
        List<float[]> fitted = latents(dir.resolve("fit.arrow"));
        List<float[]> reapplied = latents(dir.resolve("applied.arrow"));
        for (int i = 0; i < fitted.size(); i++) {
            assertArrayEquals(fitted.get(i), reapplied.get(i), 1e-6f);
        }
    }

    @Test
    void theSameSeedGivesTheSameLatentsAndAnotherSeedDoesNot() throws Exception {
        Path in = table("in.arrow", png(1, 1), png(1, 2));
        fit(in, dir.resolve("a.arrow"), dir.resolve("ma"));
        fit(in, dir.resolve("b.arrow"), dir.resolve("mb"));
        TableTokenizer.fitAndApply(in, dir.resolve("c.arrow"), dir.resolve("mc"), CONFIG,
                new TokenizerTrainingConfig(3, 4, 2e-3, 6, 0), options(TableTokenizer.ColorPolicy.AUTO), Device.cpu(),
                root, ProgressMonitor.NONE);
        assertArrayEquals(latents(dir.resolve("a.arrow")).get(0), latents(dir.resolve("b.arrow")).get(0));
        assertNotEquals(latents(dir.resolve("a.arrow")).get(0)[0], latents(dir.resolve("c.arrow")).get(0)[0]);
    }

    @Test
    void anUndecodableImageNamesItsRowAndLeavesThePreviousOutputsUntouched() throws Exception {
        Path good = table("good.arrow", png(1, 1), png(1, 2));
        Path out = dir.resolve("out.arrow");
        fit(good, out, dir.resolve("model"));
        byte[] before = Files.readAllBytes(out);
        byte[] modelBefore = Files.readAllBytes(dir.resolve("model").resolve("model.safetensors"));

        Path bad = table("bad.arrow", png(1, 1), png(1, 2), new byte[] {1, 2, 3, 4});
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> fit(bad, out, dir.resolve("model")));
        assertTrue(e.getMessage().startsWith("row 2, column 'image': not a decodable PNG or JPEG image"), e.getMessage());
        assertArrayEquals(before, Files.readAllBytes(out), "the previous table is left as it was");
        assertArrayEquals(modelBefore, Files.readAllBytes(dir.resolve("model").resolve("model.safetensors")));
    }

    @Test
    void anEmptyTableIsRefused() {
        Path empty = table("empty.arrow");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> fit(empty, dir.resolve("out.arrow"), dir.resolve("model")));
        assertTrue(e.getMessage().contains("no rows"), e.getMessage());
        assertFalse(Files.exists(dir.resolve("out.arrow")));
        assertFalse(Files.exists(dir.resolve("model")));
    }

    @Test
    void greyAndColourMixedFailUnderAutoNamingTheRowAndConvertUnderRgb() throws Exception {
        Path mixed = table("mixed.arrow", png(1, 1), png(1, 2), png(3, 3));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> fit(mixed, dir.resolve("out.arrow"), dir.resolve("model")));
        assertTrue(e.getMessage().startsWith("row 2, column 'image': colour image in a table whose first image is grey"),
                e.getMessage());
        assertTrue(e.getMessage().contains("colorMode=rgb"), e.getMessage());

        TableTokenizer.Result rgb = TableTokenizer.fitAndApply(mixed, dir.resolve("out.arrow"), dir.resolve("model"),
                CONFIG, TRAINING, options(TableTokenizer.ColorPolicy.RGB), Device.cpu(), root, ProgressMonitor.NONE);
        assertEquals(3, rgb.config().imageChannels());
        assertEquals(3, rgb.distinctImages());
    }

    @Test
    void aMissingOrMistypedImageColumnIsNamed() {
        TableSpec noImage = TableSpec.of(ColumnSpec.text("picture"));
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> TableTokenizer.outputSpec(noImage, options(TableTokenizer.ColorPolicy.AUTO), CONFIG));
        assertTrue(missing.getMessage().startsWith("column 'image' (image) not found"), missing.getMessage());
        TableSpec textImage = TableSpec.of(ColumnSpec.text("image"));
        IllegalArgumentException mistyped = assertThrows(IllegalArgumentException.class,
                () -> TableTokenizer.outputSpec(textImage, options(TableTokenizer.ColorPolicy.AUTO), CONFIG));
        assertEquals("column 'image' has type text, expected image", mistyped.getMessage());
    }

    @Test
    void aNullImageNamesItsRow() {
        Path file = dir.resolve("nulls.arrow");
        try (TableWriter w = TableWriter.create(file, TableSpec.of(ColumnSpec.image("image")), root)) {
            w.addRow((Object) png(1, 1));
            w.addRow((Object) null);
            w.commit();
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> fit(file, dir.resolve("out.arrow"), dir.resolve("model")));
        assertEquals("row 1, column 'image': missing image (null)", e.getMessage());
    }
}
