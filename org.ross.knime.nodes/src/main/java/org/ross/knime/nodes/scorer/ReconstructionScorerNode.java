package org.ross.knime.nodes.scorer;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.arrow.memory.BufferAllocator;
import org.ross.core.ross.Objective;
import org.ross.core.ross.RossModel;
import org.ross.core.score.ScoreTable;
import org.ross.core.table.ColumnType;
import org.ross.core.table.TableReader;
import org.ross.core.table.TableSpec;
import org.ross.core.tokenizer.KlVae;
import org.ross.knime.nodes.NodeSupport;
import org.ross.knime.nodes.spi.ExecutionContext;
import org.ross.knime.nodes.spi.InvalidSettingsException;
import org.ross.knime.nodes.spi.ModelPortSpec;
import org.ross.knime.nodes.spi.ModelPort;
import org.ross.knime.nodes.spi.NodeExecutionException;
import org.ross.knime.nodes.spi.PortDescription;
import org.ross.knime.nodes.spi.PortObject;
import org.ross.knime.nodes.spi.PortSpec;
import org.ross.knime.nodes.spi.RossNode;
import org.ross.knime.nodes.spi.SettingDescription;
import org.ross.knime.nodes.spi.Settings;
import org.ross.knime.nodes.spi.TablePort;
import org.ross.knime.nodes.spi.TablePortSpec;

/**
 * Reconstruction Scorer: how well a tuned ROSS model's visual outputs reconstruct each image, with a
 * picture of where it fails, and AUROC against an optional label column. One engine call:
 * {@link ScoreTable#run}.
 */
public final class ReconstructionScorerNode implements RossNode {

    @Override
    public String type() {
        return "reconstruction-scorer";
    }

    @Override
    public String name() {
        return "Reconstruction Scorer";
    }

    @Override
    public String description() {
        return "Scores each image by the denoising error of the model's ROSS denoiser on the image's own latent tokens "
                + "(mean over K fixed draws: an anomaly score), with the per-token error grid, a DDIM reconstruction "
                + "decoded by the tokenizer, an error heatmap, and PSNR/SSIM of the reconstruction. With a label "
                + "column, a second table gives AUROC, the best threshold (Youden's J) and a ROC curve.";
    }

    @Override
    public List<PortDescription> inputs() {
        return List.of(PortDescription.model("model", "A ROSS model tuned with objective ROSS_D (it has a denoiser)."),
                PortDescription.model("tokenizer", "The Image Tokenizer the model was tuned with."),
                PortDescription.table("images", "Table with an image column (PNG or JPEG bytes)."));
    }

    @Override
    public List<PortDescription> outputs() {
        return List.of(PortDescription.table("scores", "The input table plus recon_score, token_errors, recon_image, "
                        + "error_map, psnr and ssim."),
                PortDescription.table("evaluation", "AUROC, best threshold, counts and ROC curve PNG; no rows "
                        + "without a label column."));
    }

    @Override
    public List<SettingDescription> settings() {
        return ScorerSettings.DESCRIPTIONS;
    }

    @Override
    public List<PortSpec> configure(List<PortSpec> inSpecs, Settings settings) throws InvalidSettingsException {
        ScorerSettings s = ScorerSettings.from(settings);
        NodeSupport.device(s.device());
        ModelPortSpec model = modelSpec(inSpecs, 0, RossModel.KIND, "a Reconstructive Tuner");
        ModelPortSpec tokenizer = modelSpec(inSpecs, 1, KlVae.KIND, "an Image Tokenizer");
        if (model != null && model.summary().get("objective") instanceof String objective
                && !objective.equals(Objective.ROSS_D.name())) {
            throw new InvalidSettingsException("input 'model' was tuned with objective " + objective
                    + " and has no denoiser to score with; tune it with objective ROSS_D");
        }
        if (model != null && tokenizer != null) {
            List<?> m = latent(model.summary().get("latentShape"));
            List<?> t = latent(tokenizer.summary().get("latentShape"));
            if (m != null && t != null && !m.equals(t)) {
                throw new InvalidSettingsException("the tokenizer's latents are " + t + " (C, g, g) but the model was "
                        + "tuned on " + m + "; connect the tokenizer the model was tuned with");
            }
        }
        TableSpec in = NodeSupport.tableSpec(inSpecs, 2);
        if (in == null) {
            return List.of(null, new TablePortSpec(ScoreTable.evaluationSpec()));
        }
        NodeSupport.requireColumn(in, s.options().imageColumn(), ColumnType.IMAGE, "imageColumn");
        if (!s.options().questionColumn().isEmpty()) {
            NodeSupport.requireColumn(in, s.options().questionColumn(), ColumnType.TEXT, "questionColumn");
        }
        if (!s.options().labelColumn().isEmpty()) {
            int i = in.indexOf(s.options().labelColumn());
            if (i < 0 || (in.columns().get(i).type() != ColumnType.TEXT && in.columns().get(i).type() != ColumnType.INT64)) {
                throw new InvalidSettingsException("label column '" + s.options().labelColumn() + "' must be a text or "
                        + "int64 column; the table has: " + in.describe() + " (setting 'labelColumn')");
            }
        }
        return List.of(new TablePortSpec(ScoreTable.outputSpec(in)), new TablePortSpec(ScoreTable.evaluationSpec()));
    }

    @Override
    public List<PortObject> execute(List<PortObject> inputs, Settings settings, ExecutionContext context)
            throws Exception {
        ScorerSettings s = ScorerSettings.from(settings);
        ModelPort model = (ModelPort) inputs.get(0);
        ModelPort tokenizer = (ModelPort) inputs.get(1);
        TablePort table = (TablePort) inputs.get(2);
        Path scores = context.outputTable(0);
        Path evaluation = context.outputTable(1);
        ScoreTable.Result result;
        try {
            result = ScoreTable.run(table.path(), model.directory(), tokenizer.directory(), scores, evaluation,
                    s.config(), s.options(), NodeSupport.device(s.device()), context.allocator(), context);
        } catch (ScoreTable.BadRowException e) {
            throw new NodeExecutionException(e.reason(), e.row(), e.column(), e);
        } catch (IllegalArgumentException e) {
            throw new NodeExecutionException(e.getMessage(), e);
        }
        String line = String.format(Locale.ROOT, "%d images, mean recon_score %.4f", result.rows(), result.meanScore())
                + result.auroc().map(a -> String.format(Locale.ROOT, "; AUROC %.4f (%d anomalous, %d normal), "
                        + "best threshold %.4g", a.auroc(), a.positives(), a.negatives(), a.best().threshold())).orElse("");
        context.progress(1, line);
        return List.of(new TablePort(scores, ScoreTable.outputSpec(table.spec())),
                new TablePort(evaluation, ScoreTable.evaluationSpec()));
    }

    @Override
    public List<String> summarize(int port, PortObject output, BufferAllocator allocator) {
        if (!(output instanceof TablePort t)) {
            return List.of();
        }
        try (TableReader reader = TableReader.open(t.path(), allocator)) {
            if (port == 0) {
                int column = reader.spec().require(ScoreTable.SCORE, ColumnType.FLOAT64);
                double[] sum = new double[2];
                reader.forEachRow(row -> {
                    sum[0] += row.float64(column);
                    sum[1]++;
                });
                return List.of(String.format(Locale.ROOT, "mean recon_score %.4f over %d images", sum[0] / sum[1],
                        (long) sum[1]));
            }
            List<String> lines = new ArrayList<>();
            int auroc = reader.spec().require("auroc", ColumnType.FLOAT64);
            int threshold = reader.spec().require("best_threshold", ColumnType.FLOAT64);
            reader.forEachRow(row -> lines.add(String.format(Locale.ROOT, "AUROC %.4f, best threshold %.4g",
                    row.float64(auroc), row.float64(threshold))));
            return lines.isEmpty() ? List.of("no label column: AUROC not computed") : lines;
        }
    }

    private static ModelPortSpec modelSpec(List<PortSpec> inSpecs, int port, String kind, String producer)
            throws InvalidSettingsException {
        if (!(inSpecs.get(port) instanceof ModelPortSpec spec)) {
            return null;
        }
        if (!spec.kind().equals(kind)) {
            throw new InvalidSettingsException("input " + port + " is a '" + spec.kind() + "' model, expected a '" + kind
                    + "' model from " + producer);
        }
        return spec;
    }

    /** (C, g, g) from a summary's latentShape, which may carry the leading 2 (mean, log-variance). */
    private static List<?> latent(Object shape) {
        if (!(shape instanceof List<?> l) || l.size() < 3) {
            return null;
        }
        List<?> tail = l.subList(l.size() - 3, l.size());
        return tail.stream().map(v -> v instanceof Number n ? n.intValue() : v).toList();
    }
}
