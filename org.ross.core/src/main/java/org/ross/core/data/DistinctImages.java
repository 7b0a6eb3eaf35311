package org.ross.core.data;

import java.awt.image.BufferedImage;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.ross.core.ProgressMonitor;
import org.ross.core.image.Images;
import org.ross.core.table.ColumnType;
import org.ross.core.table.FloatStore;
import org.ross.core.table.Row;
import org.ross.core.table.TableReader;
import org.ross.core.tokenizer.ImageSource;

/**
 * The distinct images of a table (identity: SHA-256 of the encoded bytes), each decoded once,
 * preprocessed to the model resolution and kept in a memory-mapped {@link FloatStore}; remembers
 * which distinct image each row holds. A Sort-of-CLEVR QA table repeats each image twenty times,
 * so it is decoded (and later encoded or trained on) once.
 *
 * <p>One streaming pass over the table; a {@link RowVisitor} sees every row during that pass, so a
 * caller that needs other columns (questions, latents) reads the table only once.
 */
public final class DistinctImages implements ImageSource, AutoCloseable {

    /** Sees each row of the pass, after its image was resolved to a distinct index. */
    @FunctionalInterface
    public interface RowVisitor {
        /**
         * @param distinct the index of the row's image among the distinct images
         * @param first    whether this row is the first to hold that image
         */
        void visit(Row row, int distinct, boolean first);

        RowVisitor NONE = (row, distinct, first) -> {
        };
    }

    private final FloatStore store;
    private final int[] rowToDistinct;
    private final int channels;
    private final int imageSize;

    private DistinctImages(FloatStore store, int[] rowToDistinct, int channels, int imageSize) {
        this.store = store;
        this.rowToDistinct = rowToDistinct;
        this.channels = channels;
        this.imageSize = imageSize;
    }

    /**
     * Reads column {@code imageColumn} of {@code table}.
     *
     * @param mode      the colour mode every image is converted to, or null to let the first image
     *                  decide and reject a later image of the other kind (naming its row)
     * @param scratch   directory for the memory-mapped store (deleted on close)
     * @throws IllegalArgumentException for an empty table, a missing or mistyped column, a null or
     *                                  undecodable image; the message names row and column
     */
    public static DistinctImages read(Path table, String imageColumn, int imageSize, Images.ColorMode mode,
            Path scratch, BufferAllocator allocator, ProgressMonitor monitor, RowVisitor visitor) {
        try (TableReader reader = TableReader.open(table, allocator)) {
            int column = reader.spec().require(imageColumn, ColumnType.IMAGE);
            long rowCount = reader.rowCount();
            if (rowCount == 0) {
                throw new IllegalArgumentException("the input table has no rows; at least one image is needed in column '"
                        + imageColumn + "'");
            }
            if (rowCount > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("the input table has " + rowCount + " rows; at most "
                        + Integer.MAX_VALUE + " are supported");
            }
            boolean auto = mode == null;
            int[] rowToDistinct = new int[(int) rowCount];
            Map<Digest, Integer> seen = new HashMap<>();
            FloatStore store = null;
            try {
                Iterator<Row> rows = reader.rows();
                while (rows.hasNext()) {
                    Row row = rows.next();
                    int r = (int) row.index();
                    if (r % 256 == 0) {
                        monitor.checkCancelled();
                        monitor.progress((double) r / rowCount, "reading images " + r + "/" + rowCount);
                    }
                    if (row.isNull(column)) {
                        throw new IllegalArgumentException("row " + r + ", column '" + imageColumn
                                + "': missing image (null)");
                    }
                    byte[] bytes = row.bytes(column);
                    Digest key = Digest.of(bytes);
                    Integer known = seen.get(key);
                    if (known != null) {
                        rowToDistinct[r] = known;
                        visitor.visit(row, known, false);
                        continue;
                    }
                    BufferedImage image;
                    try {
                        image = Images.decode(bytes);
                    } catch (IllegalArgumentException e) {
                        throw new IllegalArgumentException("row " + r + ", column '" + imageColumn + "': "
                                + e.getMessage(), e);
                    }
                    boolean gray = Images.isGray(image);
                    if (mode == null) {
                        mode = gray ? Images.ColorMode.GRAY : Images.ColorMode.RGB;
                    } else if (auto && gray != (mode == Images.ColorMode.GRAY)) {
                        throw new IllegalArgumentException("row " + r + ", column '" + imageColumn + "': "
                                + (gray ? "grey" : "colour") + " image in a table whose first image is "
                                + (gray ? "colour" : "grey") + "; set colorMode=rgb (grey replicated to RGB) or "
                                + "colorMode=gray (colour converted to luminance)");
                    }
                    if (store == null) {
                        store = FloatStore.create(scratch, "images", mode.channels() * imageSize * imageSize);
                    }
                    rowToDistinct[r] = store.append(Images.toChw(image, imageSize, mode));
                    seen.put(key, rowToDistinct[r]);
                    visitor.visit(row, rowToDistinct[r], true);
                }
            } catch (RuntimeException e) {
                if (store != null) {
                    store.close();
                }
                throw e;
            }
            return new DistinctImages(store, rowToDistinct, mode.channels(), imageSize);
        }
    }

    /** Rows of the table read. */
    public long rows() {
        return rowToDistinct.length;
    }

    /** The distinct image held by {@code row}. */
    public int distinctIndexOfRow(long row) {
        return rowToDistinct[(int) row];
    }

    /** Floats per image, {@code channels * imageSize^2}. */
    public int recordLength() {
        return store.recordLength();
    }

    @Override
    public int size() {
        return store.size();
    }

    @Override
    public int channels() {
        return channels;
    }

    @Override
    public int imageSize() {
        return imageSize;
    }

    @Override
    public void read(int index, float[] chw) {
        store.read(index, chw);
    }

    @Override
    public void close() {
        store.close();
    }

    /** SHA-256 of an image's bytes: the identity used to process identical images once. */
    private record Digest(long a, long b, long c, long d) {
        static Digest of(byte[] bytes) {
            try {
                ByteBuffer h = ByteBuffer.wrap(MessageDigest.getInstance("SHA-256").digest(bytes));
                return new Digest(h.getLong(), h.getLong(), h.getLong(), h.getLong());
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("SHA-256 is required by every Java runtime", e);
            }
        }
    }
}
