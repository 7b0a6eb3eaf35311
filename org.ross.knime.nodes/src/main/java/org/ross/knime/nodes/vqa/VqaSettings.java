package org.ross.knime.nodes.vqa;

import java.util.List;
import org.ross.core.infer.DecodingConfig;
import org.ross.core.infer.TableVqa;
import org.ross.knime.nodes.NodeSupport;
import org.ross.knime.nodes.spi.InvalidSettingsException;
import org.ross.knime.nodes.spi.SettingDescription;
import org.ross.knime.nodes.spi.Settings;

/** The VQA Predictor's settings, converted once into the engine's records. */
record VqaSettings(TableVqa.Options options, String device) {

    static final List<SettingDescription> DESCRIPTIONS = List.of(
            SettingDescription.stringSetting("imageColumn", "image",
                    "Column holding the images (PNG or JPEG); any size, scaled to the model's resolution."),
            SettingDescription.stringSetting("questionColumn", "question", "Column holding the questions."),
            SettingDescription.stringSetting("answerColumn", TableVqa.ANSWER,
                    "Ground-truth answers; when the column is present the evaluation output holds the accuracy."),
            SettingDescription.stringSetting("questionTypeColumn", "question_type",
                    "When present, the evaluation output also holds the accuracy per value of this column."),
            SettingDescription.choiceSetting("decoding", "greedy", List.of("greedy", "beam"),
                    "Open generation: greedy (most probable token each step) or beam search."),
            SettingDescription.intSetting("beamWidth", 4, 1, DecodingConfig.MAX_BEAM_WIDTH,
                    "Hypotheses kept per row by beam search (1 equals greedy)."),
            SettingDescription.intSetting("maxNewTokens", DecodingConfig.DEFAULT_MAX_NEW_TOKENS, 1, 1024,
                    "Most tokens generated per answer, including <end>."),
            SettingDescription.stringSetting("candidates", "",
                    "Closed-set mode: comma-separated answers; each row gets the most likely one. Empty = open generation."),
            SettingDescription.stringSetting("candidatesColumn", "",
                    "Closed-set mode with per-row answers: a text column of comma-separated candidates. Empty = not used."),
            SettingDescription.intSetting("batchSize", 32, 1, 4096, "Questions decoded together."),
            NodeSupport.DEVICE);

    static VqaSettings from(Settings s) throws InvalidSettingsException {
        String column = s.getString("candidatesColumn").strip();
        DecodingConfig decoding = s.getChoice("decoding").equals("beam")
                ? DecodingConfig.beam(s.getInt("beamWidth"), s.getInt("maxNewTokens"))
                : DecodingConfig.greedy(s.getInt("maxNewTokens"));
        try {
            return new VqaSettings(new TableVqa.Options(s.getString("imageColumn"), s.getString("questionColumn"),
                    s.getString("answerColumn"), s.getString("questionTypeColumn"),
                    TableVqa.parseCandidates(s.getString("candidates")), column.isEmpty() ? null : column,
                    s.getInt("batchSize"), decoding), s.getChoice("device"));
        } catch (IllegalArgumentException e) {
            throw new InvalidSettingsException("settings 'candidates'/'candidatesColumn': " + e.getMessage(), e);
        }
    }
}
