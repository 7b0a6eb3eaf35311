package org.ross.core.table;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.function.Consumer;
import org.apache.arrow.flatbuf.RecordBatch;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowFileReader;
import org.apache.arrow.vector.ipc.ReadChannel;
import org.apache.arrow.vector.ipc.message.ArrowBlock;
import org.apache.arrow.vector.ipc.message.MessageMetadataResult;
import org.apache.arrow.vector.ipc.message.MessageSerializer;

/**
 * Reads an Arrow IPC file one record batch at a time, so no caller needs the whole table in
 * memory. The row count comes from the batch headers alone. Row views handed out are valid only
 * until the next row; copy what you keep.
 */
public final class TableReader implements AutoCloseable {

    private final Path file;
    private final FileChannel channel;
    private final ArrowFileReader reader;
    private final TableSpec spec;
    private final List<ArrowBlock> blocks;
    private final long rowCount;

    private TableReader(Path file, FileChannel channel, ArrowFileReader reader, TableSpec spec,
            List<ArrowBlock> blocks, long rowCount) {
        this.file = file;
        this.channel = channel;
        this.reader = reader;
        this.spec = spec;
        this.blocks = blocks;
        this.rowCount = rowCount;
    }

    /**
     * Opens {@code file} and reads its schema and batch headers.
     *
     * @throws IllegalArgumentException naming the file when it is missing, corrupt or no Arrow
     *     IPC file, or when a column maps to no column type
     */
    public static TableReader open(Path file, BufferAllocator allocator) {
        FileChannel channel = null;
        ArrowFileReader reader = null;
        try {
            channel = FileChannel.open(file, StandardOpenOption.READ);
            reader = new ArrowFileReader(channel, allocator);
            TableSpec spec = ArrowSchemas.toSpec(reader.getVectorSchemaRoot().getSchema());
            List<ArrowBlock> blocks = List.copyOf(reader.getRecordBlocks());
            long rows = 0;
            for (ArrowBlock block : blocks) {
                rows += batchLength(channel, block);
            }
            return new TableReader(file, channel, reader, spec, blocks, rows);
        } catch (Exception e) {
            closeQuietly(reader, channel);
            throw new IllegalArgumentException("cannot read table " + file + ": "
                    + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()), e);
        }
    }

    /** The spec of {@code file} without reading any rows. */
    public static TableSpec readSpec(Path file, BufferAllocator allocator) {
        try (TableReader r = open(file, allocator)) {
            return r.spec();
        }
    }

    public TableSpec spec() {
        return spec;
    }

    public long rowCount() {
        return rowCount;
    }

    /** Calls {@code action} for each row in order, loading one record batch at a time. */
    public void forEachRow(Consumer<Row> action) {
        rows().forEachRemaining(action);
    }

    /** A single-pass iterator over the rows; it reuses one row view. */
    public Iterator<Row> rows() {
        VectorSchemaRoot root = root();
        BatchRow row = new BatchRow(spec, root);
        return new Iterator<>() {
            private int block;
            private int local;
            private int batchRows;
            private long global;

            @Override
            public boolean hasNext() {
                while (local >= batchRows) {
                    if (block >= blocks.size()) {
                        return false;
                    }
                    load(blocks.get(block++));
                    batchRows = root.getRowCount();
                    local = 0;
                }
                return true;
            }

            @Override
            public Row next() {
                if (!hasNext()) {
                    throw new NoSuchElementException("table " + file + " has " + rowCount + " rows");
                }
                row.moveTo(local++, global++);
                return row;
            }
        };
    }

    @Override
    public void close() {
        closeQuietly(reader, channel);
    }

    private VectorSchemaRoot root() {
        try {
            return reader.getVectorSchemaRoot();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read table " + file + ": " + e.getMessage(), e);
        }
    }

    private void load(ArrowBlock block) {
        try {
            reader.loadRecordBatch(block);
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("cannot read a record batch at byte " + block.getOffset()
                    + " of table " + file + ": " + e.getMessage(), e);
        }
    }

    /** The row count in a record batch's header, read without touching its body. */
    private static long batchLength(FileChannel channel, ArrowBlock block) throws IOException {
        channel.position(block.getOffset());
        MessageMetadataResult message = MessageSerializer.readMessage(new ReadChannel(channel));
        if (message == null || message.getMessage().headerType() != org.apache.arrow.flatbuf.MessageHeader.RecordBatch) {
            throw new IOException("no record batch at byte " + block.getOffset());
        }
        RecordBatch batch = (RecordBatch) message.getMessage().header(new RecordBatch());
        return batch.length();
    }

    private static void closeQuietly(ArrowFileReader reader, FileChannel channel) {
        try {
            if (reader != null) {
                reader.close(); // closes its root and the channel
            } else if (channel != null) {
                channel.close();
            }
        } catch (IOException ignored) {
            // nothing left to release that the caller could act on
        }
    }
}
