package org.ross.benchmarks;

import ai.djl.Device;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Locale;
import org.apache.arrow.memory.BufferAllocator;
import org.ross.core.ProgressMonitor;
import org.ross.core.image.Images;
import org.ross.core.ross.Objective;
import org.ross.core.tokenizer.KlVae;
import org.ross.core.tokenizer.LatentStats;
import org.ross.core.tokenizer.TableTokenizer;
import org.ross.core.tokenizer.TokenizerConfig;
import org.ross.core.tokenizer.TokenizerTrainingConfig;
import org.ross.core.tokenizer.TrainingReport;

/** The training examples of a task and the latent statistics of its tokenizer (the ROSS arms' teacher). */
record TrainingSet(VqaData data, LatentStats stats) {

    /**
     * Reads a task's training examples from {@code train}. The tokenizer is fitted on the images of {@code fit} (the
     * original training images, which {@code train} may extend by augmented copies) and the examples read with their
     * latents, only when an arm reconstructs latents; TEXT_ONLY and the prior need neither, and get identity
     * statistics. Images are grey or RGB as the tokenizer's channel count says. A fitted tokenizer's steps,
     * reconstruction MSE (on [-1, 1] pixels) and PSNR go into the report: they say how much the ROSS arms' teacher
     * keeps of the images.
     */
    static TrainingSet prepare(String task, List<Objective> objectives, Path fit, Path train, int images,
                               Path prefix, TokenizerConfig tokenizer, int tokenizerSteps, BufferAllocator allocator,
                               BenchmarkReport report) throws Exception {
        boolean grey = tokenizer.imageChannels() == 1;
        Images.ColorMode mode = grey ? Images.ColorMode.GRAY : Images.ColorMode.RGB;
        if (objectives.stream().allMatch(o -> o == Objective.TEXT_ONLY)) {
            return new TrainingSet(VqaData.read(train, "question_type", tokenizer.imageSize(), mode, allocator),
                    LatentStats.identity(tokenizer.latentChannels()));
        }
        TableTokenizer.ColorPolicy policy = grey ? TableTokenizer.ColorPolicy.GRAY : TableTokenizer.ColorPolicy.RGB;
        Path latents = Path.of(prefix + "-latents.arrow");
        // every epoch has at least one batch, so as many epochs as steps always reach the step budget
        TokenizerTrainingConfig fitting = TokenizerTrainingConfig.defaults(1).withEpochs(tokenizerSteps)
                .withMaxSteps(tokenizerSteps);
        TableTokenizer.Options options = new TableTokenizer.Options("image", "latent", policy,
                Path.of(prefix + "-scratch"));
        Path model = sharedTokenizer(task, images, tokenizer, fitting);
        boolean reused = Files.isRegularFile(model.resolve("model.json"));
        if (reused) {
            System.err.println("[tokenizer] reusing the identical fit in " + model);
        } else {
            Path fresh = Files.createTempDirectory(model.getParent(), model.getFileName() + ".");
            TableTokenizer.fitAndApply(fit, latents, fresh, tokenizer, fitting, options, Device.cpu(), allocator,
                    new ConsoleProgress("tokenizer", 20));
            try { // a process that fitted the same tokenizer meanwhile won the race; its fit is the same
                Files.move(fresh, model, StandardCopyOption.ATOMIC_MOVE);
            } catch (FileAlreadyExistsException | DirectoryNotEmptyException e) {
                System.err.println("[tokenizer] " + model + " appeared meanwhile; this run uses its own fit");
                model = fresh;
            }
        }
        if (reused || !fit.equals(train)) { // a fresh fit has written the latents of its own table
            TableTokenizer.apply(train, model, latents, options, Device.cpu(), allocator, ProgressMonitor.NONE);
        }
        JsonNode provenance = new ObjectMapper().readTree(model.resolve("model.json").toFile()).path("provenance");
        double mse = provenance.path("finalReconstructionMse").asDouble(Double.NaN);
        report.note(String.format(Locale.ROOT, "%s tokenizer (the ROSS arms' teacher): %d steps, reconstruction MSE "
                + "%.4f (PSNR %.1f dB) on its training images.", task, provenance.path("steps").asLong(), mse,
                TrainingReport.psnr(mse)));
        try (KlVae vae = KlVae.load(model, Device.cpu())) {
            return new TrainingSet(VqaData.read(latents, "question_type", tokenizer.imageSize(), mode, allocator),
                    vae.latentStats());
        }
    }

    /**
     * Where the tokenizer of a task's first {@code images} training images under {@code config} and {@code fitting}
     * is kept, shared by every run of this benchmark. The fit is seeded and its data are fixed by the task and the
     * image count, so a second run with the same key would compute the same teacher again (the Sort-of-CLEVR fits of
     * three separate processes gave the same MSE); reusing it saves every later ROSS run that fit.
     */
    static Path sharedTokenizer(String task, int images, TokenizerConfig config, TokenizerTrainingConfig fitting)
            throws IOException {
        String key = task + " " + images + " " + config + " " + fitting;
        Path dir = Path.of("benchmarks", "scratch", "tokenizers");
        Files.createDirectories(dir);
        return dir.resolve(String.format(Locale.ROOT, "%s-%dimages-%dsteps-%08x", task, images, fitting.maxSteps(),
                key.hashCode()));
    }
}
