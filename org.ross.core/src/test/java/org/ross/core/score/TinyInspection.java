package org.ross.core.score;

import ai.djl.Device;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.ross.core.ProgressMonitor;
import org.ross.core.image.Images;
import org.ross.core.ross.RossConfig;
import org.ross.core.ross.RossExamples;
import org.ross.core.ross.RossModel;
import org.ross.core.ross.TransformerConfig;
import org.ross.core.text.ChatTemplate;
import org.ross.core.text.WordTokenizer;
import org.ross.core.tokenizer.ArrayImageSource;
import org.ross.core.tokenizer.KlVae;
import org.ross.core.tokenizer.TokenizerConfig;
import org.ross.core.tokenizer.TokenizerTrainingConfig;
import org.ross.core.train.LossTerms;
import org.ross.core.nn.Parameter;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import ai.djl.training.optimizer.Adam;
import ai.djl.training.tracker.Tracker;

/**
 * A tiny inspection line: 16x16 grey "parts" (a vertical gradient with a random brightness offset),
 * a tokenizer (2x4x4 latents) and a ROSS model (4x4 image tokens) tuned on clean parts only, saved
 * once per test JVM. An anomaly is a white 8x8 square pasted over the top-right 2x2 tokens.
 */
final class TinyInspection {

    static final int SIZE = 16;
    static final int GRID = 4;
    static final String QUESTION = "what is shown?";
    /** Token indices (row-major on the 4x4 grid) under the pasted patch. */
    static final int[] PATCH_TOKENS = {2, 3, 6, 7};

    private static TinyInspection instance;

    final Path tokenizerDir;
    final Path modelDir;


    private TinyInspection(Path dir) throws IOException {
        tokenizerDir = dir.resolve("tokenizer");
        modelDir = dir.resolve("model");
        // one intra-op thread: these arrays are tiny, and on a shared 2-core machine a thread pool mostly waits
        Engine.getEngine("PyTorch"); // loads the natives
        int threads = ai.djl.pytorch.jni.JniUtils.getNumThreads();
        ai.djl.pytorch.jni.JniUtils.setNumThreads(1);
        try {
            build();
        } finally {
            ai.djl.pytorch.jni.JniUtils.setNumThreads(threads);
        }
    }

    private void build() throws IOException {
        float[][] train = new float[48][];
        SplittableRandom rng = new SplittableRandom(11);
        for (int i = 0; i < train.length; i++) {
            train[i] = clean(rng);
        }
        TokenizerConfig tc = new TokenizerConfig(SIZE, 1, 4, 2, 8, TokenizerConfig.DEFAULT_BETA);
        try (KlVae vae = KlVae.create(tc, 3, Device.cpu())) {
            vae.fit(new ArrayImageSource(train, 1, SIZE), new TokenizerTrainingConfig(60, 16, 3e-3, 3, 0),
                    ProgressMonitor.NONE);
            vae.save(tokenizerDir);
            float[][] posteriors = vae.encode(train);
            RossConfig config = modelConfig().withLatent(tc.latentChannels(), tc.latentSize(), vae.latentStats());
            WordTokenizer words = WordTokenizer.build(List.of(QUESTION, "a part"));
            String[] questions = new String[train.length];
            String[] answers = new String[train.length];
            Arrays.fill(questions, QUESTION);
            Arrays.fill(answers, "a part");
            try (RossModel model = RossModel.create(config, words, 5, Device.cpu())) {
                RossExamples examples = RossExamples.of(config, new ChatTemplate(words), train, questions, answers,
                        posteriors);
                tuneDenoiser(model, examples, STEPS);
                model.save(modelDir);
            }
        }
    }

    static final int STEPS = 300;

    /**
     * Full-batch Adam on the denoiser only (the other modules keep their seeded initialisation, so
     * the condition is a fixed random feature of the image): the cheapest training that learns
     * the clean parts' latents.
     */
    private static void tuneDenoiser(RossModel model, RossExamples data, int steps) {
        Adam adam = Adam.builder().optLearningRateTracker(Tracker.fixed(3e-3f)).build();
        SplittableRandom rng = new SplittableRandom(7);
        int[] all = java.util.stream.IntStream.range(0, data.size()).toArray();
        for (int step = 0; step < steps; step++) {
            try (NDManager scope = NDManager.newBaseManager(Device.cpu());
                 GradientCollector collector = Engine.getEngine("PyTorch").newGradientCollector()) {
                LossTerms terms = model.loss(data.batch(all, scope), rng, scope);
                collector.backward(terms.visual());
                for (Parameter p : model.parameters().parameters()) {
                    NDArray grad = p.array().getGradient();
                    grad.attach(scope);
                    if (model.moduleOf(p).equals("denoiser")) {
                        adam.update(p.name(), p.array(), grad);
                    }
                    // PyTorch accumulates .grad across collectors (see StepRunner.zeroGradients)
                    ai.djl.pytorch.jni.JniUtils.zeroGrad((ai.djl.pytorch.engine.PtNDArray) p.array());
                }
            }
        }
    }

    /** The tiny preset at 16x16 grey with 4x4 patches: N = 16 tokens. */
    static RossConfig modelConfig() {
        return RossConfig.tiny().withImage(SIZE, 1).withPatchSize(4)
                .withDenoiser(new TransformerConfig(32, 2, 2)).withDraws(2);
    }

    static synchronized TinyInspection get() {
        if (instance == null) {
            try {
                Path dir = Files.createTempDirectory("tiny-inspection");
                dir.toFile().deleteOnExit();
                instance = new TinyInspection(dir);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return instance;
    }

    /** A clean part: vertical gradient plus a brightness offset, (1, 16, 16) in [-1, 1]. */
    static float[] clean(SplittableRandom rng) {
        float offset = (float) (rng.nextDouble() * 0.4 - 0.2);
        float[] img = new float[SIZE * SIZE];
        for (int y = 0; y < SIZE; y++) {
            for (int x = 0; x < SIZE; x++) {
                img[y * SIZE + x] = -0.6f + 0.8f * y / (SIZE - 1) + offset;
            }
        }
        return img;
    }

    /** {@code img} with a white 8x8 square over x 8..15, y 0..7 (where clean parts are darkest). */
    static float[] patched(float[] img) {
        float[] out = img.clone();
        for (int y = 0; y < 8; y++) {
            for (int x = 8; x < 16; x++) {
                out[y * SIZE + x] = 1f;
            }
        }
        return out;
    }

    static BufferedImage image(float[] chw) {
        return Images.decode(Images.encodePng(chw, 1, SIZE));
    }
}
