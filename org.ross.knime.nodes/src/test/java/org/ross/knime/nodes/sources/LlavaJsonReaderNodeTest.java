package org.ross.knime.nodes.sources;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ross.core.table.Allocators;
import org.ross.core.table.TableReader;
import org.ross.knime.nodes.RecordingContext;
import org.ross.knime.nodes.spi.Settings;
import org.ross.knime.nodes.spi.TablePort;

class LlavaJsonReaderNodeTest {

    @TempDir
    Path dir;

    @Test
    void anEmptyEntryListGivesAnEmptyTableAndAWarning() throws Exception {
        LlavaJsonReaderNode node = new LlavaJsonReaderNode();
        Path json = Files.writeString(dir.resolve("llava.json"), "[]");
        Settings settings = Settings.parse("llava", node.settings(),
                Map.of("json", json.toString(), "imageFolder", dir.toString()));
        try (BufferAllocator root = Allocators.newRoot()) {
            RecordingContext context = new RecordingContext("llava", dir, root);
            TablePort out = (TablePort) node.execute(List.of(), settings, context).get(0);
            try (TableReader table = TableReader.open(out.arrowFile(), root)) {
                assertEquals(0, table.rowCount());
            }
            assertEquals(List.of(json + " has no entries: the table is empty"), context.warnings());
        }
    }
}
