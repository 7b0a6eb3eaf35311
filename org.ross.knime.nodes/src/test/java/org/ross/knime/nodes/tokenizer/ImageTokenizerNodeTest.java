package org.ross.knime.nodes.tokenizer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.ross.core.table.ColumnSpec;
import org.ross.core.table.TableSpec;
import org.ross.core.tokenizer.TrainingReport;
import org.ross.knime.nodes.spi.InvalidSettingsException;
import org.ross.knime.nodes.spi.ModelPortSpec;
import org.ross.knime.nodes.spi.PortSpec;
import org.ross.knime.nodes.spi.Settings;
import org.ross.knime.nodes.spi.TablePortSpec;

/** What the Image Tokenizer's configure promises and rejects, before any work. */
class ImageTokenizerNodeTest {

    private final ImageTokenizerNode node = new ImageTokenizerNode();
    private static final TablePortSpec IMAGES = new TablePortSpec(TableSpec.of(ColumnSpec.image("image"), ColumnSpec.text("question")));

    private List<PortSpec> configure(PortSpec table, PortSpec model, Object... keyValues) throws InvalidSettingsException {
        Map<String, Object> raw = new HashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            raw.put((String) keyValues[i], keyValues[i + 1]);
        }
        return node.configure(Arrays.asList(table, model), Settings.parse("node 'tok'", node.settings(), raw));
    }

    @Test
    void theOutputSpecAppendsTheLatentColumnOfTheConfiguredGrid() throws Exception {
        List<PortSpec> out = configure(IMAGES, null, "imageSize", 32, "downsampling", 4, "latentChannels", 3);
        TableSpec expected = TableSpec.of(ColumnSpec.image("image"), ColumnSpec.text("question"),
                ColumnSpec.latent("latent", 3, 8, 8));
        assertEquals(new TablePortSpec(expected), out.get(0));
        assertEquals("tokenizer", ((ModelPortSpec) out.get(1)).kind());
    }

    @Test
    void aMissingOrMistypedImageColumnIsAConfigurationError() {
        String missing = assertThrows(InvalidSettingsException.class,
                () -> configure(IMAGES, null, "imageColumn", "photo")).getMessage();
        assertTrue(missing.startsWith("column 'photo' (image) not found; the table has: image (image), question (text)"),
                missing);
        assertTrue(missing.endsWith("(setting 'imageColumn')"), missing);
        String mistyped = assertThrows(InvalidSettingsException.class,
                () -> configure(IMAGES, null, "imageColumn", "question")).getMessage();
        assertTrue(mistyped.startsWith("column 'question' has type text, expected image"), mistyped);
    }

    @Test
    void anImageSizeThatTheDownsamplingDoesNotDivideIsRejectedWithAFix() {
        String message = assertThrows(InvalidSettingsException.class,
                () -> configure(IMAGES, null, "imageSize", 30, "downsampling", 4)).getMessage();
        assertTrue(message.contains("imageSize is 30") && message.contains("e.g. 32"), message);
        String notPowerOfTwo = assertThrows(InvalidSettingsException.class,
                () -> configure(IMAGES, null, "downsampling", 3)).getMessage();
        assertTrue(notPowerOfTwo.contains("downsampling is 3; expected 1, 2, 4 or 8"), notPowerOfTwo);
    }

    @Test
    void aGivenModelMustBeATokenizerAndDefersTheLatentShape() throws Exception {
        String wrongKind = assertThrows(InvalidSettingsException.class,
                () -> configure(IMAGES, ModelPortSpec.of("ross"))).getMessage();
        assertEquals("input 'tokenizer' is a 'ross' model, expected a 'tokenizer' model from an Image Tokenizer",
                wrongKind);
        List<PortSpec> out = configure(IMAGES, ModelPortSpec.of("tokenizer"));
        assertNull(out.get(0), "the latent shape is known only when the given model is read");
        assertEquals(ModelPortSpec.of("tokenizer"), out.get(1));
    }

    @Test
    void outOfRangeSettingsNameTheSetting() {
        String message = assertThrows(InvalidSettingsException.class,
                () -> configure(IMAGES, null, "epochs", 0)).getMessage();
        assertEquals("node 'tok': setting 'epochs' expected an integer in [1, 10000], found 0", message);
        String choice = assertThrows(InvalidSettingsException.class,
                () -> configure(IMAGES, null, "colorMode", "cmyk")).getMessage();
        assertTrue(choice.contains("setting 'colorMode'") && choice.contains("cmyk"), choice);
    }

    @Test
    void aPoorlyFittedTokenizerIsAWarningThatNamesThePsnrAndTheEpochsToSet() {
        // 3 epochs of 32 steps at MSE 0.24 on [-1, 1] pixels: 10 log10(4 / 0.24) = 12.2 dB
        TrainingReport shortFit = new TrainingReport(96, List.of(0.37, 0.26, 0.24), 0.24, 5.0, 70.0, 0);
        assertEquals(Optional.of("the tokenizer reconstructs its training images at only 12.2 dB PSNR after 96 "
                + "optimizer steps (20 dB or more is advised): its latents keep little of the images, and ROSS_D and "
                + "ROSS_R learn from them; raise 'epochs' to about 32 (about 1000 steps)"),
                ImageTokenizerNode.poorFitWarning(shortFit));
        // enough steps already: the advice is a longer fit or more latent channels (MSE 0.05 -> 19.0 dB)
        TrainingReport longFit = new TrainingReport(1200, List.of(0.2, 0.1, 0.05), 0.05, 5.0, 900.0, 0);
        assertEquals(Optional.of("the tokenizer reconstructs its training images at only 19.0 dB PSNR after 1200 "
                + "optimizer steps (20 dB or more is advised): its latents keep little of the images, and ROSS_D and "
                + "ROSS_R learn from them; raise 'epochs' or 'latentChannels'"),
                ImageTokenizerNode.poorFitWarning(longFit));
    }

    @Test
    void aWellFittedTokenizerGivesNoWarning() {
        // MSE 0.04 is exactly 20 dB, the advised level; 0.0096 is 26.2 dB
        assertEquals(Optional.empty(), ImageTokenizerNode.poorFitWarning(
                new TrainingReport(300, List.of(0.1, 0.04), 0.04, 5.0, 60.0, 0)));
        assertEquals(Optional.empty(), ImageTokenizerNode.poorFitWarning(
                new TrainingReport(960, List.of(0.05, 0.0096), 0.0096, 5.0, 780.0, 0)));
    }

    @Test
    void skippedUpdatesAreAWarningThatCountsThem() {
        assertEquals(Optional.empty(), ImageTokenizerNode.skippedUpdatesWarning(
                new TrainingReport(300, List.of(0.1, 0.04), 0.04, 5.0, 60.0, 0)));
        assertEquals(Optional.of("2 of 300 tokenizer training steps made no update: their gradient was not finite "
                + "while the loss was; if this recurs, lower 'learningRate'"), ImageTokenizerNode.skippedUpdatesWarning(
                new TrainingReport(300, List.of(0.1, 0.04), 0.04, 5.0, 60.0, 2)));
    }
}
