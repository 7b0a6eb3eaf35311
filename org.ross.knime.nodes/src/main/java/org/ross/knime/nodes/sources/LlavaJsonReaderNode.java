package org.ross.knime.nodes.sources;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.ross.core.data.LlavaJsonImporter;
import org.ross.knime.nodes.spi.ExecutionContext;
import org.ross.knime.nodes.spi.InvalidSettingsException;
import org.ross.knime.nodes.spi.PortDescription;
import org.ross.knime.nodes.spi.PortObject;
import org.ross.knime.nodes.spi.PortSpec;
import org.ross.knime.nodes.spi.RossNode;
import org.ross.knime.nodes.spi.SettingDescription;
import org.ross.knime.nodes.spi.Settings;
import org.ross.knime.nodes.spi.TablePort;
import org.ross.knime.nodes.spi.TablePortSpec;

/** Source node: LLaVA-style instruction data (JSON conversations plus an image folder). */
public final class LlavaJsonReaderNode implements RossNode {

    @Override
    public String type() {
        return "llava-json-reader";
    }

    @Override
    public String name() {
        return "LLaVA JSON Reader";
    }

    @Override
    public String description() {
        return "Reads LLaVA-style JSON ([{id, image, conversations: [{from, value}]}]) and its image folder into one row "
                + "per human/gpt turn pair: id, image, question (without the <image> placeholder), answer, turn.";
    }

    @Override
    public List<PortDescription> inputs() {
        return List.of();
    }

    @Override
    public List<PortDescription> outputs() {
        return List.of(PortDescription.table("conversations", "One row per question and answer."));
    }

    @Override
    public List<SettingDescription> settings() {
        return List.of(
                SettingDescription.stringSetting("json", "", "The LLaVA JSON file (required)."),
                SettingDescription.stringSetting("imageFolder", "", "Folder the entries' image paths are relative to (required)."));
    }

    @Override
    public List<PortSpec> configure(List<PortSpec> inSpecs, Settings settings) throws InvalidSettingsException {
        importer(settings);
        return List.of(new TablePortSpec(LlavaJsonImporter.spec()));
    }

    @Override
    public List<PortObject> execute(List<PortObject> inputs, Settings settings, ExecutionContext context)
            throws Exception {
        if (importer(settings).write(context.outputTable(0), context.allocator(), context) == 0) {
            context.warn(settings.getString("json") + " has no entries: the table is empty");
        }
        return List.of(new TablePort(context.outputTable(0), LlavaJsonImporter.spec()));
    }

    private static LlavaJsonImporter importer(Settings settings) throws InvalidSettingsException {
        Path json = Path.of(settings.getString("json"));
        Path images = Path.of(settings.getString("imageFolder"));
        if (settings.getString("json").isBlank() || !Files.isRegularFile(json)) {
            throw new InvalidSettingsException("setting 'json': '" + json + "' is not a file; give the LLaVA JSON file");
        }
        if (settings.getString("imageFolder").isBlank() || !Files.isDirectory(images)) {
            throw new InvalidSettingsException("setting 'imageFolder': '" + images + "' is not a folder");
        }
        return new LlavaJsonImporter(json, images);
    }
}
