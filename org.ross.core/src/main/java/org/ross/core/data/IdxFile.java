package org.ross.core.data;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * A gzip-compressed IDX file (the MNIST format: big-endian int32 magic, item count and sizes,
 * then unsigned bytes) read one item at a time. Magic 2049 is a label file, 2051 an image file.
 */
final class IdxFile implements AutoCloseable {

    static final int LABELS = 2049;
    static final int IMAGES = 2051;

    private final Path file;
    private final DataInputStream in;
    private final int count;
    private final int rows;
    private final int cols;
    private int read;

    private IdxFile(Path file, DataInputStream in, int count, int rows, int cols) {
        this.file = file;
        this.in = in;
        this.count = count;
        this.rows = rows;
        this.cols = cols;
    }

    /** Opens {@code file} and checks its header; {@code magic} is {@link #LABELS} or {@link #IMAGES}. */
    static IdxFile open(Path file, int magic) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("IDX file " + file + " not found");
        }
        InputStream raw = Files.newInputStream(file);
        try {
            DataInputStream in = new DataInputStream(new BufferedInputStream(new GZIPInputStream(raw), 1 << 16));
            int found = in.readInt();
            if (found != magic) {
                throw new IllegalArgumentException("IDX file " + file + " has magic number " + found
                        + ", expected " + magic + (magic == IMAGES ? " (images)" : " (labels)"));
            }
            int count = in.readInt();
            int rows = magic == IMAGES ? in.readInt() : 1;
            int cols = magic == IMAGES ? in.readInt() : 1;
            if (count < 0 || rows <= 0 || cols <= 0 || rows > 4096 || cols > 4096) {
                throw new IllegalArgumentException("IDX file " + file + " has an invalid header: "
                        + count + " items of " + rows + " x " + cols);
            }
            return new IdxFile(file, in, count, rows, cols);
        } catch (EOFException e) {
            raw.close();
            throw new IllegalArgumentException("IDX file " + file + " is truncated inside its header", e);
        } catch (java.util.zip.ZipException e) {
            raw.close();
            throw new IllegalArgumentException("IDX file " + file + " is not gzip-compressed: " + e.getMessage(), e);
        } catch (IOException | RuntimeException e) {
            raw.close();
            throw e;
        }
    }

    int count() {
        return count;
    }

    int rows() {
        return rows;
    }

    int cols() {
        return cols;
    }

    /** Bytes per item: rows x columns for images, 1 for labels. */
    int itemSize() {
        return rows * cols;
    }

    /** The next item's bytes into {@code buffer} (length {@link #itemSize()}). */
    void next(byte[] buffer) throws IOException {
        try {
            in.readFully(buffer, 0, itemSize());
            read++;
        } catch (EOFException e) {
            throw new IllegalArgumentException("IDX file " + file + " is truncated: its header promises "
                    + count + " items but item " + read + " is incomplete", e);
        }
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
