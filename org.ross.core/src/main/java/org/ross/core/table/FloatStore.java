package org.ross.core.table;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * A scratch file of fixed-length float records, memory-mapped in segments, so that tens of
 * thousands of preprocessed images or latents live off the Java heap and are read back by index
 * (shuffled training) without holding them as Java objects. The file is deleted on close.
 *
 * <p>Records are appended in order and then read by index; the file grows by whole segments.
 */
public final class FloatStore implements AutoCloseable {

    /** Largest mapping per segment (a MappedByteBuffer is limited to 2 GiB). */
    private static final long SEGMENT_BYTES = 1L << 28;

    private final Path file;
    private final FileChannel channel;
    private final int recordLength;
    private final int recordsPerSegment;
    private final List<FloatBuffer> segments = new ArrayList<>();
    private int size;

    private FloatStore(Path file, int recordLength) throws IOException {
        if (recordLength <= 0) {
            throw new IllegalArgumentException("record length must be positive, found " + recordLength);
        }
        this.file = file;
        this.recordLength = recordLength;
        this.recordsPerSegment = (int) Math.max(1, SEGMENT_BYTES / (4L * recordLength));
        this.channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
                StandardOpenOption.WRITE, StandardOpenOption.DELETE_ON_CLOSE);
    }

    /** A new, empty store in {@code directory} holding records of {@code recordLength} floats. */
    public static FloatStore create(Path directory, String prefix, int recordLength) {
        try {
            Files.createDirectories(directory);
            Path file = Files.createTempFile(directory, prefix, ".f32");
            Files.delete(file);
            return new FloatStore(file, recordLength);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create scratch file in " + directory, e);
        }
    }

    public int recordLength() {
        return recordLength;
    }

    /** Number of records appended so far. */
    public int size() {
        return size;
    }

    /** Appends one record; returns its index. */
    public int append(float[] record) {
        if (record.length != recordLength) {
            throw new IllegalArgumentException("record has " + record.length + " floats, expected "
                    + recordLength);
        }
        int index = size;
        FloatBuffer segment = segmentFor(index, true);
        segment.put((index % recordsPerSegment) * recordLength, record);
        size++;
        return index;
    }

    /** Copies record {@code index} into {@code out} (length {@link #recordLength()}). */
    public void read(int index, float[] out) {
        read(index, out, 0);
    }

    /** Copies record {@code index} into {@code out} starting at {@code offset}. */
    public void read(int index, float[] out, int offset) {
        if (index < 0 || index >= size) {
            throw new IndexOutOfBoundsException("record " + index + " of " + size);
        }
        segmentFor(index, false).get((index % recordsPerSegment) * recordLength, out, offset,
                recordLength);
    }

    private FloatBuffer segmentFor(int index, boolean grow) {
        int s = index / recordsPerSegment;
        while (grow && segments.size() <= s) {
            long bytes = 4L * recordLength * recordsPerSegment;
            try {
                MappedByteBuffer map = channel.map(FileChannel.MapMode.READ_WRITE,
                        segments.size() * bytes, bytes);
                segments.add(map.order(ByteOrder.nativeOrder()).asFloatBuffer());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot grow scratch file " + file, e);
            }
        }
        return segments.get(s);
    }

    @Override
    public void close() {
        segments.clear();
        try {
            channel.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close scratch file " + file, e);
        }
    }
}
