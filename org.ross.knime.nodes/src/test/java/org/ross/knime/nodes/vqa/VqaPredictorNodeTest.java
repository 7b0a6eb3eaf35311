package org.ross.knime.nodes.vqa;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ross.core.image.Images;
import org.ross.core.ross.Objective;
import org.ross.core.ross.RossConfig;
import org.ross.core.ross.RossModel;
import org.ross.core.table.Allocators;
import org.ross.core.table.ColumnSpec;
import org.ross.core.table.Row;
import org.ross.core.table.TableReader;
import org.ross.core.table.TableSpec;
import org.ross.core.table.TableWriter;
import org.ross.core.text.WordTokenizer;
import org.ross.knime.nodes.BuiltInNodes;
import org.ross.knime.nodes.RecordingContext;
import org.ross.knime.nodes.spi.InvalidSettingsException;
import org.ross.knime.nodes.spi.ModelPort;
import org.ross.knime.nodes.spi.ModelPortSpec;
import org.ross.knime.nodes.spi.NodeExecutionException;
import org.ross.knime.nodes.spi.PortObject;
import org.ross.knime.nodes.spi.PortSpec;
import org.ross.knime.nodes.spi.Settings;
import org.ross.knime.nodes.spi.TablePort;
import org.ross.knime.nodes.spi.TablePortSpec;

class VqaPredictorNodeTest {

    private static final TableSpec QA = TableSpec.of(ColumnSpec.image("image"), ColumnSpec.text("question"),
            ColumnSpec.text("answer"), ColumnSpec.text("question_type"));

    @TempDir
    Path dir;
    private BufferAllocator root;
    private final VqaPredictorNode node = new VqaPredictorNode();

    /** The runner's context for the predictor, with its own child allocator; warnings are collected. */
    private RecordingContext context() {
        return RecordingContext.stateless("vqa", dir, Allocators.child(root, "vqa-test"));
    }

    @BeforeEach
    void open() {
        root = Allocators.newRoot();
    }

    @AfterEach
    void close() {
        root.close(); // a leaked buffer fails the test
    }

    private ModelPort model() throws Exception {
        Path modelDir = dir.resolve("model");
        if (!Files.exists(modelDir)) {
            WordTokenizer vocabulary = WordTokenizer.build(List.of("what shape is the red object?", "square circle left"));
            try (RossModel m = RossModel.create(RossConfig.tiny().withObjective(Objective.TEXT_ONLY), vocabulary, 1,
                    Device.cpu())) {
                m.save(modelDir);
            }
        }
        return new ModelPort(modelDir, RossModel.KIND);
    }

    /** A 40x24 image (not the model's 32x32: the node resizes). */
    private static byte[] png(Color colour) {
        BufferedImage img = new BufferedImage(40, 24, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(colour);
        g.fillRect(5, 5, 12, 12);
        g.dispose();
        return Images.encodePng(img);
    }

    private TablePort table(TableSpec spec, Object[]... rows) {
        Path file = dir.resolve("in.arrow");
        try (BufferAllocator a = Allocators.child(root, "writer"); TableWriter w = TableWriter.create(file, spec, a)) {
            for (Object[] r : rows) {
                w.addRow(r);
            }
            w.commit();
        }
        return new TablePort(file, spec);
    }

    private Settings settings(Map<String, ?> raw) throws InvalidSettingsException {
        return Settings.parse("node 'vqa' (vqa-predictor)", node.settings(), raw);
    }

    private List<List<Object>> read(Path file) {
        List<List<Object>> rows = new ArrayList<>();
        try (BufferAllocator a = Allocators.child(root, "reader"); TableReader r = TableReader.open(file, a)) {
            r.forEachRow((Row row) -> {
                List<Object> v = new ArrayList<>();
                for (int c = 0; c < r.spec().size(); c++) {
                    v.add(c == 0 && row.value(c) instanceof byte[] ? "png" : row.value(c));
                }
                rows.add(v);
            });
        }
        return rows;
    }

    @Test
    void isRegistered() {
        assertTrue(BuiltInNodes.registry().find("vqa-predictor").isPresent());
    }

    @Test
    void configureNamesWhatIsWrong() throws Exception {
        Settings defaults = settings(Map.of());
        InvalidSettingsException kind = assertThrows(InvalidSettingsException.class, () -> node.configure(
                Arrays.asList(ModelPortSpec.of("tokenizer"), new TablePortSpec(QA)), defaults));
        assertTrue(kind.getMessage().contains("'tokenizer' model, expected a 'ross' model"), kind.getMessage());
        TableSpec noQuestion = TableSpec.of(ColumnSpec.image("image"), ColumnSpec.text("text"));
        InvalidSettingsException missing = assertThrows(InvalidSettingsException.class, () -> node.configure(
                Arrays.asList(ModelPortSpec.of("ross"), new TablePortSpec(noQuestion)), defaults));
        assertTrue(missing.getMessage().startsWith("column 'question' (text) not found"), missing.getMessage());
        assertTrue(missing.getMessage().endsWith(" (setting 'questionColumn')"), missing.getMessage());
        InvalidSettingsException answerIsImage = assertThrows(InvalidSettingsException.class, () -> node.configure(
                Arrays.asList(ModelPortSpec.of("ross"), new TablePortSpec(QA)),
                settings(Map.of("answerColumn", "image"))));
        assertEquals("column 'image' has type image, expected text (setting 'answerColumn')",
                answerIsImage.getMessage());
        InvalidSettingsException typeIsImage = assertThrows(InvalidSettingsException.class, () -> node.configure(
                Arrays.asList(ModelPortSpec.of("ross"), new TablePortSpec(QA)),
                settings(Map.of("questionTypeColumn", "image"))));
        assertEquals("column 'image' has type image, expected text (setting 'questionTypeColumn')",
                typeIsImage.getMessage());
        Settings bothCandidateSources = settings(Map.of("candidates", "a, b", "candidatesColumn", "choices"));
        InvalidSettingsException both = assertThrows(InvalidSettingsException.class, () -> node.configure(
                Arrays.asList(ModelPortSpec.of("ross"), new TablePortSpec(QA)), bothCandidateSources));
        assertTrue(both.getMessage().contains("choose one"), both.getMessage());
        InvalidSettingsException taken = assertThrows(InvalidSettingsException.class, () -> node.configure(
                Arrays.asList(ModelPortSpec.of("ross"), new TablePortSpec(QA.append(ColumnSpec.text("prediction")))),
                defaults));
        assertTrue(taken.getMessage().contains("already has a column 'prediction'"), taken.getMessage());

        List<PortSpec> out = node.configure(Arrays.asList(ModelPortSpec.of("ross"), new TablePortSpec(QA)), defaults);
        TableSpec predictions = ((TablePortSpec) out.get(0)).spec();
        assertEquals(List.of("image", "question", "answer", "question_type", "prediction", "answer_logprob"),
                predictions.columns().stream().map(ColumnSpec::name).toList());
        TableSpec questionsOnly = TableSpec.of(ColumnSpec.image("image"), ColumnSpec.text("question"));
        out = node.configure(Arrays.asList(ModelPortSpec.of("ross"), new TablePortSpec(questionsOnly)), defaults);
        assertEquals("answer", ((TablePortSpec) out.get(0)).spec().columns().get(2).name());
    }

    @Test
    void evaluationTableCountsCorrectAnswersOverallAndPerType() throws Exception {
        // one candidate: every prediction is "square", so the accuracy is known from the answers alone
        TablePort in = table(QA,
                new Object[] {png(Color.RED), "what shape is the red object?", "square", "shape"},
                new Object[] {png(Color.RED), "what shape is the red object?", "Square", "shape"},
                new Object[] {png(Color.BLUE), "what shape is the red object?", "circle", "position"},
                new Object[] {png(Color.BLUE), "what shape is the red object?", "left", "position"},
                new Object[] {png(Color.GREEN), "what shape is the red object?", "square", "position"});
        RecordingContext context = context();
        List<PortObject> out = node.execute(List.of(model(), in), settings(Map.of("candidates", "square",
                "batchSize", 2)), context);
        context.allocator().close();
        assertEquals(List.of(), context.warnings());
        List<List<Object>> predictions = read(out.get(0).path());
        assertEquals(5, predictions.size());
        for (List<Object> r : predictions) {
            assertEquals("square", r.get(4));
            assertTrue((Double) r.get(5) < 0);
        }
        assertEquals(List.of(List.of("all", 5L, 3L, 0.6), List.of("position", 3L, 1L, 1.0 / 3), List.of("shape", 2L, 2L, 1.0)),
                read(out.get(1).path()));
        assertEquals(List.of("accuracy 60.0% (3/5); position 33.3% (1/3), shape 100.0% (2/2)"),
                node.summarize(1, out.get(1), root));
    }

    @Test
    void unknownWordsAreCountedInOneWarningAndDecodingGoesOn() throws Exception {
        TableSpec spec = TableSpec.of(ColumnSpec.image("image"), ColumnSpec.text("question"));
        TablePort in = table(spec, new Object[] {png(Color.RED), "what colour is the purple object?"},
                new Object[] {png(Color.RED), "what shape is the red object?"},
                new Object[] {png(Color.RED), "is the red object shiny?"});
        RecordingContext context = context();
        List<PortObject> out = node.execute(List.of(model(), in), settings(Map.of("decoding", "beam", "beamWidth", 2,
                "maxNewTokens", 3, "batchSize", 2)), context);
        context.allocator().close();
        assertEquals(2, context.warnings().size(), context.warnings().toString());
        assertEquals("3 word(s) of the questions (or candidates) in 2 of 3 rows are not in the model's vocabulary "
                + "and were read as <unk>", context.warnings().get(0));
        assertTrue(context.warnings().get(1).contains("evaluation table is empty"), context.warnings().get(1));
        assertEquals(3, read(out.get(0).path()).size());
        assertEquals(List.of(), read(out.get(1).path()));
        assertEquals(List.of("no answer column in the input: nothing evaluated"), node.summarize(1, out.get(1), root));
    }

    @Test
    void anEmptyQuestionFailsNamingItsRow() throws Exception {
        TablePort in = table(QA, new Object[] {png(Color.RED), "what shape is the red object?", "square", "shape"},
                new Object[] {png(Color.RED), " ? ", "square", "shape"});
        RecordingContext context = context();
        NodeExecutionException e = assertThrows(NodeExecutionException.class,
                () -> node.execute(List.of(model(), in), settings(Map.of()), context));
        context.allocator().close();
        assertTrue(e.getMessage().startsWith("row 1, column 'question': the question is empty"), e.getMessage());
        assertTrue(!Files.exists(context.outputTable(0)), "no partial output may appear");
    }
}
