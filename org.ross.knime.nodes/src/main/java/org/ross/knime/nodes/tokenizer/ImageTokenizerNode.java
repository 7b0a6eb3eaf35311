package org.ross.knime.nodes.tokenizer;

import java.nio.file.Path;
import java.util.Arrays;
import org.apache.arrow.memory.BufferAllocator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.ross.core.table.ColumnType;
import org.ross.core.table.TableSpec;
import org.ross.core.tokenizer.KlVae;
import org.ross.core.tokenizer.TableTokenizer;
import org.ross.core.tokenizer.TokenizerConfig;
import org.ross.core.tokenizer.TrainingReport;
import org.ross.knime.nodes.NodeSupport;
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
 * Image Tokenizer: fits a KL-VAE on the input images (or applies the one on the optional model
 * port) and appends each row's latent posterior. One engine call: {@link TableTokenizer}.
 */
public final class ImageTokenizerNode implements RossNode {

    /** Below this training-set reconstruction PSNR the node warns that the latents are a poor ROSS target. */
    static final double ADVISED_PSNR_DB = 20;
    /** The order of optimizer steps a tokenizer needs on small images (Sort-of-CLEVR: 1,000 steps gave 26.5 dB). */
    static final int ADVISED_STEPS = 1000;

    @Override
    public String type() {
        return "image-tokenizer";
    }

    @Override
    public String name() {
        return "Image Tokenizer";
    }

    @Override
    public String description() {
        return "Turns each image into a grid of continuous latent tokens (posterior mean and log-variance of a KL-VAE): "
                + "the reconstruction targets of ROSS. Fits the VAE on the input images, or applies the tokenizer "
                + "given on the optional model port. Identical images are encoded once.";
    }

    @Override
    public List<PortDescription> inputs() {
        return List.of(PortDescription.table("images", "Table with an image column (PNG or JPEG bytes)."),
                PortDescription.model("tokenizer", "A tokenizer to apply instead of fitting a new one.").asOptional());
    }

    @Override
    public List<PortDescription> outputs() {
        return List.of(PortDescription.table("latents", "The input table plus the latent column."),
                PortDescription.model("tokenizer", "The fitted (or the given) tokenizer."));
    }

    @Override
    public List<SettingDescription> settings() {
        return TokenizerSettings.DESCRIPTIONS;
    }

    @Override
    public List<PortSpec> configure(List<PortSpec> inSpecs, Settings settings) throws InvalidSettingsException {
        TokenizerSettings s = TokenizerSettings.from(settings);
        NodeSupport.device(s.device());
        TableSpec in = NodeSupport.tableSpec(inSpecs, 0);
        NodeSupport.requireColumn(in, s.options().imageColumn(), ColumnType.IMAGE, "imageColumn");
        if (inSpecs.get(1) instanceof ModelPortSpec model) {
            if (!model.kind().equals(KlVae.KIND)) {
                throw new InvalidSettingsException("input 'tokenizer' is a '" + model.kind() + "' model, expected a '"
                        + KlVae.KIND + "' model from an Image Tokenizer");
            }
            // The latent shape comes from the given model, known after execution of its producer.
            return Arrays.asList(null, model);
        }
        TokenizerConfig config = s.model(3);
        TableSpec out = in == null ? null : TableTokenizer.outputSpec(in, s.options(), config);
        return Arrays.asList(out == null ? null : new TablePortSpec(out), ModelPortSpec.of(KlVae.KIND));
    }

    @Override
    public List<PortObject> execute(List<PortObject> inputs, Settings settings, ExecutionContext context)
            throws Exception {
        TokenizerSettings s = TokenizerSettings.from(settings);
        TablePort table = (TablePort) inputs.get(0);
        Path tableOut = context.outputTable(0);
        Path modelOut = context.outputModel(1);
        Path scratch = tableOut.resolveSibling(".scratch-" + context.nodeId());
        TableTokenizer.Options options = s.options().withScratch(scratch);
        TableTokenizer.Result result;
        try {
            if (inputs.get(1) instanceof ModelPort given) {
                context.warn("a tokenizer model is connected: it is applied; the architecture and training settings are ignored");
                result = TableTokenizer.apply(table.path(), given.directory(), tableOut, options,
                        NodeSupport.device(s.device()), context.allocator(), context);
                TokenizerModels.copy(given.directory(), modelOut);
            } else {
                result = TableTokenizer.fitAndApply(table.path(), tableOut, modelOut, s.model(3), s.training(),
                        options, NodeSupport.device(s.device()), context.allocator(), context);
                result.training().flatMap(ImageTokenizerNode::poorFitWarning).ifPresent(context::warn);
                result.training().flatMap(ImageTokenizerNode::skippedUpdatesWarning).ifPresent(context::warn);
            }
        } catch (IllegalArgumentException e) {
            throw new NodeExecutionException(e.getMessage(), e);
        } finally {
            TokenizerModels.deleteQuietly(scratch);
        }
        TableSpec outSpec = TableTokenizer.outputSpec(table.spec(), options, result.config());
        return List.of(new TablePort(tableOut, outSpec), new ModelPort(modelOut, KlVae.KIND, summary(result)));
    }

    @Override
    public List<String> summarize(int port, PortObject output, BufferAllocator allocator) {
        return output instanceof ModelPort model && model.summary().get("summary") instanceof String line
                ? List.of(line) : List.of();
    }

    /**
     * A warning when the fitted tokenizer reconstructs its own training images below {@value #ADVISED_PSNR_DB} dB
     * PSNR: its latents then keep little of the image, and ROSS's visual loss (which learns from them) has little to
     * teach. On Sort-of-CLEVR, 96 steps gave 12.2 dB and 1,000 steps 26.5 dB. The advice names the epochs that give
     * about {@value #ADVISED_STEPS} steps at the run's steps per epoch.
     */
    static Optional<String> poorFitWarning(TrainingReport r) {
        double psnr = r.finalPsnr();
        if (!(psnr < ADVISED_PSNR_DB)) {
            return Optional.empty();
        }
        String advice;
        if (r.steps() < ADVISED_STEPS) {
            int epochs = Math.max(1, r.epochLosses().size());
            double perEpoch = Math.max(1.0, (double) r.steps() / epochs);
            advice = String.format(Locale.ROOT, "raise 'epochs' to about %d (about %d steps)",
                    (long) Math.ceil(ADVISED_STEPS / perEpoch), ADVISED_STEPS);
        } else {
            advice = "raise 'epochs' or 'latentChannels'";
        }
        return Optional.of(String.format(Locale.ROOT, "the tokenizer reconstructs its training images at only %.1f dB "
                + "PSNR after %d optimizer steps (%.0f dB or more is advised): its latents keep little of the images, "
                + "and ROSS_D and ROSS_R learn from them; %s", psnr, r.steps(), ADVISED_PSNR_DB, advice));
    }

    /**
     * A warning when some of the fit's updates were skipped for a non-finite gradient under a finite loss: the model
     * is usable (those steps changed nothing), but the count tells the user their steps did less than asked.
     */
    static Optional<String> skippedUpdatesWarning(TrainingReport r) {
        if (r.skippedUpdates() == 0) {
            return Optional.empty();
        }
        return Optional.of(String.format(Locale.ROOT, "%d of %d tokenizer training steps made no update: their "
                + "gradient was not finite while the loss was; if this recurs, lower 'learningRate'",
                r.skippedUpdates(), r.steps()));
    }

    private static Map<String, Object> summary(TableTokenizer.Result result) {
        TokenizerConfig c = result.config();
        String grid = c.latentChannels() + "x" + c.latentSize() + "x" + c.latentSize();
        String shape = String.format(Locale.ROOT, "%d rows, %d distinct images; latent grid %s from %dx%dx%d images",
                result.rows(), result.distinctImages(), grid, c.imageChannels(), c.imageSize(), c.imageSize());
        if (result.training().isEmpty()) {
            return Map.of("latentShape", List.of(2, c.latentChannels(), c.latentSize(), c.latentSize()), "summary", shape);
        }
        TrainingReport r = result.training().get();
        return Map.of("latentShape", List.of(2, c.latentChannels(), c.latentSize(), c.latentSize()),
                "summary", shape + String.format(Locale.ROOT,
                        "; %d steps in %.1f s, last-epoch training reconstruction PSNR %.1f dB", r.steps(), r.seconds(),
                        r.finalPsnr()));
    }
}
