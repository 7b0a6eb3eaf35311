package org.ross.runtime.testnodes;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowFileReader;
import org.apache.arrow.vector.ipc.ArrowFileWriter;
import org.apache.arrow.vector.ipc.message.ArrowBlock;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.ross.core.table.ColumnSpec;
import org.ross.core.table.ColumnType;
import org.ross.core.table.TableSpec;

/**
 * The tables of the test nodes, written with arrow-vector directly: {@code id} (int64) and
 * {@code label} (text), in batches of two rows so readers see several record batches.
 */
public final class TestTables {

    public static final TableSpec SPEC = TableSpec.of(ColumnSpec.int64("id"), ColumnSpec.text("label"));

    private static final Schema SCHEMA = new Schema(List.of(
            field("id", new ArrowType.Int(64, true), ColumnType.INT64),
            field("label", ArrowType.Utf8.INSTANCE, ColumnType.TEXT)));

    private TestTables() {
    }

    private static Field field(String name, ArrowType type, ColumnType ross) {
        return new Field(name, new FieldType(true, type, null, Map.of(ColumnType.METADATA_KEY, ross.tag())), null);
    }

    /** Writes rows {@code id = 0..rows-1}, {@code label = prefix + id}; calls {@code eachRow} after each. */
    public static void write(Path file, BufferAllocator allocator, int rows, String prefix,
            Runnable eachRow) throws IOException {
        try (VectorSchemaRoot root = VectorSchemaRoot.create(SCHEMA, allocator);
                FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                ArrowFileWriter writer = new ArrowFileWriter(root, null, channel)) {
            BigIntVector id = (BigIntVector) root.getVector("id");
            VarCharVector label = (VarCharVector) root.getVector("label");
            writer.start();
            for (int start = 0; start < rows; start += 2) {
                int n = Math.min(2, rows - start);
                root.allocateNew();
                for (int i = 0; i < n; i++) {
                    id.setSafe(i, start + i);
                    label.setSafe(i, (prefix + (start + i)).getBytes(StandardCharsets.UTF_8));
                    eachRow.run();
                }
                root.setRowCount(n);
                writer.writeBatch();
            }
            writer.end();
        }
    }

    /** The {@code label} column of a table written by {@link #write}. */
    public static List<String> labels(Path file, BufferAllocator allocator) throws IOException {
        List<String> labels = new ArrayList<>();
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
                ArrowFileReader reader = new ArrowFileReader(channel, allocator)) {
            for (ArrowBlock block : reader.getRecordBlocks()) {
                reader.loadRecordBatch(block);
                VectorSchemaRoot root = reader.getVectorSchemaRoot();
                VarCharVector label = (VarCharVector) root.getVector("label");
                for (int i = 0; i < root.getRowCount(); i++) {
                    labels.add(new String(label.get(i), StandardCharsets.UTF_8));
                }
            }
        }
        return labels;
    }
}
