package org.ross.knime.nodes.sources;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.ross.core.data.FashionMnist;
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

/** Source node: Fashion-MNIST images and labels read from the IDX files. */
public final class FashionMnistReaderNode implements RossNode {

    @Override
    public String type() {
        return "fashion-mnist-reader";
    }

    @Override
    public String name() {
        return "Fashion-MNIST Reader";
    }

    @Override
    public String description() {
        return "Reads the Fashion-MNIST IDX files (gzip) into a table with columns image (28x28 grey PNG), label and "
                + "label_name. On Debian: apt-get install dataset-fashion-mnist.";
    }

    @Override
    public List<PortDescription> inputs() {
        return List.of();
    }

    @Override
    public List<PortDescription> outputs() {
        return List.of(PortDescription.table("images", "One row per image."));
    }

    @Override
    public List<SettingDescription> settings() {
        return List.of(
                SettingDescription.stringSetting("directory", FashionMnist.DEFAULT_DIRECTORY.toString(),
                        "Folder holding train-images-idx3-ubyte.gz, train-labels-idx1-ubyte.gz and the t10k files."),
                SettingDescription.choiceSetting("split", "train", List.of("train", "test"), "Which split to read."),
                SettingDescription.intSetting("limit", 0, 0, Integer.MAX_VALUE, "Read only the first N images; 0 reads all."));
    }

    @Override
    public List<PortSpec> configure(List<PortSpec> inSpecs, Settings settings) throws InvalidSettingsException {
        config(settings);
        return List.of(new TablePortSpec(FashionMnist.spec()));
    }

    @Override
    public List<PortObject> execute(List<PortObject> inputs, Settings settings, ExecutionContext context)
            throws Exception {
        new FashionMnist(config(settings)).write(context.outputTable(0), context.allocator(), context);
        return List.of(new TablePort(context.outputTable(0), FashionMnist.spec()));
    }

    private static FashionMnist.Config config(Settings settings) throws InvalidSettingsException {
        FashionMnist.Split split = settings.getChoice("split").equals("train")
                ? FashionMnist.Split.TRAIN : FashionMnist.Split.TEST;
        Path directory = Path.of(settings.getString("directory"));
        for (String file : List.of(split.imagesFile(), split.labelsFile())) {
            if (!Files.isRegularFile(directory.resolve(file))) {
                throw new InvalidSettingsException("setting 'directory': " + directory.resolve(file)
                        + " not found; install the Debian package dataset-fashion-mnist or point 'directory' at the IDX files");
            }
        }
        try {
            return new FashionMnist.Config(directory, split, settings.getInt("limit"));
        } catch (IllegalArgumentException e) {
            throw new InvalidSettingsException(e.getMessage(), e);
        }
    }
}
