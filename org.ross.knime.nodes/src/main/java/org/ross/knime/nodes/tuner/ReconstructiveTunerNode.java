package org.ross.knime.nodes.tuner;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.arrow.memory.BufferAllocator;
import org.ross.core.ross.Objective;
import org.ross.core.ross.RossModel;
import org.ross.core.table.ColumnType;
import org.ross.core.table.TableSpec;
import org.ross.core.train.TrainingLog;
import org.ross.core.train.TrainingResult;
import org.ross.core.tuning.TuningJob;
import org.ross.core.tuning.TuningResult;
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
 * Reconstructive Tuner: trains a LLaVA-style model with {@code L = L_text + lambda * L_visual} on a
 * QA table with tokenizer latents, optionally continuing from a base model. One engine call:
 * {@link TuningJob#run}. Checkpoints live in the node's work directory, so a cancelled or failed
 * execution resumes.
 */
public final class ReconstructiveTunerNode implements RossNode {

    @Override
    public String type() {
        return "reconstructive-tuner";
    }

    @Override
    public String name() {
        return "Reconstructive Tuner";
    }

    @Override
    public String description() {
        return "Trains a multimodal (image + text) model with Reconstructive Visual Instruction Tuning (ROSS): "
                + "next-token loss on the answers plus a denoising loss that reconstructs each image's tokenizer "
                + "latents from the language model's image-position outputs. Writes the model (with its denoiser "
                + "and a loss-curve PNG) and a training-log table; cancelled runs resume from their checkpoint.";
    }

    @Override
    public List<PortDescription> inputs() {
        return List.of(PortDescription.table("examples", "QA table: image, question, answer and latent columns."),
                PortDescription.model("base", "A ROSS model to continue training (its architecture is kept).")
                        .asOptional());
    }

    @Override
    public List<PortDescription> outputs() {
        return List.of(PortDescription.model("model", "The trained ROSS model, loss-curve.png inside."),
                PortDescription.table("log", "One row per optimizer step: losses, learning rate, validation."));
    }

    @Override
    public List<SettingDescription> settings() {
        return TunerSettings.DESCRIPTIONS;
    }

    @Override
    public List<PortSpec> configure(List<PortSpec> inSpecs, Settings settings) throws InvalidSettingsException {
        TunerSettings s = TunerSettings.from(settings);
        NodeSupport.device(s.device());
        boolean base = inSpecs.get(1) instanceof ModelPortSpec;
        if (inSpecs.get(1) instanceof ModelPortSpec model && !model.kind().equals(RossModel.KIND)) {
            throw new InvalidSettingsException("input 'base' is a '" + model.kind() + "' model, expected a '"
                    + RossModel.KIND + "' model from a Reconstructive Tuner");
        }
        TableSpec in = NodeSupport.tableSpec(inSpecs, 0);
        if (in != null) {
            try {
                // with a base model its architecture decides the token grid, known only at execution
                TuningJob.checkSpec(in, s.input(Path.of("."), Path.of(".")), base
                        ? s.architecture().withObjective(Objective.TEXT_ONLY) : s.architecture());
            } catch (IllegalArgumentException e) {
                throw NodeSupport.invalid(e, List.of(
                        new ColumnSetting("imageColumn", s.imageColumn(), ColumnType.IMAGE),
                        new ColumnSetting("questionColumn", s.questionColumn(), ColumnType.TEXT),
                        new ColumnSetting("answerColumn", s.answerColumn(), ColumnType.TEXT),
                        new ColumnSetting("latentColumn", s.latentColumn(), ColumnType.LATENT)));
            }
        }
        return List.of(ModelPortSpec.of(RossModel.KIND), new TablePortSpec(TrainingLog.SPEC));
    }

    @Override
    public List<PortObject> execute(List<PortObject> inputs, Settings settings, ExecutionContext context)
            throws Exception {
        TunerSettings s = TunerSettings.from(settings);
        TablePort table = (TablePort) inputs.get(0);
        Optional<Path> base = inputs.get(1) instanceof ModelPort m ? Optional.of(m.directory()) : Optional.empty();
        if (base.isPresent() && s.overridesArchitecture()) {
            context.warn("a base model is connected: its architecture is kept and the width/layer/head settings are ignored");
        }
        Path work = context.workDirectory();
        Path scratch = work.resolve("scratch");
        Path modelOut = context.outputModel(0);
        TuningResult result;
        try {
            result = TuningJob.run(s.input(table.path(), scratch), base, s.architecture(), s.trainer(), modelOut,
                    context.outputTable(1), work.resolve("checkpoints"), NodeSupport.device(s.device()),
                    context.allocator(), context);
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new NodeExecutionException(e.getMessage(), e);
        } finally {
            deleteQuietly(scratch);
        }
        if (base.isPresent() && result.config().objective() != s.architecture().objective()) {
            context.warn("the base model was trained with objective " + result.config().objective()
                    + ", which is kept; the objective setting " + s.architecture().objective() + " is ignored");
        }
        if (result.unknownWords() > 0) {
            context.warn(result.unknownWords() + " question/answer words are not in the base model's vocabulary; "
                    + "they were encoded as <unk>");
        }
        return List.of(new ModelPort(modelOut, RossModel.KIND, summary(result)),
                new TablePort(context.outputTable(1), TrainingLog.SPEC));
    }

    @Override
    public List<String> summarize(int port, PortObject output, BufferAllocator allocator) {
        if (output instanceof ModelPort model && model.summary().get("summary") instanceof String line) {
            return List.of(line + ", loss curve " + model.directory().resolve(TuningJob.LOSS_CURVE));
        }
        return List.of();
    }

    private static Map<String, Object> summary(TuningResult r) {
        TrainingResult t = r.training();
        List<TrainingLog.Row> rows = t.log().rows();
        TrainingLog.Row last = rows.isEmpty() ? null : rows.get(rows.size() - 1);
        Double accuracy = t.finalValidation().get("answer_accuracy");
        String line = String.format(Locale.ROOT, "%s, %d rows (%d images, %d validation rows); %d steps in %.1f s; "
                        + "final L_text %.4f, L_visual %.4f; validation accuracy %s",
                r.config().objective(), r.rows(), r.distinctImages(), r.validationRows(), t.steps(), t.seconds(),
                last == null ? Double.NaN : last.lossText(), last == null ? Double.NaN : last.lossVisual(),
                accuracy == null ? "n/a" : String.format(Locale.ROOT, "%.3f", accuracy));
        return Map.of("summary", line, "steps", t.steps(), "objective", r.config().objective().name());
    }

    private static void deleteQuietly(Path dir) {
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | java.io.UncheckedIOException e) {
            // scratch files are deleted on close anyway; a leftover directory is harmless
        }
    }
}
