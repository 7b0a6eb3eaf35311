package org.ross.knime.nodes.tokenizer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.ross.core.table.ColumnSpec;
import org.ross.core.table.TableSpec;
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
}
