package org.ross.runtime.exec;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.arrow.flatbuf.RecordBatch;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.ipc.ArrowFileReader;
import org.apache.arrow.vector.ipc.ReadChannel;
import org.apache.arrow.vector.ipc.message.ArrowBlock;
import org.apache.arrow.vector.ipc.message.MessageMetadataResult;
import org.apache.arrow.vector.ipc.message.MessageSerializer;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.ross.core.table.ColumnType;

/**
 * Row count and columns of an Arrow IPC file for the run summary, read from the footer and the
 * record batch headers only: no column data is loaded.
 */
public record ArrowTableInfo(long rows, List<String> columns) {

    public static ArrowTableInfo read(Path file, BufferAllocator allocator) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
                ArrowFileReader reader = new ArrowFileReader(channel, allocator)) {
            Schema schema = reader.getVectorSchemaRoot().getSchema();
            long rows = 0;
            try (FileChannel headers = FileChannel.open(file, StandardOpenOption.READ)) {
                for (ArrowBlock block : reader.getRecordBlocks()) {
                    headers.position(block.getOffset());
                    MessageMetadataResult message = MessageSerializer.readMessage(new ReadChannel(headers));
                    RecordBatch batch = (RecordBatch) message.getMessage().header(new RecordBatch());
                    rows += batch.length();
                }
            }
            return new ArrowTableInfo(rows, schema.getFields().stream().map(ArrowTableInfo::describe).toList());
        }
    }

    /** "name (ross type)", or the Arrow type for columns without ROSS metadata. */
    private static String describe(Field field) {
        String tag = field.getMetadata().get(ColumnType.METADATA_KEY);
        return field.getName() + " (" + (tag != null ? tag : field.getType().toString()) + ")";
    }

    public String columnList() {
        return columns.isEmpty() ? "no columns" : columns.stream().collect(Collectors.joining(", "));
    }
}
