package org.ross.knime.nodes.sources;

import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.ross.core.data.ImageFolderImporter;
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

/** Source node: a folder of PNG/JPEG images, optionally with a CSV or JSONL of questions and answers. */
public final class ImageFolderReaderNode implements RossNode {

    @Override
    public String type() {
        return "image-folder-reader";
    }

    @Override
    public String name() {
        return "Image Folder Reader";
    }

    @Override
    public String description() {
        return "Reads the PNG and JPEG files of a folder (recursively, sorted by path) into a table with columns image "
                + "and path. With an annotations file (CSV with header image,question,answer[,...] or JSONL objects "
                + "with image, question, answer) it writes one row per annotation instead.";
    }

    @Override
    public List<PortDescription> inputs() {
        return List.of();
    }

    @Override
    public List<PortDescription> outputs() {
        return List.of(PortDescription.table("images", "One row per image, or per annotation."));
    }

    @Override
    public List<SettingDescription> settings() {
        return List.of(
                SettingDescription.stringSetting("folder", "", "Folder holding the images (required)."),
                SettingDescription.stringSetting("annotations", "",
                        "Optional CSV or JSONL file of (image, question, answer); image paths relative to the folder."));
    }

    @Override
    public List<PortSpec> configure(List<PortSpec> inSpecs, Settings settings) throws InvalidSettingsException {
        ImageFolderImporter importer = importer(settings);
        try {
            return List.of(new TablePortSpec(importer.spec())); // reads the CSV header, if any
        } catch (IllegalArgumentException | UncheckedIOException e) {
            throw new InvalidSettingsException("setting 'annotations': " + e.getMessage(), e);
        }
    }

    @Override
    public List<PortObject> execute(List<PortObject> inputs, Settings settings, ExecutionContext context)
            throws Exception {
        ImageFolderImporter importer = importer(settings);
        if (importer.write(context.outputTable(0), context.allocator(), context) == 0) {
            context.warn(settings.getString("annotations").isBlank()
                    ? "no PNG or JPEG file in " + settings.getString("folder") + ": the table is empty"
                    : settings.getString("annotations") + " has no annotation rows: the table is empty");
        }
        return List.of(new TablePort(context.outputTable(0), importer.spec()));
    }

    private static ImageFolderImporter importer(Settings settings) throws InvalidSettingsException {
        String folder = settings.getString("folder");
        if (folder.isBlank()) {
            throw new InvalidSettingsException("setting 'folder' is empty; give the folder that holds the images");
        }
        Path dir = Path.of(folder);
        if (!Files.isDirectory(dir)) {
            throw new InvalidSettingsException("setting 'folder': " + dir + " is not a folder");
        }
        String annotations = settings.getString("annotations");
        Optional<Path> file = annotations.isBlank() ? Optional.empty() : Optional.of(Path.of(annotations));
        if (file.isPresent() && !Files.isRegularFile(file.get())) {
            throw new InvalidSettingsException("setting 'annotations': " + file.get() + " is not a file");
        }
        try {
            return new ImageFolderImporter(dir, file);
        } catch (IllegalArgumentException e) {
            throw new InvalidSettingsException(e.getMessage(), e);
        }
    }
}
