package org.ross.knime.nodes.export;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.ross.core.data.TableExporter;
import org.ross.knime.nodes.spi.ExecutionContext;
import org.ross.knime.nodes.spi.InvalidSettingsException;
import org.ross.knime.nodes.spi.PortDescription;
import org.ross.knime.nodes.spi.PortObject;
import org.ross.knime.nodes.spi.PortSpec;
import org.ross.knime.nodes.spi.RossNode;
import org.ross.knime.nodes.spi.SettingDescription;
import org.ross.knime.nodes.spi.Settings;
import org.ross.knime.nodes.spi.TablePort;

/** Sink node: a table to CSV or JSONL, images written as files beside it. */
public final class TableFileWriterNode implements RossNode {

    @Override
    public String type() {
        return "table-writer";
    }

    @Override
    public String name() {
        return "Table Writer (CSV/JSONL)";
    }

    @Override
    public String description() {
        return "Writes a table to CSV or JSONL. Image cells become files in '<name>_images/' next to the output and the "
                + "cell holds their relative path; latents become JSON arrays. The output appears only when complete.";
    }

    @Override
    public List<PortDescription> inputs() {
        return List.of(PortDescription.table("table", "Any table."));
    }

    @Override
    public List<PortDescription> outputs() {
        return List.of();
    }

    @Override
    public List<SettingDescription> settings() {
        return List.of(
                SettingDescription.stringSetting("file", "", "Output file (required); relative paths are relative to the working directory."),
                SettingDescription.choiceSetting("format", "csv", List.of("csv", "jsonl"), "Output format."));
    }

    @Override
    public List<PortSpec> configure(List<PortSpec> inSpecs, Settings settings) throws InvalidSettingsException {
        if (settings.getString("file").isBlank()) {
            throw new InvalidSettingsException("setting 'file' is empty; give the CSV or JSONL file to write");
        }
        return List.of();
    }

    @Override
    public List<PortObject> execute(List<PortObject> inputs, Settings settings, ExecutionContext context)
            throws Exception {
        TablePort table = (TablePort) inputs.get(0);
        TableExporter.Format format = TableExporter.Format.valueOf(settings.getChoice("format").toUpperCase(Locale.ROOT));
        TableExporter.export(table.path(), Path.of(settings.getString("file")), format, context.allocator(), context);
        return List.of();
    }
}
