package org.ross.knime.nodes.sources;

import java.util.List;
import org.ross.core.data.SortOfClevr;
import org.ross.core.data.SortOfClevrConfig;
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

/** Source node: a seeded Sort-of-CLEVR visual question answering table (DESIGN.md section 6). */
public final class SortOfClevrNode implements RossNode {

    @Override
    public String type() {
        return "sort-of-clevr";
    }

    @Override
    public String name() {
        return "Sort-of-CLEVR Generator";
    }

    @Override
    public String description() {
        return "Generates Sort-of-CLEVR scenes (6 coloured squares and circles) with 10 non-relational and 10 relational "
                + "questions per image; columns image, question, answer, question_type, template, image_id.";
    }

    @Override
    public List<PortDescription> inputs() {
        return List.of();
    }

    @Override
    public List<PortDescription> outputs() {
        return List.of(PortDescription.table("questions", "One row per question, the image repeated in each of its rows."));
    }

    @Override
    public List<SettingDescription> settings() {
        return List.of(
                SettingDescription.intSetting("images", 100, 1, 10_000_000, "Number of scenes to generate."),
                SettingDescription.intSetting("imageSize", 64, SortOfClevrConfig.MIN_IMAGE_SIZE, 1024, "Side of the square images in pixels."),
                SettingDescription.intSetting("questionsPerType", 10, 1, 100, "Non-relational and relational questions per image (each)."),
                SettingDescription.longSetting("seed", 1, Long.MIN_VALUE, Long.MAX_VALUE, "Seed: the same seed gives the same table."));
    }

    @Override
    public List<PortSpec> configure(List<PortSpec> inSpecs, Settings settings) throws InvalidSettingsException {
        config(settings);
        return List.of(new TablePortSpec(SortOfClevr.spec()));
    }

    @Override
    public List<PortObject> execute(List<PortObject> inputs, Settings settings, ExecutionContext context)
            throws Exception {
        new SortOfClevr(config(settings)).write(context.outputTable(0), context.allocator(), context);
        return List.of(new TablePort(context.outputTable(0), SortOfClevr.spec()));
    }

    private static SortOfClevrConfig config(Settings settings) throws InvalidSettingsException {
        try {
            return new SortOfClevrConfig(settings.getInt("images"), settings.getInt("imageSize"),
                    settings.getInt("questionsPerType"), settings.getLong("seed"));
        } catch (IllegalArgumentException e) {
            throw new InvalidSettingsException(e.getMessage(), e);
        }
    }
}
