package org.ross.knime.nodes.scorer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.arrow.memory.BufferAllocator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ross.core.image.Images;
import org.ross.core.ross.Objective;
import org.ross.core.ross.RossConfig;
import org.ross.core.ross.RossModel;
import org.ross.core.score.ScoreTable;
import org.ross.core.table.Allocators;
import org.ross.core.table.ColumnSpec;
import org.ross.core.table.ColumnType;
import org.ross.core.table.TableReader;
import org.ross.core.table.TableSpec;
import org.ross.core.table.TableWriter;
import org.ross.core.text.WordTokenizer;
import org.ross.core.tokenizer.KlVae;
import org.ross.core.tokenizer.TokenizerConfig;
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

/** The node on untrained tiny models (16x16 grey, 4x4 tokens): wiring, outputs and refusals, in seconds. */
class ReconstructionScorerNodeTest {

    private final ReconstructionScorerNode node = new ReconstructionScorerNode();
    @TempDir
    Path dir;
    private BufferAllocator root;

    @BeforeEach
    void open() {
        root = Allocators.newRoot();
    }

    @AfterEach
    void close() {
        root.close(); // a leaked Arrow buffer fails the test
    }

    private Path tokenizer(int latentChannels) throws Exception {
        Path p = dir.resolve("tokenizer-" + latentChannels);
        try (KlVae vae = KlVae.create(new TokenizerConfig(16, 1, 4, latentChannels, 8, 1e-5), 1, Device.cpu())) {
            vae.save(p);
        }
        return p;
    }

    private Path model(Objective objective) throws Exception {
        Path p = dir.resolve("model-" + objective);
        RossConfig config = RossConfig.tiny().withImage(16, 1).withPatchSize(4).withObjective(objective)
                .withLatent(2, 4, org.ross.core.tokenizer.LatentStats.identity(2));
        try (RossModel m = RossModel.create(config, WordTokenizer.build(List.of("what is shown?")), 1, Device.cpu())) {
            m.save(p);
        }
        return p;
    }

    /** Rows alternate normal (label 0) and anomalous (label 1); {@code broken} gets bytes that are no image. */
    private TablePort images(int rows, int broken) {
        Path p = dir.resolve("images.arrow");
        TableSpec spec = TableSpec.of(ColumnSpec.image("image"), ColumnSpec.int64("label"));
        SplittableRandom rng = new SplittableRandom(3);
        try (BufferAllocator a = root.newChildAllocator("write", 0, Long.MAX_VALUE);
             TableWriter w = TableWriter.create(p, spec, a)) {
            for (int i = 0; i < rows; i++) {
                float[] img = new float[16 * 16];
                for (int j = 0; j < img.length; j++) {
                    img[j] = (float) (rng.nextDouble() - 0.5) * (i % 2 == 0 ? 0.2f : 1.8f);
                }
                w.addRow(i == broken ? new byte[] {1, 2, 3} : Images.encodePng(img, 1, 16), (long) (i % 2));
            }
            w.commit();
        }
        return new TablePort(p, spec);
    }

    private Settings settings(Map<String, Object> values) throws Exception {
        Map<String, Object> all = new HashMap<>(Map.of("batchSize", 3, "draws", 2, "ddimSteps", 2));
        all.putAll(values);
        return Settings.parse("scorer", node.settings(), all);
    }

    private List<PortObject> run(Path model, Path tokenizer, TablePort table, Settings settings) throws Exception {
        List<PortObject> inputs = new ArrayList<>();
        inputs.add(new ModelPort(model, RossModel.KIND));
        inputs.add(new ModelPort(tokenizer, KlVae.KIND));
        inputs.add(table);
        try (BufferAllocator a = root.newChildAllocator("node", 0, Long.MAX_VALUE)) {
            return node.execute(inputs, settings, new RecordingContext("scorer", dir, a));
        }
    }

    @Test
    void scoresEveryRowAndEvaluatesAgainstTheLabels() throws Exception {
        Settings s = settings(Map.of("labelColumn", "label", "positiveClass", "1"));
        TablePort table = images(6, -1);
        List<PortSpec> promised = node.configure(List.of(ModelPortSpec.of(RossModel.KIND), ModelPortSpec.of(KlVae.KIND),
                table.portSpec()), s);
        List<PortObject> out = run(model(Objective.ROSS_D), tokenizer(2), table, s);
        TablePort scores = (TablePort) out.get(0);
        assertEquals(((TablePortSpec) promised.get(0)).spec(), scores.spec());
        try (BufferAllocator a = root.newChildAllocator("read", 0, Long.MAX_VALUE);
             TableReader r = TableReader.open(scores.path(), a)) {
            assertEquals(6, r.rowCount());
            int score = r.spec().require(ScoreTable.SCORE, ColumnType.FLOAT64);
            int map = r.spec().require(ScoreTable.ERROR_MAP, ColumnType.IMAGE);
            int grid = r.spec().require(ScoreTable.TOKEN_ERRORS, ColumnType.TEXT);
            r.forEachRow(row -> {
                assertTrue(row.float64(score) > 0);
                assertEquals(16, Images.decode(row.bytes(map)).getWidth());
                assertTrue(row.text(grid).startsWith("[["));
            });
            List<String> summary = node.summarize(0, scores, a);
            assertTrue(summary.get(0).startsWith("mean recon_score"), summary.toString());
            List<String> evaluation = node.summarize(1, out.get(1), a);
            assertTrue(evaluation.get(0).startsWith("AUROC"), evaluation.toString());
        }
    }

    @Test
    void rowsRepeatingAnImageGetBitIdenticalScoresAcrossBatches() throws Exception {
        Path p = dir.resolve("repeated.arrow");
        TableSpec spec = TableSpec.of(ColumnSpec.image("image"), ColumnSpec.int64("label"));
        byte[][] distinct = new byte[3][];
        SplittableRandom rng = new SplittableRandom(9);
        for (int k = 0; k < distinct.length; k++) {
            float[] img = new float[16 * 16];
            for (int j = 0; j < img.length; j++) {
                img[j] = (float) (rng.nextDouble() - 0.5);
            }
            distinct[k] = Images.encodePng(img, 1, 16);
        }
        try (BufferAllocator a = root.newChildAllocator("write", 0, Long.MAX_VALUE);
             TableWriter w = TableWriter.create(p, spec, a)) {
            for (int i = 0; i < 9; i++) {
                w.addRow(distinct[i % 3], (long) (i % 2));
            }
            w.commit();
        }
        // batch size 2: the repeats of an image fall into other batches than its first row
        Settings s = settings(Map.of("batchSize", 2));
        TablePort scores = (TablePort) run(model(Objective.ROSS_D), tokenizer(2), new TablePort(p, spec), s).get(0);
        try (BufferAllocator a = root.newChildAllocator("read", 0, Long.MAX_VALUE);
             TableReader r = TableReader.open(scores.path(), a)) {
            int score = r.spec().require(ScoreTable.SCORE, ColumnType.FLOAT64);
            int recon = r.spec().require(ScoreTable.RECON_IMAGE, ColumnType.IMAGE);
            double[] byImage = new double[3];
            List<byte[]> reconByImage = new java.util.ArrayList<>(List.of(new byte[0], new byte[0], new byte[0]));
            r.forEachRow(row -> {
                int k = (int) (row.index() % 3);
                if (row.index() < 3) {
                    byImage[k] = row.float64(score);
                    reconByImage.set(k, row.bytes(recon).clone());
                } else {
                    assertEquals(byImage[k], row.float64(score), 0.0, "row " + row.index());
                    assertArrayEquals(reconByImage.get(k), row.bytes(recon), "row " + row.index());
                }
            });
            // (this fixture's denoiser is zero-initialised, so scores do not tell images apart; the
            // reconstructions, decoded from each image's own latents, do)
            assertFalse(java.util.Arrays.equals(reconByImage.get(0), reconByImage.get(1)));
        }
    }

    @Test
    void aTextOnlyModelIsRefusedInConfigureWhenItsSpecSaysSoAndOtherwiseBeforeAnyWork() throws Exception {
        InvalidSettingsException e = assertThrows(InvalidSettingsException.class, () -> node.configure(
                List.of(new ModelPortSpec(RossModel.KIND, Map.of("objective", "TEXT_ONLY")), ModelPortSpec.of(KlVae.KIND),
                        images(2, -1).portSpec()), settings(Map.of())));
        assertTrue(e.getMessage().contains("TEXT_ONLY") && e.getMessage().contains("no denoiser"), e.getMessage());
        NodeExecutionException x = assertThrows(NodeExecutionException.class,
                () -> run(model(Objective.TEXT_ONLY), tokenizer(2), images(2, -1), settings(Map.of())));
        assertTrue(x.getMessage().contains("TEXT_ONLY"), x.getMessage());
        assertFalse(Files.exists(dir.resolve("out-0.arrow")));
    }

    @Test
    void latentShapesThatDisagreeAreRefused() throws Exception {
        InvalidSettingsException e = assertThrows(InvalidSettingsException.class, () -> node.configure(
                List.of(new ModelPortSpec(RossModel.KIND, Map.of("latentShape", List.of(2, 4, 4))),
                        new ModelPortSpec(KlVae.KIND, Map.of("latentShape", List.of(2, 4, 4, 4))),
                        images(2, -1).portSpec()), settings(Map.of())));
        assertTrue(e.getMessage().contains("[4, 4, 4]"), e.getMessage());
        NodeExecutionException x = assertThrows(NodeExecutionException.class,
                () -> run(model(Objective.ROSS_D), tokenizer(4), images(2, -1), settings(Map.of())));
        assertTrue(x.getMessage().contains("4x4x4") && x.getMessage().contains("2x4x4"), x.getMessage());
    }

    @Test
    void anUndecodableImageNamesItsRowBeforeAnyScoring() throws Exception {
        NodeExecutionException x = assertThrows(NodeExecutionException.class,
                () -> run(model(Objective.ROSS_D), tokenizer(2), images(5, 4), settings(Map.of())));
        assertEquals(4L, x.row().getAsLong());
        assertTrue(x.getMessage().startsWith("row 4, column 'image': not a decodable"), x.getMessage());
        assertFalse(Files.exists(dir.resolve("out-0.arrow")));
    }
}
