package org.ross.core.table;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.UUID;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.VarBinaryVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.complex.FixedSizeListVector;
import org.apache.arrow.vector.ipc.ArrowFileWriter;

/**
 * Streams rows into an Arrow IPC file. Rows are buffered into record batches of at most
 * {@value #MAX_BATCH_ROWS} rows or about {@value #MAX_BATCH_BYTES} bytes of data, so memory stays
 * bounded however many rows are written. The file is written under a temporary sibling name and
 * only {@link #commit()} moves it onto the target: a failed or cancelled run never destroys the
 * previous output (DESIGN.md section 7).
 */
public final class TableWriter implements AutoCloseable {

    static final int MAX_BATCH_ROWS = 1024;
    static final long MAX_BATCH_BYTES = 16L << 20;

    private final Path target;
    private final Path temporary;
    private final TableSpec spec;
    private final VectorSchemaRoot root;
    private final ArrowFileWriter writer;
    private int batchRows;
    private long batchBytes;
    private long rowsWritten;
    private boolean committed;
    private boolean closed;

    private TableWriter(Path target, Path temporary, TableSpec spec, VectorSchemaRoot root,
            ArrowFileWriter writer) {
        this.target = target;
        this.temporary = temporary;
        this.spec = spec;
        this.root = root;
        this.writer = writer;
    }

    /** Starts a table at {@code target}; nothing appears there until {@link #commit()}. */
    public static TableWriter create(Path target, TableSpec spec, BufferAllocator allocator) {
        Path dir = target.toAbsolutePath().getParent();
        Path temporary = dir.resolve("." + target.getFileName() + ".tmp-" + UUID.randomUUID());
        VectorSchemaRoot root = null;
        FileChannel channel = null;
        try {
            Files.createDirectories(dir);
            root = VectorSchemaRoot.create(ArrowSchemas.toSchema(spec), allocator);
            root.allocateNew();
            channel = FileChannel.open(temporary, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            ArrowFileWriter writer = new ArrowFileWriter(root, null, channel);
            writer.start();
            return new TableWriter(target, temporary, spec, root, writer);
        } catch (IOException | RuntimeException e) {
            closeQuietly(channel);
            if (root != null) {
                root.close();
            }
            deleteQuietly(temporary);
            if (e instanceof IOException io) {
                throw new UncheckedIOException("cannot create table " + target + ": " + io.getMessage(), io);
            }
            throw (RuntimeException) e;
        }
    }

    public TableSpec spec() {
        return spec;
    }

    /**
     * Appends one row, one value per column: byte[] for images, String for text, float[] of
     * length 2*C*H*W for latents, any Number for float64, Long or Integer for int64, or null.
     */
    public void addRow(Object... values) {
        if (committed || closed) {
            throw new IllegalStateException("table " + target + " is already " + (closed ? "closed" : "committed"));
        }
        if (values.length != spec.size()) {
            throw new IllegalArgumentException("row " + rowsWritten + " has " + values.length
                    + " values, expected " + spec.size() + " (" + spec.describe() + ")");
        }
        for (int c = 0; c < values.length; c++) {
            check(c, values[c]);
        }
        for (int c = 0; c < values.length; c++) {
            set(c, values[c]);
        }
        batchRows++;
        rowsWritten++;
        if (batchRows >= MAX_BATCH_ROWS || batchBytes >= MAX_BATCH_BYTES) {
            flush();
        }
    }

    public long rowsWritten() {
        return rowsWritten;
    }

    /** Writes the last batch, closes the file and moves it atomically onto the target. */
    public void commit() {
        if (committed || closed) {
            throw new IllegalStateException("table " + target + " is already " + (closed ? "closed" : "committed"));
        }
        try {
            flush();
            writer.end();
            writer.close();
            Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            committed = true;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write table " + target + ": " + e.getMessage(), e);
        }
    }

    /** Releases all Arrow memory; without a commit, deletes the temporary file and leaves the target as it was. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            if (!committed) {
                writer.close();
            }
        } finally {
            root.close();
            if (!committed) {
                deleteQuietly(temporary);
            }
        }
    }

    private void flush() {
        if (batchRows == 0) {
            return;
        }
        root.setRowCount(batchRows);
        try {
            writer.writeBatch();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write table " + target + ": " + e.getMessage(), e);
        }
        root.allocateNew(); // clears the batch just written and starts an empty one
        batchRows = 0;
        batchBytes = 0;
    }

    private void check(int c, Object v) {
        if (v == null) {
            return;
        }
        ColumnSpec col = spec.columns().get(c);
        boolean ok = switch (col.type()) {
            case IMAGE -> v instanceof byte[];
            case TEXT -> v instanceof String;
            case LATENT -> v instanceof float[];
            case FLOAT64 -> v instanceof Number;
            case INT64 -> v instanceof Long || v instanceof Integer;
        };
        if (!ok) {
            throw new IllegalArgumentException("row " + rowsWritten + ", column '" + col.name()
                    + "' (" + col.type().tag() + "): expected " + javaTypeOf(col.type()) + ", found "
                    + v.getClass().getSimpleName());
        }
        if (col.type() == ColumnType.LATENT && ((float[]) v).length != col.latentLength()) {
            throw new IllegalArgumentException("row " + rowsWritten + ", column '" + col.name()
                    + "': expected a latent of " + col.latentLength() + " floats (shape "
                    + col.shape() + "), found " + ((float[]) v).length);
        }
    }

    private void set(int c, Object v) {
        FieldVector vector = root.getVector(c);
        int i = batchRows;
        if (v == null) {
            setNull(vector, i);
            return;
        }
        switch (spec.columns().get(c).type()) {
            case IMAGE -> {
                byte[] b = (byte[]) v;
                ((VarBinaryVector) vector).setSafe(i, b);
                batchBytes += b.length;
            }
            case TEXT -> {
                byte[] b = ((String) v).getBytes(StandardCharsets.UTF_8);
                ((VarCharVector) vector).setSafe(i, b);
                batchBytes += b.length;
            }
            case LATENT -> {
                float[] f = (float[]) v;
                FixedSizeListVector list = (FixedSizeListVector) vector;
                int start = list.startNewValue(i);
                Float4Vector items = (Float4Vector) list.getDataVector();
                for (int k = 0; k < f.length; k++) {
                    items.setSafe(start + k, f[k]);
                }
                batchBytes += 4L * f.length;
            }
            case FLOAT64 -> ((Float8Vector) vector).setSafe(i, ((Number) v).doubleValue());
            case INT64 -> ((BigIntVector) vector).setSafe(i, ((Number) v).longValue());
        }
    }

    private static void setNull(FieldVector vector, int i) {
        if (vector instanceof FixedSizeListVector list) {
            list.setNull(i);
        } else if (vector instanceof VarBinaryVector b) {
            b.setNull(i);
        } else if (vector instanceof VarCharVector t) {
            t.setNull(i);
        } else if (vector instanceof Float8Vector d) {
            d.setNull(i);
        } else if (vector instanceof BigIntVector l) {
            l.setNull(i);
        } else {
            throw new IllegalStateException("unexpected vector " + vector.getClass().getSimpleName());
        }
    }

    private static String javaTypeOf(ColumnType type) {
        return switch (type) {
            case IMAGE -> "byte[] (PNG or JPEG bytes)";
            case TEXT -> "String";
            case LATENT -> "float[]";
            case FLOAT64 -> "a Number";
            case INT64 -> "Long or Integer";
        };
    }

    private static void closeQuietly(FileChannel channel) {
        try {
            if (channel != null) {
                channel.close();
            }
        } catch (IOException ignored) {
            // already failing; the original error is the one to report
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // a stray hidden temporary file is harmless; the caller sees the original error
        }
    }
}
