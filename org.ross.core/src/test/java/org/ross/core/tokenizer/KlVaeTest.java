package org.ross.core.tokenizer;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ross.core.ProgressMonitor;
import org.ross.core.RecordingMonitor;
import org.ross.core.model.FloatTensor;
import org.ross.core.nn.Parameter;
import org.ross.core.nn.ParameterSet;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CancellationException;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KlVaeTest {

    private static final TokenizerConfig TINY = TokenizerConfig.tiny(); // 8x8 grey -> (2, 4, 4)

    /**
     * Tiny tensors gain nothing from intra-op threads, and on a loaded two-core build machine
     * OpenMP's spin-waiting made these tests about 30 times slower (140 s instead of 5 s). This sets
     * PyTorch's intra-op thread count for this test JVM only; the engine code never does.
     */
    @BeforeAll
    static void singleThreadedOps() {
        ai.djl.engine.Engine.getEngine("PyTorch"); // loads the natives before the first JNI call
        JniUtils.setNumThreads(1);
    }

    /** Smooth 8x8 patterns in [-1, 1]: oriented waves with a seeded frequency and phase. */
    static float[][] waves(int n, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        float[][] images = new float[n][64];
        for (int i = 0; i < n; i++) {
            double a = rng.nextDouble(0.2, 0.9);
            double b = rng.nextDouble(-0.6, 0.6);
            double phase = rng.nextDouble(0, 2 * Math.PI);
            for (int y = 0; y < 8; y++) {
                for (int x = 0; x < 8; x++) {
                    images[i][y * 8 + x] = (float) (0.9 * Math.sin(a * x + b * y + phase));
                }
            }
        }
        return images;
    }

    static double psnr(float[][] a, float[][] b) { // peak 1 on [0, 1] pixels
        double se = 0;
        long n = 0;
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < a[i].length; j++) {
                double d = (a[i][j] - b[i][j]) / 2;
                se += d * d;
                n++;
            }
        }
        return 10 * Math.log10(n / se);
    }

    static float[][] reconstruct(KlVae vae, float[][] images) {
        float[][] moments = vae.encode(images);
        float[][] means = new float[moments.length][];
        for (int i = 0; i < moments.length; i++) {
            means[i] = Arrays.copyOf(moments[i], vae.config().latentLength());
        }
        return vae.decode(means);
    }

    static TokenizerTrainingConfig training(int epochs, long seed) {
        return new TokenizerTrainingConfig(epochs, 8, 3e-3, seed, 0);
    }

    @Test
    void encodeGivesMeanAndLogVariancePerImage() {
        try (KlVae vae = KlVae.create(TINY, 1, Device.cpu())) {
            float[][] moments = vae.encode(waves(3, 1));
            assertEquals(3, moments.length);
            for (float[] m : moments) {
                assertEquals(2 * 2 * 4 * 4, m.length);
            }
            float[][] images = vae.decode(new float[][] {Arrays.copyOf(moments[0], 32)});
            assertEquals(64, images[0].length);
            for (float v : images[0]) {
                assertTrue(v >= -1 && v <= 1);
            }
            assertEquals(LatentStats.identity(2), vae.latentStats());
        }
    }

    @Test
    void overfitsAHandfulOfImages() {
        float[][] images = waves(8, 2);
        try (KlVae vae = KlVae.create(TINY, 1, Device.cpu())) {
            double before = psnr(images, reconstruct(vae, images));
            TrainingReport report = vae.fit(new ArrayImageSource(images, 1, 8), training(200, 3), ProgressMonitor.NONE);
            double after = psnr(images, reconstruct(vae, images));
            assertEquals(200, report.steps());
            assertTrue(after > before + 10, "PSNR " + before + " -> " + after);
            assertTrue(after > 28, "PSNR after overfitting " + after);
            float[] scale = vae.latentStats().scale();
            assertTrue(scale[0] > 0 && Float.isFinite(scale[0]), Arrays.toString(scale));
        }
    }

    @Test
    void trainingGeneralisesBeyondTheUntrainedModel() {
        float[][] train = waves(64, 4);
        float[][] test = waves(16, 5);
        try (KlVae vae = KlVae.create(TINY, 1, Device.cpu())) {
            double before = psnr(test, reconstruct(vae, test));
            vae.fit(new ArrayImageSource(train, 1, 8), training(8, 3), ProgressMonitor.NONE);
            double after = psnr(test, reconstruct(vae, test));
            assertTrue(after > before + 5, "held-out PSNR " + before + " -> " + after);
        }
    }

    @Test
    void sameSeedGivesIdenticalWeightsAfterFitting() {
        float[][] images = waves(24, 6);
        Map<String, FloatTensor> first;
        Map<String, FloatTensor> second;
        try (KlVae a = KlVae.create(TINY, 11, Device.cpu()); KlVae b = KlVae.create(TINY, 11, Device.cpu());
             KlVae c = KlVae.create(TINY, 12, Device.cpu())) {
            assertEquals(a.parameters().toTensors(), b.parameters().toTensors());
            assertNotEquals(a.parameters().toTensors(), c.parameters().toTensors());
            a.fit(new ArrayImageSource(images, 1, 8), training(2, 5), ProgressMonitor.NONE);
            b.fit(new ArrayImageSource(images, 1, 8), training(2, 5), ProgressMonitor.NONE);
            first = a.parameters().toTensors();
            second = b.parameters().toTensors();
            assertEquals(a.latentStats(), b.latentStats());
        }
        assertEquals(first, second);
    }

    @Test
    void nativeMemoryStaysFlatAcrossSteps() {
        float[][] images = waves(16, 10);
        try (KlVae vae = KlVae.create(TINY, 1, Device.cpu())) {
            int weights = vae.parameters().liveArrays();
            vae.fit(new ArrayImageSource(images, 1, 8), training(1, 1), ProgressMonitor.NONE);
            int afterOneEpoch = vae.parameters().liveArrays();
            vae.fit(new ArrayImageSource(images, 1, 8), training(3, 1), ProgressMonitor.NONE);
            vae.encode(images);
            // only the weights: gradients, temporaries and the optimiser's moments were all scoped
            assertEquals(weights, afterOneEpoch);
            assertEquals(weights, vae.parameters().liveArrays());
        }
    }

    @Test
    void saveAndLoadGiveIdenticalEncodings(@TempDir Path tmp) throws IOException {
        float[][] images = waves(16, 7);
        Path dir = tmp.resolve("tokenizer");
        float[][] expected;
        LatentStats stats;
        try (KlVae vae = KlVae.create(TINY, 1, Device.cpu())) {
            vae.fit(new ArrayImageSource(images, 1, 8), training(2, 3), ProgressMonitor.NONE);
            expected = vae.encode(images);
            stats = vae.latentStats();
            vae.save(dir);
        }
        assertTrue(Files.isRegularFile(dir.resolve("model.safetensors")));
        String json = Files.readString(dir.resolve("model.json"));
        assertTrue(json.contains("\"kind\" : \"tokenizer\"") && json.contains("\"trainingExamples\" : 16"), json);
        try (KlVae back = KlVae.load(dir, Device.cpu())) {
            assertEquals(TINY, back.config());
            assertEquals(stats, back.latentStats());
            float[][] actual = back.encode(images);
            for (int i = 0; i < images.length; i++) {
                assertArrayEquals(expected[i], actual[i]);
            }
        }
    }

    @Test
    void klMatchesTheClosedForm() {
        float[] mu = {0f, 1f, -2f, 0.5f};
        float[] logvar = {0f, -1f, 0.7f, -3f};
        double expected = 0;
        for (int i = 0; i < mu.length; i++) {
            double sigma2 = Math.exp(logvar[i]);
            expected += 0.5 * (mu[i] * mu[i] + sigma2 - 1 - Math.log(sigma2));
        }
        assertEquals(expected, DiagonalGaussian.kl(mu, logvar), 1e-12);
        assertEquals(0.0, DiagonalGaussian.kl(new float[3], new float[3]), 0.0); // q = prior
        try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
            NDArray mean = m.create(mu, new Shape(1, 1, 2, 2));
            NDArray lv = m.create(logvar, new Shape(1, 1, 2, 2));
            assertEquals(expected, DiagonalGaussian.kl(mean, lv).getFloat(0), 1e-5);
        }
    }

    @Test
    void nonFiniteInputIsRejectedWithItsPosition() {
        float[][] images = waves(4, 8);
        images[2][5] = Float.NaN;
        try (KlVae vae = KlVae.create(TINY, 1, Device.cpu())) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> vae.encode(images));
            assertTrue(e.getMessage().contains("images 2 has a non-finite pixel value NaN at position 5"),
                    e.getMessage());
            e = assertThrows(IllegalArgumentException.class,
                    () -> vae.fit(new ArrayImageSource(images, 1, 8), training(1, 1), ProgressMonitor.NONE));
            assertTrue(e.getMessage().contains("training image 2"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> vae.decode(new float[][] {new float[64]}));
            assertTrue(e.getMessage().contains("expected C_z x h x w = 2x4x4 = 32"), e.getMessage());
        }
    }

    @Test
    void divergingLossStopsWithAClearError() {
        float[][] images = waves(4, 9);
        for (float[] img : images) {
            Arrays.fill(img, 1e30f); // finite, but its squared error overflows float32
        }
        try (KlVae vae = KlVae.create(TINY, 1, Device.cpu())) {
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> vae.fit(new ArrayImageSource(images, 1, 8), training(1, 1), ProgressMonitor.NONE));
            assertTrue(e.getMessage().startsWith("tokenizer training diverged: loss is"), e.getMessage());
        }
    }

    /** Fills the gradient of the VAE's first parameter with NaN, as a faulty kernel might. */
    private static void poison(ParameterSet parameters) {
        try (NDManager scope = NDManager.newBaseManager()) {
            NDArray g = parameters.parameters().iterator().next().array().getGradient();
            g.attach(scope);
            g.muli(Float.NaN);
        }
    }

    @Test
    void aNonFiniteGradientSkipsThatUpdateClearsItAndTrainingGoesOn() {
        float[][] images = waves(16, 7); // batch 8: 2 steps per epoch, 4 in all
        List<Map<String, FloatTensor>> weightsBefore = new ArrayList<>();
        List<Boolean> finiteBeforePoison = new ArrayList<>();
        try (KlVae vae = KlVae.create(TINY, 1, Device.cpu())) {
            KlVaeTrainer.GradientObserver observer = (parameters, step) -> {
                weightsBefore.add(parameters.toTensors());
                finiteBeforePoison.add(parameters.parameters().stream().allMatch(KlVaeTest::finiteGradient));
                if (step == 1) {
                    poison(parameters);
                }
            };
            TrainingReport report = new KlVaeTrainer(vae, training(2, 1), new SplittableRandom(1),
                    new SplittableRandom(2), observer).fit(new ArrayImageSource(images, 1, 8), ProgressMonitor.NONE);
            assertEquals(4, report.steps());
            assertEquals(1, report.skippedUpdates());
            assertEquals(List.of(true, true, true, true), finiteBeforePoison); // step 2's gradient is clean again
            assertNotEquals(weightsBefore.get(0), weightsBefore.get(1)); // step 0 updated
            assertEquals(weightsBefore.get(1), weightsBefore.get(2)); // step 1 did not
            assertNotEquals(weightsBefore.get(2), weightsBefore.get(3)); // step 2 did again
            assertTrue(vae.parameters().parameters().stream().allMatch(p -> finite(p.array().toFloatArray())));
        }
    }

    @Test
    void aGradientThatStaysNonFiniteStopsTheFitNamingTheStep() {
        float[][] images = waves(16, 7);
        try (KlVae vae = KlVae.create(TINY, 1, Device.cpu())) {
            Map<String, FloatTensor> initial = vae.parameters().toTensors();
            KlVaeTrainer trainer = new KlVaeTrainer(vae, training(2, 1), new SplittableRandom(1),
                    new SplittableRandom(2), (parameters, step) -> poison(parameters));
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> trainer.fit(new ArrayImageSource(images, 1, 8), ProgressMonitor.NONE));
            String expected = "tokenizer training diverged: the gradient (global norm NaN) was not finite in 3 "
                    + "consecutive steps, the last at epoch 2, step 3, while the loss was ";
            assertTrue(e.getMessage().startsWith(expected), e.getMessage());
            assertEquals(initial, vae.parameters().toTensors()); // no update was made
        }
    }

    /** Whether the gradient of {@code p} holds only finite values (its handle is freed here). */
    private static boolean finiteGradient(Parameter p) {
        try (NDManager scope = NDManager.newBaseManager()) {
            NDArray g = p.array().getGradient();
            g.attach(scope);
            return finite(g.toFloatArray());
        }
    }

    private static boolean finite(float[] values) {
        for (float v : values) {
            if (!Float.isFinite(v)) {
                return false;
            }
        }
        return true;
    }

    @Test
    void progressCountsTheEpochsAStepCapLetsRunNotTheConfiguredOnes() {
        RecordingMonitor recording = new RecordingMonitor();
        try (KlVae vae = KlVae.create(TINY, 1, Device.cpu())) { // 64 images of batch 8: 8 batches per epoch
            vae.fit(new ArrayImageSource(waves(64, 1), 1, 8), training(1000, 1).withMaxSteps(12), recording);
        }
        List<String> messages = recording.messages();
        assertEquals(13, messages.size(), messages.toString()); // 12 batches, then the latent statistics pass
        assertEquals("latent statistics", messages.get(12));
        assertTrue(messages.get(0).startsWith("epoch 1/2, batch 1/8, "), messages.get(0));
        assertTrue(messages.get(11).startsWith("epoch 2/2, batch 4/8, "), messages.get(11));
    }

    @Test
    void cancellationStopsFitBetweenBatches() {
        int[] checks = {0};
        int[] progressCalls = {0};
        ProgressMonitor cancelAfterThree = new ProgressMonitor() {
            @Override
            public void progress(double fraction, String message) {
                progressCalls[0]++;
                assertTrue(message.startsWith("epoch 1/50, batch "), message);
            }

            @Override
            public void checkCancelled() {
                if (++checks[0] > 3) {
                    throw new CancellationException("stop");
                }
            }
        };
        try (KlVae vae = KlVae.create(TINY, 1, Device.cpu())) {
            assertThrows(CancellationException.class,
                    () -> vae.fit(new ArrayImageSource(waves(64, 1), 1, 8), training(50, 1), cancelAfterThree));
        }
        assertEquals(3, progressCalls[0], "three batches ran, then the fit stopped");
    }
}
