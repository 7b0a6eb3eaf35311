package org.ross.benchmarks;

import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.arrow.memory.BufferAllocator;
import org.ross.core.image.Images;
import org.ross.core.table.ColumnSpec;
import org.ross.core.table.ColumnType;
import org.ross.core.table.Row;
import org.ross.core.table.TableReader;
import org.ross.core.table.TableSpec;
import org.ross.core.table.TableWriter;

/**
 * A training set grown by augmented copies of its images, for the Fashion-MNIST lever run against memorisation. Each
 * distinct image gets {@code copies} transforms drawn without replacement from the {@link #TRANSFORMS} non-identity
 * ones (mirrored left-right or not, shifted by up to {@link #SHIFT} pixels each way, the uncovered border filled with
 * zeros, Fashion-MNIST's background), so no copy equals its original or another copy. A copy keeps its original's
 * questions and answers, which none of these transforms changes (an item, footwear or not, sleeves or not).
 */
final class Augmentation {

    /** The largest shift, in pixels of the stored image, along each axis. */
    static final int SHIFT = 2;
    /** Mirrored or not, times every shift in [-SHIFT, SHIFT]^2, minus the identity. */
    static final int TRANSFORMS = 2 * (2 * SHIFT + 1) * (2 * SHIFT + 1) - 1;
    static final String DESCRIPTION = "mirrored left-right or not, shifted by up to " + SHIFT
            + " px each way with zero fill, distinct and never the identity";

    /** Mirror (about the vertical axis) first, then shift right by {@code dx} and down by {@code dy}. */
    record Transform(boolean mirror, int dx, int dy) {

        BufferedImage apply(BufferedImage src) {
            Raster in = src.getRaster();
            int w = src.getWidth();
            int h = src.getHeight();
            WritableRaster out = src.getColorModel().createCompatibleWritableRaster(w, h); // zeros
            for (int y = 0; y < h; y++) {
                int sy = y - dy;
                for (int x = 0; x < w; x++) {
                    int sx = mirror ? w - 1 - (x - dx) : x - dx;
                    if (sy < 0 || sy >= h || sx < 0 || sx >= w) {
                        continue;
                    }
                    for (int band = 0; band < in.getNumBands(); band++) {
                        out.setSample(x, y, band, in.getSample(sx, sy, band));
                    }
                }
            }
            return new BufferedImage(src.getColorModel(), out, src.isAlphaPremultiplied(), null);
        }
    }

    private Augmentation() {
    }

    /** Every non-identity transform, in a fixed order. */
    static List<Transform> all() {
        List<Transform> out = new ArrayList<>();
        for (boolean mirror : new boolean[] {false, true}) {
            for (int dy = -SHIFT; dy <= SHIFT; dy++) {
                for (int dx = -SHIFT; dx <= SHIFT; dx++) {
                    if (mirror || dx != 0 || dy != 0) {
                        out.add(new Transform(mirror, dx, dy));
                    }
                }
            }
        }
        return out;
    }

    /**
     * Writes {@code in}'s rows (columns image, question, answer, question_type), then {@code copies} times every row
     * again with its image transformed: all of copy 1, then all of copy 2, and so on, so the table still starts with
     * the original rows. Rows sharing an image share its transforms; the draws are seeded by {@code seed} and the
     * order in which distinct images first appear.
     *
     * @return {@code out}
     */
    static Path write(Path in, int copies, long seed, Path out, BufferAllocator allocator) {
        if (copies < 0 || copies > TRANSFORMS) {
            throw new IllegalArgumentException("copies must be 0.." + TRANSFORMS + ", found " + copies);
        }
        List<byte[]> images = new ArrayList<>();
        List<String[]> texts = new ArrayList<>();
        try (TableReader reader = TableReader.open(in, allocator)) {
            int image = reader.spec().require("image", ColumnType.IMAGE);
            int question = reader.spec().require("question", ColumnType.TEXT);
            int answer = reader.spec().require("answer", ColumnType.TEXT);
            int type = reader.spec().require("question_type", ColumnType.TEXT);
            reader.forEachRow((Row r) -> {
                images.add(r.bytes(image));
                texts.add(new String[] {r.text(question), r.text(answer), r.text(type)});
            });
            List<Transform> all = all();
            Random random = new Random(seed);
            Map<ByteBuffer, byte[][]> augmented = new HashMap<>(); // an image's bytes -> its copies' PNG bytes
            TableSpec spec = TableSpec.of(ColumnSpec.image("image"), ColumnSpec.text("question"),
                    ColumnSpec.text("answer"), ColumnSpec.text("question_type"));
            try (TableWriter writer = TableWriter.create(out, spec, allocator)) {
                for (int copy = 0; copy <= copies; copy++) {
                    for (int i = 0; i < images.size(); i++) {
                        byte[] source = images.get(i);
                        byte[] png = source;
                        if (copy > 0) {
                            png = augmented.computeIfAbsent(ByteBuffer.wrap(source), k -> {
                                List<Transform> order = new ArrayList<>(all);
                                Collections.shuffle(order, random);
                                BufferedImage original = Images.decode(source);
                                byte[][] pngs = new byte[copies][];
                                for (int c = 0; c < copies; c++) {
                                    pngs[c] = Images.encodePng(order.get(c).apply(original));
                                }
                                return pngs;
                            })[copy - 1];
                        }
                        String[] t = texts.get(i);
                        writer.addRow(png, t[0], t[1], t[2]);
                    }
                }
                writer.commit();
            }
        }
        return out;
    }
}
