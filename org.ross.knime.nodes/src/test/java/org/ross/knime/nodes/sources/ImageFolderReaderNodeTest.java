package org.ross.knime.nodes.sources;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.apache.arrow.memory.BufferAllocator;
import org.ross.core.table.Allocators;
import org.ross.core.table.ColumnSpec;
import org.ross.core.table.TableReader;
import org.ross.knime.nodes.RecordingContext;
import org.ross.knime.nodes.spi.InvalidSettingsException;
import org.ross.knime.nodes.spi.Settings;
import org.ross.knime.nodes.spi.TablePort;
import org.ross.knime.nodes.spi.TablePortSpec;

class ImageFolderReaderNodeTest {

    private final ImageFolderReaderNode node = new ImageFolderReaderNode();

    @TempDir
    Path dir;

    private List<String> configuredColumns(Path annotations) throws InvalidSettingsException {
        Settings settings = Settings.parse("reader", node.settings(),
                Map.of("folder", dir.toString(), "annotations", annotations.toString()));
        TablePortSpec out = (TablePortSpec) node.configure(List.of(), settings).get(0);
        return out.spec().columns().stream().map(ColumnSpec::name).toList();
    }

    @Test
    void anEmptyFolderGivesAnEmptyTableAndAWarning() throws Exception {
        Path images = Files.createDirectory(dir.resolve("images"));
        Settings settings = Settings.parse("reader", node.settings(), Map.of("folder", images.toString()));
        try (BufferAllocator root = Allocators.newRoot()) {
            RecordingContext context = new RecordingContext("reader", dir, root);
            TablePort out = (TablePort) node.execute(List.of(), settings, context).get(0);
            try (TableReader table = TableReader.open(out.arrowFile(), root)) {
                assertEquals(0, table.rowCount());
            }
            assertEquals(List.of("no PNG or JPEG file in " + images + ": the table is empty"), context.warnings());
        }
    }

    @Test
    void csvHeaderDecidesTheColumnsAtConfigure() throws Exception {
        Path csv = Files.writeString(dir.resolve("qa.csv"), "image,question,answer,question_type\n");
        assertEquals(List.of("image", "path", "question", "answer", "question_type"), configuredColumns(csv));
    }

    @Test
    void csvWithoutARequiredColumnIsASettingsErrorNamingTheFile() throws Exception {
        Path csv = Files.writeString(dir.resolve("qa.csv"), "image,question\na.png,what?\n");
        var e = assertThrows(InvalidSettingsException.class, () -> configuredColumns(csv));
        assertEquals("setting 'annotations': " + csv + ": CSV header must contain [image, question, answer],"
                + " found [image, question]", e.getMessage());
    }
}
