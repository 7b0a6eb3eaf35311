package org.ross.knime.nodes.scorer;

import java.util.List;
import org.ross.core.score.ScoreTable;
import org.ross.core.score.ScorerConfig;
import org.ross.knime.nodes.NodeSupport;
import org.ross.knime.nodes.spi.InvalidSettingsException;
import org.ross.knime.nodes.spi.SettingDescription;
import org.ross.knime.nodes.spi.Settings;

/** The Reconstruction Scorer's settings, converted once into the engine's records. */
record ScorerSettings(ScorerConfig config, ScoreTable.Options options, String device) {

    static final List<SettingDescription> DESCRIPTIONS = List.of(
            SettingDescription.stringSetting("imageColumn", "image", "Column holding the images (PNG or JPEG)."),
            SettingDescription.stringSetting("questionColumn", "",
                    "Optional text column with a question per row; empty uses the prompt setting."),
            SettingDescription.stringSetting("prompt", ScorerConfig.DEFAULT_PROMPT, "Question used for rows without one."),
            SettingDescription.stringSetting("labelColumn", "",
                    "Optional text or int64 column marking anomalous rows; when set, the second output holds AUROC, "
                            + "the best threshold and a ROC curve. Empty: the second output has no rows."),
            SettingDescription.stringSetting("positiveClass", "1",
                    "Label value of the anomalous rows (the ones a high recon_score should flag)."),
            SettingDescription.intSetting("draws", ScorerConfig.DEFAULT_DRAWS, 1, 1024,
                    "K: fixed (timestep, noise) draws the denoising error is averaged over; every image sees the same ones."),
            SettingDescription.intSetting("tMin", ScorerConfig.DEFAULT_T_MIN, 0, 100_000, "Smallest timestep of a draw."),
            SettingDescription.intSetting("tMax", ScorerConfig.DEFAULT_T_MAX, 0, 100_000,
                    "Largest timestep of a draw (below the model's diffusion steps T)."),
            SettingDescription.intSetting("ddimSteps", ScorerConfig.DEFAULT_DDIM_STEPS, 1, 100_000,
                    "DDIM steps of the reconstruction (recon_image)."),
            SettingDescription.intSetting("startTimestep", ScorerConfig.DEFAULT_START_TIMESTEP, 0, 100_000,
                    "Noise level the reconstruction starts from: the image's latents noised to this timestep (T-1 = pure noise)."),
            SettingDescription.longSetting("seed", 1, Long.MIN_VALUE, Long.MAX_VALUE,
                    "Seed of the draws and of the reconstruction noise; same seed, same scores."),
            SettingDescription.intSetting("batchSize", ScorerConfig.DEFAULT_BATCH_SIZE, 1, 4096, "Images per engine batch."),
            NodeSupport.DEVICE);

    static ScorerSettings from(Settings s) throws InvalidSettingsException {
        try {
            ScorerConfig config = new ScorerConfig(s.getInt("draws"), s.getInt("tMin"), s.getInt("tMax"),
                    s.getInt("ddimSteps"), s.getInt("startTimestep"), s.getLong("seed"), s.getInt("batchSize"),
                    s.getString("prompt"));
            ScoreTable.Options options = new ScoreTable.Options(s.getString("imageColumn"),
                    s.getString("questionColumn").trim(), s.getString("labelColumn").trim(), s.getString("positiveClass"));
            return new ScorerSettings(config, options, s.getChoice("device"));
        } catch (IllegalArgumentException e) {
            throw new InvalidSettingsException(e.getMessage(), e);
        }
    }
}
