package org.ross.knime.nodes.tuner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.ross.core.table.ColumnSpec;
import org.ross.core.table.TableSpec;
import org.ross.core.train.TrainingLog;
import org.ross.knime.nodes.spi.InvalidSettingsException;
import org.ross.knime.nodes.spi.ModelPortSpec;
import org.ross.knime.nodes.spi.PortSpec;
import org.ross.knime.nodes.spi.Settings;
import org.ross.knime.nodes.spi.TablePortSpec;

/** Everything configure must reject before any work, on the tiny preset. */
class ReconstructiveTunerNodeTest {

    private final ReconstructiveTunerNode node = new ReconstructiveTunerNode();

    private static TablePortSpec qa(int latentGrid) {
        return new TablePortSpec(TableSpec.of(ColumnSpec.image("image"), ColumnSpec.text("question"),
                ColumnSpec.text("answer"), ColumnSpec.latent("latent", 4, latentGrid, latentGrid)));
    }

    private List<PortSpec> configure(PortSpec table, Object... keyValues) throws InvalidSettingsException {
        Map<String, Object> raw = new HashMap<>(Map.of("preset", "tiny", "device", "cpu"));
        for (int i = 0; i < keyValues.length; i += 2) {
            raw.put((String) keyValues[i], keyValues[i + 1]);
        }
        Settings settings = Settings.parse("node 'tuner'", node.settings(), raw);
        return node.configure(Arrays.asList(table, null), settings);
    }

    private String error(PortSpec table, Object... keyValues) {
        return assertThrows(InvalidSettingsException.class, () -> configure(table, keyValues)).getMessage();
    }

    @Test
    void promisesARossModelAndTheTrainingLog() throws Exception {
        List<PortSpec> out = configure(qa(8));
        assertEquals(ModelPortSpec.of("ross"), out.get(0));
        assertEquals(new TablePortSpec(TrainingLog.SPEC), out.get(1));
    }

    @Test
    void aMissingLatentColumnIsNamed() {
        String m = error(qa(8), "latentColumn", "z");
        assertTrue(m.startsWith("column 'z' (latent) not found"), m);
        assertTrue(m.endsWith(" (setting 'latentColumn')"), m);
    }

    @Test
    void aColumnOfTheWrongTypeNamesTheSettingThatChoseIt() {
        assertEquals("column 'question' has type text, expected image (setting 'imageColumn')",
                error(qa(8), "imageColumn", "question"));
        assertEquals("column 'latent' has type latent, expected text (setting 'answerColumn')",
                error(qa(8), "answerColumn", "latent"));
    }

    @Test
    void textOnlyNeedsNoLatentColumn() throws Exception {
        configure(qa(8), "latentColumn", "z", "objective", "TEXT_ONLY");
    }

    @Test
    void aLatentGridThatCannotFoldOntoThePatchGridIsRejected() {
        String m = error(qa(6));
        assertTrue(m.contains("column 'latent'") && m.contains("6x6") && m.contains("4x4 token grid"), m);
        assertTrue(m.endsWith(" (setting 'latentColumn')"), m);
    }

    @Test
    void badSettingsAreRejected() {
        assertTrue(error(qa(8), "lmHeads", 5).contains("lmWidth/lmLayers/lmHeads"));
        assertTrue(error(qa(8), "trainableModules", "lm, decoder").contains("unknown module 'decoder'"));
        assertTrue(error(qa(8), "trainableModules", "vision", "freezeVisionEncoder", true).contains("freezeVisionEncoder"));
        assertTrue(error(qa(8), "earlyStoppingPatience", 2, "validationFraction", 0).contains("needs validation"));
        assertTrue(error(qa(8), "questionColumn", "").contains("questionColumn"));
        assertTrue(error(qa(8), "turnsPerConversation", 0).contains("turnsPerConversation"));
        assertTrue(error(qa(8), "turnsPerConversation", 65).contains("turnsPerConversation"));
        String m = error(qa(8), "holdFraction", 0.9, "warmupFraction", 0.1);
        assertTrue(m.contains("holdFraction") && m.contains("warmupFraction + holdFraction < 1"), m);
    }

    @Test
    void theHoldAtThePeakReachesTheEngine() throws Exception {
        Settings s = Settings.parse("t", node.settings(), Map.of("holdFraction", 0.5));
        assertEquals(0.5, TunerSettings.from(s).trainer().holdFraction());
        assertEquals(0.0, TunerSettings.from(Settings.defaults(node.settings())).trainer().holdFraction());
    }

    @Test
    void theTurnLimitReachesTheEngine() throws Exception {
        Settings s = Settings.parse("t", node.settings(), Map.of("turnsPerConversation", 5));
        assertEquals(5, TunerSettings.from(s).input(Path.of("t.arrow"), Path.of("scratch")).turns());
        assertEquals(1, TunerSettings.from(Settings.defaults(node.settings())).input(Path.of("t.arrow"),
                Path.of("scratch")).turns());
    }

    @Test
    void aBaseModelOfAnotherKindIsRejected() {
        var e = assertThrows(InvalidSettingsException.class, () -> node.configure(
                Arrays.asList(qa(8), ModelPortSpec.of("kl-vae")), Settings.defaults(node.settings())));
        assertTrue(e.getMessage().contains("'kl-vae' model"), e.getMessage());
    }

    @Test
    void aFrozenVisionEncoderIsNotTrained() throws Exception {
        Settings s = Settings.parse("t", node.settings(), Map.of("freezeVisionEncoder", true));
        assertEquals(Set.of("projector", "lm", "denoiser"), TunerSettings.from(s).trainer().trainableModules());
    }
}
