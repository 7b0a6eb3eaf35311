package org.ross.knime.nodes.vqa;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.arrow.memory.BufferAllocator;
import org.ross.core.infer.Accuracy;
import org.ross.core.infer.TableVqa;
import org.ross.core.ross.RossModel;
import org.ross.core.table.ColumnType;
import org.ross.core.table.Row;
import org.ross.core.table.TableReader;
import org.ross.core.table.TableSpec;
import org.ross.knime.nodes.NodeSupport;
import org.ross.knime.nodes.NodeSupport.ColumnSetting;
import org.ross.knime.nodes.spi.ExecutionContext;
import org.ross.knime.nodes.spi.InvalidSettingsException;
import org.ross.knime.nodes.spi.ModelPort;
import org.ross.knime.nodes.spi.ModelPortSpec;
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
 * VQA Predictor: answers each row's question about its image with a ROSS model (KV-cached greedy or beam decoding,
 * or closed-set choice) and reports accuracy when the answers are known. One engine call: {@link TableVqa#predict}.
 */
public final class VqaPredictorNode implements RossNode {

    @Override
    public String type() {
        return "vqa-predictor";
    }

    @Override
    public String name() {
        return "VQA Predictor";
    }

    @Override
    public String description() {
        return "Answers questions about images with a model from the Reconstructive Tuner: batched decoding with a "
                + "key/value cache (greedy or beam search), or, given candidate answers, the most likely candidate. "
                + "Appends the answer and its log-probability; the prediction column is named 'answer', or "
                + "'prediction' when the input already has an 'answer' column. When the answer column is present, "
                + "the evaluation output holds the accuracy overall and per question type. The denoiser never runs.";
    }

    @Override
    public List<PortDescription> inputs() {
        return List.of(PortDescription.model("model", "A ROSS model (kind 'ross')."),
                PortDescription.table("questions", "Table with an image and a question column."));
    }

    @Override
    public List<PortDescription> outputs() {
        return List.of(PortDescription.table("predictions",
                        "The input plus the prediction (text) and answer_logprob (float64, natural log)."),
                PortDescription.table("evaluation", "question_type, questions, correct, accuracy: 'all' first, "
                        + "then one row per question type; empty without an answer column."));
    }

    @Override
    public List<SettingDescription> settings() {
        return VqaSettings.DESCRIPTIONS;
    }

    @Override
    public List<PortSpec> configure(List<PortSpec> inSpecs, Settings settings) throws InvalidSettingsException {
        VqaSettings s = VqaSettings.from(settings);
        NodeSupport.device(s.device());
        if (inSpecs.get(0) instanceof ModelPortSpec model && !model.kind().equals(RossModel.KIND)) {
            throw new InvalidSettingsException("input 'model' is a '" + model.kind() + "' model, expected a '"
                    + RossModel.KIND + "' model from a Reconstructive Tuner");
        }
        TableSpec in = NodeSupport.tableSpec(inSpecs, 1);
        TableSpec out = null;
        if (in != null) {
            TableVqa.Options o = s.options();
            try {
                out = TableVqa.outputSpec(in, o);
            } catch (IllegalArgumentException e) {
                List<ColumnSetting> columns = new ArrayList<>(List.of(
                        new ColumnSetting("imageColumn", o.imageColumn(), ColumnType.IMAGE),
                        new ColumnSetting("questionColumn", o.questionColumn(), ColumnType.TEXT),
                        new ColumnSetting("answerColumn", o.answerColumn(), ColumnType.TEXT),
                        new ColumnSetting("questionTypeColumn", o.questionTypeColumn(), ColumnType.TEXT)));
                if (o.candidatesColumn() != null) {
                    columns.add(new ColumnSetting("candidatesColumn", o.candidatesColumn(), ColumnType.TEXT));
                }
                throw NodeSupport.invalid(e, columns);
            }
        }
        return java.util.Arrays.asList(out == null ? null : new TablePortSpec(out),
                new TablePortSpec(TableVqa.evaluationSpec()));
    }

    @Override
    public List<PortObject> execute(List<PortObject> inputs, Settings settings, ExecutionContext context)
            throws Exception {
        VqaSettings s = VqaSettings.from(settings);
        ModelPort model = (ModelPort) inputs.get(0);
        TablePort table = (TablePort) inputs.get(1);
        TableVqa.Result result;
        try {
            result = TableVqa.predict(table.path(), model.directory(), context.outputTable(0), context.outputTable(1),
                    s.options(), NodeSupport.device(s.device()), context.allocator(), context);
        } catch (IllegalArgumentException e) {
            throw new NodeExecutionException(e.getMessage(), e);
        }
        if (result.unknownWords() > 0) {
            context.warn(String.format(Locale.ROOT, "%d word(s) of the questions (or candidates) in %d of %d rows are not in the model's "
                            + "vocabulary and were read as <unk>", result.unknownWords(), result.rowsWithUnknownWords(),
                    result.rows()));
        }
        if (result.accuracy() == null) {
            context.warn("no column '" + s.options().answerColumn() + "' in the input: the evaluation table is empty");
        }
        return List.of(new TablePort(context.outputTable(0), TableVqa.outputSpec(table.spec(), s.options())),
                new TablePort(context.outputTable(1), TableVqa.evaluationSpec()));
    }

    /** For the evaluation output: "accuracy 87.5% (35/40); non-relational 100.0% (20/20), relational 75.0% (15/20)". */
    @Override
    public List<String> summarize(int port, PortObject output, BufferAllocator allocator) throws IOException {
        if (port != 1) {
            return List.of();
        }
        List<String> parts = new ArrayList<>();
        try (TableReader reader = TableReader.open(output.path(), allocator)) {
            for (java.util.Iterator<Row> it = reader.rows(); it.hasNext(); ) {
                Row r = it.next();
                String group = r.text(0);
                String share = String.format(Locale.ROOT, "%.1f%% (%d/%d)", 100 * r.float64(3), r.int64(2), r.int64(1));
                parts.add(Accuracy.OVERALL.equals(group) ? "accuracy " + share : group + " " + share);
            }
        }
        if (parts.isEmpty()) {
            return List.of("no answer column in the input: nothing evaluated");
        }
        String line = parts.get(0) + (parts.size() > 1 ? "; " + String.join(", ", parts.subList(1, parts.size())) : "");
        return List.of(line);
    }
}
