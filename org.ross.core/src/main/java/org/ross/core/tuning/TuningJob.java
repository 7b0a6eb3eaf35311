package org.ross.core.tuning;

import ai.djl.Device;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.arrow.memory.BufferAllocator;
import org.ross.core.ProgressMonitor;
import org.ross.core.diffusion.SpaceToDepth;
import org.ross.core.image.Images;
import org.ross.core.io.FileTrees;
import org.ross.core.ross.Objective;
import org.ross.core.ross.RossBatch;
import org.ross.core.ross.RossConfig;
import org.ross.core.ross.RossExamples;
import org.ross.core.ross.RossModel;
import org.ross.core.table.ColumnException;
import org.ross.core.table.ColumnSpec;
import org.ross.core.table.ColumnType;
import org.ross.core.table.TableReader;
import org.ross.core.table.TableSpec;
import org.ross.core.text.ChatTemplate;
import org.ross.core.text.WordTokenizer;
import org.ross.core.train.Trainer;
import org.ross.core.train.TrainerConfig;
import org.ross.core.train.TrainingRandom;
import org.ross.core.train.TrainingResult;

/**
 * The Reconstructive Tuner's one engine call: read and validate a QA table, build (or continue) a
 * ROSS model, train it with the {@link Trainer}, and write the model directory (with its loss
 * curve) and the training-log table.
 *
 * <ol>
 *   <li>one streaming pass ({@link QaTable}): distinct images, texts, latent posteriors, their
 *       per-channel moments; every check that can fail on data fails here, before training;</li>
 *   <li>the model: a base model's architecture, vocabulary and latent statistics, or a new model of
 *       {@code architecture} with the vocabulary of the table's texts and the table's statistics;</li>
 *   <li>validation split by distinct image, so one image's questions never straddle it;</li>
 *   <li>training, checkpointed to {@code checkpointDir} (resumable; removed after success);</li>
 *   <li>outputs: model directory (atomic, {@code loss-curve.png} inside) and log table.</li>
 * </ol>
 */
public final class TuningJob {

    /** File name of the loss curve inside the model directory. */
    public static final String LOSS_CURVE = "loss-curve.png";
    private static final ObjectMapper JSON = new ObjectMapper();

    private TuningJob() {
    }

    /**
     * The checks that need only the table spec (the node's configure): column presence and types,
     * and whether the latent grid folds onto the image-token grid of {@code architecture}.
     *
     * @throws IllegalArgumentException naming the column and the fix
     */
    public static void checkSpec(TableSpec spec, TuningInput in, RossConfig architecture) {
        spec.require(in.imageColumn(), ColumnType.IMAGE);
        spec.require(in.questionColumn(), ColumnType.TEXT);
        spec.require(in.answerColumn(), ColumnType.TEXT);
        if (architecture.objective() == Objective.TEXT_ONLY) {
            return;
        }
        ColumnSpec latent = spec.columns().get(spec.require(in.latentColumn(), ColumnType.LATENT));
        List<Integer> shape = latent.shape();
        if (shape.size() != 4 || shape.get(0) != 2 || !shape.get(2).equals(shape.get(3))) {
            throw new ColumnException(in.latentColumn(), ColumnType.LATENT, "column '" + in.latentColumn()
                    + "' has latent shape " + shape + "; expected [2, C, g, g] (mean and log-variance of a square grid)"
                    + " from the Image Tokenizer");
        }
        int g = shape.get(2);
        try {
            SpaceToDepth.factor(g, architecture.tokenGrid());
        } catch (IllegalArgumentException e) {
            throw new ColumnException(in.latentColumn(), ColumnType.LATENT, "column '" + in.latentColumn() + "': "
                    + e.getMessage() + " (the model's " + architecture.imageSize() + " px images with patch "
                    + architecture.patchSize() + " give a " + architecture.tokenGrid() + "x"
                    + architecture.tokenGrid() + " token grid)", e);
        }
    }

    /**
     * Trains and writes the outputs. One run at a time per JVM (the Trainer's constraint).
     *
     * @param baseModel    a {@code ross} model to continue from: its architecture, objective,
     *                     vocabulary and latent statistics are kept and {@code architecture} is ignored
     * @param architecture the new model's architecture; its latent layout and statistics are taken
     *                     from the table
     * @param trainer      optimisation settings; {@code validationFraction} is applied to the distinct
     *                     images here, and the Trainer gets the resulting explicit validation set
     * @param checkpointDir where checkpoints go; null for none. Removed after a successful run
     * @throws IllegalArgumentException bad data or settings, naming row, column or setting
     */
    public static TuningResult run(TuningInput input, Optional<Path> baseModel, RossConfig architecture,
            TrainerConfig trainer, Path modelOut, Path logTableOut, Path checkpointDir, Device device,
            BufferAllocator allocator, ProgressMonitor monitor) throws IOException {
        RossModel base = baseModel.isPresent() ? RossModel.load(baseModel.get(), device) : null;
        try {
            RossConfig arch = base != null ? base.config() : architecture;
            checkSpec(TableReader.readSpec(input.table(), allocator), input, arch);
            Images.ColorMode mode = arch.imageChannels() == 1 ? Images.ColorMode.GRAY : Images.ColorMode.RGB;
            boolean latents = arch.objective() != Objective.TEXT_ONLY;
            try (QaTable table = QaTable.read(input, arch.imageSize(), mode, latents, allocator,
                    monitor.slice(0, 0.05))) {
                RossConfig config = arch;
                if (base == null && latents) {
                    config = arch.withLatent(table.latentChannels, table.latentGrid, table.latentStats);
                } else if (latents && (table.latentChannels != arch.latentChannels()
                        || table.latentGrid != arch.latentGrid())) {
                    throw new IllegalArgumentException("column '" + input.latentColumn() + "' holds " + table.latentChannels
                            + "x" + table.latentGrid + "x" + table.latentGrid + " latents but the base model was trained on "
                            + arch.latentChannels() + "x" + arch.latentGrid() + "x" + arch.latentGrid()
                            + "; compute the latents with the tokenizer the base model was trained with");
                }
                WordTokenizer vocabulary = base != null ? base.chatTemplate().tokenizer()
                        : WordTokenizer.build(concat(table.questions, table.answers));
                RossModel model = base != null ? base : RossModel.create(config, vocabulary, trainer.seed(), device);
                base = null; // owned by model from here
                try (model) {
                    return train(input, table, model, config, trainer, modelOut, logTableOut, checkpointDir,
                            baseModel, allocator, monitor);
                }
            }
        } finally {
            if (base != null) {
                base.close();
            }
        }
    }

    private static TuningResult train(TuningInput input, QaTable table, RossModel model, RossConfig config,
            TrainerConfig trainer, Path modelOut, Path logTableOut, Path checkpointDir, Optional<Path> baseModel,
            BufferAllocator allocator, ProgressMonitor monitor) throws IOException {
        Split split = Split.byImage(table, trainer.validationFraction(), trainer.seed());
        ChatTemplate chat = model.chatTemplate();
        // training may pack an image's questions; validation stays one question per example, the predictor's prompt
        RossExamples train = examples(table, config, chat, split.train(), input.turns());
        RossExamples validation = split.validation().length == 0 ? null
                : examples(table, config, chat, split.validation(), 1);
        int unknown = train.unknownWords() + (validation == null ? 0 : validation.unknownWords());
        TrainerConfig explicit = trainer.withValidationFraction(0);

        Path digestFile = checkpointDir == null ? null
                : checkpointDir.resolveSibling(checkpointDir.getFileName() + ".input");
        String digest = table.digest + " " + JSON.writeValueAsString(config) + " " + trainer.validationFraction()
                + " " + baseModel.map(Path::toString).orElse("-") + (input.turns() == 1 ? "" : " turns " + input.turns());
        prepareCheckpoints(checkpointDir, digestFile, digest, input.resume());

        TrainingResult result = new Trainer<RossBatch>().train(model, train, validation, explicit,
                checkpointDir, monitor.slice(0.05, 0.97));

        monitor.progress(0.97, "writing the model and the training log");
        ObjectNode training = JSON.createObjectNode();
        training.put("rows", table.rows());
        training.put("images", table.images.size());
        training.put("trainingRows", split.train().length);
        training.put("validationRows", split.validation().length);
        training.put("turnsPerConversation", input.turns());
        training.put("trainingConversations", train.size());
        training.put("objective", config.objective().name());
        training.put("steps", result.steps());
        training.put("epochs", result.epochsCompleted());
        training.put("seconds", result.seconds());
        training.put("earlyStopped", result.earlyStopped());
        training.set("trainer", JSON.valueToTree(trainer));
        var last = result.log().rows().isEmpty() ? null : result.log().rows().get(result.log().rows().size() - 1);
        ObjectNode metrics = training.putObject("finalMetrics");
        if (last != null) {
            metrics.put("loss_text", last.lossText());
            metrics.put("loss_visual", last.lossVisual());
            metrics.put("loss_total", last.lossTotal());
        }
        result.finalValidation().forEach((k, v) -> metrics.put("val_" + k, v));
        baseModel.ifPresent(p -> training.set("baseModel", model.provenance().path("training").deepCopy()));
        model.putProvenance("training", training);

        writeModel(model, result, modelOut);
        result.log().writeTable(logTableOut, allocator);
        removeCheckpoints(checkpointDir, digestFile);
        monitor.progress(1, "done");
        return new TuningResult(table.rows(), table.images.size(), split.train().length, split.validation().length,
                unknown, config, result, modelOut.resolve(LOSS_CURVE));
    }

    private static RossExamples examples(QaTable table, RossConfig config, ChatTemplate chat, int[] rows, int turns) {
        int[] imageKeys = null; // only packing reads which image a row shows
        if (turns > 1) {
            imageKeys = new int[rows.length];
            for (int i = 0; i < rows.length; i++) {
                imageKeys[i] = table.images.distinctIndexOfRow(rows[i]);
            }
        }
        return new RossExamples(config, chat, table.imagesOf(rows), table.select(table.questions, rows),
                table.select(table.answers, rows), table.latentsOf(rows), imageKeys, turns);
    }

    /** Rows of the training and the validation images, each ascending. */
    record Split(int[] train, int[] validation) {

        /**
         * Holds out {@code round(fraction * images)} distinct images (at least one when the fraction
         * is positive) by a seeded permutation, with every row that shows them.
         */
        static Split byImage(QaTable table, double fraction, long seed) {
            int images = table.images.size();
            boolean[] held = new boolean[images];
            if (fraction > 0) {
                int count = Math.max(1, (int) Math.round(fraction * images));
                if (count >= images) {
                    throw new IllegalArgumentException("validationFraction " + fraction + " of " + images
                            + " distinct images leaves none for training; lower it or add images");
                }
                int[] order = TrainingRandom.splitOrder(seed, images);
                for (int i = 0; i < count; i++) {
                    held[order[i]] = true;
                }
            }
            List<Integer> train = new ArrayList<>();
            List<Integer> validation = new ArrayList<>();
            for (int r = 0; r < table.rows(); r++) {
                (held[table.images.distinctIndexOfRow(r)] ? validation : train).add(r);
            }
            return new Split(train.stream().mapToInt(Integer::intValue).toArray(),
                    validation.stream().mapToInt(Integer::intValue).toArray());
        }
    }

    /**
     * A checkpoint continues only on the input it was written for: the digest of the table, the
     * architecture and the split sits next to it. {@code resume = false} discards it.
     */
    private static void prepareCheckpoints(Path dir, Path digestFile, String digest, boolean resume)
            throws IOException {
        if (dir == null) {
            return;
        }
        if (!resume) {
            removeCheckpoints(dir, digestFile);
        } else if (Files.exists(dir) && Files.exists(digestFile)
                && !Files.readString(digestFile, StandardCharsets.UTF_8).equals(digest)) {
            throw new IllegalArgumentException("the checkpoint in " + dir + " was written for other input data or "
                    + "another architecture; set resume=false to discard it and start a new run");
        }
        Files.createDirectories(digestFile.getParent());
        Files.writeString(digestFile, digest, StandardCharsets.UTF_8);
    }

    private static void removeCheckpoints(Path dir, Path digestFile) throws IOException {
        if (dir == null) {
            return;
        }
        FileTrees.deleteRecursively(dir);
        Files.deleteIfExists(digestFile);
    }

    /** The model and its loss curve built in a hidden sibling, then moved onto {@code target}. */
    private static void writeModel(RossModel model, TrainingResult result, Path target) throws IOException {
        Path dir = target.toAbsolutePath().normalize();
        Files.createDirectories(dir.getParent());
        Path staging = dir.resolveSibling("." + dir.getFileName() + ".tuned");
        FileTrees.deleteRecursively(staging);
        try {
            model.save(staging);
            result.log().writePng(staging.resolve(LOSS_CURVE), 800, 480, true);
            ModelFiles.replace(staging, dir);
        } finally {
            FileTrees.deleteRecursively(staging);
        }
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }
}
