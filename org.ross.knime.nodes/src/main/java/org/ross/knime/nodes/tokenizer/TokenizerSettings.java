package org.ross.knime.nodes.tokenizer;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.ross.core.tokenizer.TableTokenizer;
import org.ross.core.tokenizer.TokenizerConfig;
import org.ross.core.tokenizer.TokenizerTrainingConfig;
import org.ross.knime.nodes.NodeSupport;
import org.ross.knime.nodes.spi.InvalidSettingsException;
import org.ross.knime.nodes.spi.SettingDescription;
import org.ross.knime.nodes.spi.Settings;

/** The Image Tokenizer's settings, converted once into the engine's config records. */
record TokenizerSettings(int imageSize, int downsampling, int latentChannels, int baseWidth, double beta,
                         int epochs, int batchSize, double learningRate, long seed, String device,
                         TableTokenizer.Options options) {

    static final List<SettingDescription> DESCRIPTIONS = List.of(
            SettingDescription.stringSetting("imageColumn", "image", "Column holding the images (PNG or JPEG)."),
            SettingDescription.stringSetting("latentColumn", "latent", "Name of the latent column to append (replaced if present)."),
            SettingDescription.choiceSetting("colorMode", "auto", List.of("auto", "gray", "rgb"),
                    "auto: the first image decides grey or colour and a mix is an error naming the row; "
                            + "gray: colour images are converted to luminance; rgb: grey images are replicated to 3 channels."),
            SettingDescription.intSetting("imageSize", 64, 4, 1024, "Images are scaled (aspect kept, black padding) to this square size."),
            SettingDescription.choiceSetting("downsampling", "4", List.of("1", "2", "4", "8"),
                    "Factor from image to latent grid; the grid is imageSize / downsampling on each side."),
            SettingDescription.intSetting("latentChannels", TokenizerConfig.DEFAULT_LATENT_CHANNELS, 1, 64, "Channels of the latent grid."),
            SettingDescription.intSetting("baseWidth", TokenizerConfig.DEFAULT_BASE_WIDTH, 4, 512, "Convolution width at full resolution."),
            SettingDescription.doubleSetting("beta", TokenizerConfig.DEFAULT_BETA, 0, 1, "Weight of the KL term against the reconstruction error."),
            SettingDescription.intSetting("epochs", TokenizerTrainingConfig.DEFAULT_EPOCHS, 1, 10_000, "Passes over the distinct images."),
            SettingDescription.intSetting("batchSize", TokenizerTrainingConfig.DEFAULT_BATCH_SIZE, 1, 4096, "Images per optimisation step."),
            SettingDescription.doubleSetting("learningRate", TokenizerTrainingConfig.DEFAULT_LEARNING_RATE, 1e-7, 1, "Adam learning rate."),
            SettingDescription.longSetting("seed", 1, Long.MIN_VALUE, Long.MAX_VALUE, "Seed for initialisation, data order and noise."),
            NodeSupport.DEVICE);

    static TokenizerSettings from(Settings s) throws InvalidSettingsException {
        TableTokenizer.ColorPolicy policy = TableTokenizer.ColorPolicy.valueOf(s.getChoice("colorMode").toUpperCase(Locale.ROOT));
        TokenizerSettings settings;
        try {
            settings = new TokenizerSettings(s.getInt("imageSize"), Integer.parseInt(s.getChoice("downsampling")),
                    s.getInt("latentChannels"), s.getInt("baseWidth"), s.getDouble("beta"), s.getInt("epochs"),
                    s.getInt("batchSize"), s.getDouble("learningRate"), s.getLong("seed"), s.getChoice("device"),
                    new TableTokenizer.Options(s.getString("imageColumn"), s.getString("latentColumn"), policy,
                            Path.of(System.getProperty("java.io.tmpdir"))));
            // Validate the combination now (e.g. imageSize not divisible by downsampling).
            settings.model(3);
            settings.training();
        } catch (IllegalArgumentException e) {
            throw new InvalidSettingsException(e.getMessage(), e);
        }
        return settings;
    }

    /** The architecture for images with {@code channels} channels (fixed by the data at fit time). */
    TokenizerConfig model(int channels) {
        return new TokenizerConfig(imageSize, channels, downsampling, latentChannels, baseWidth, beta);
    }

    TokenizerTrainingConfig training() {
        return TokenizerTrainingConfig.defaults(seed).withEpochs(epochs).withBatchSize(batchSize)
                .withLearningRate(learningRate);
    }
}
