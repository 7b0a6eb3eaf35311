package org.ross.core.tokenizer;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.ross.core.ProgressMonitor;
import org.ross.core.model.ModelDirectory;
import org.ross.core.model.ModelManifest;
import org.ross.core.nn.Initializers;
import org.ross.core.nn.Parameter;
import org.ross.core.nn.ParameterSet;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * The Image Tokenizer: a KL-regularised VAE (Rombach et al. 2022, LDM, appendix G) that turns an
 * image {@code x} of shape (C, S, S) into a posterior {@code N(mean, exp(logvar))} over a latent
 * grid (C_z, S/f, S/f). ROSS uses the posterior of each image as its reconstruction target.
 *
 * <p>Owns its parameters in its own {@link NDManager}; close it when done. Every public call
 * opens a sub-manager per batch and returns plain Java arrays.
 */
public final class KlVae implements AutoCloseable {

    public static final String KIND = "tokenizer";
    static final int INFERENCE_BATCH = 256;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final TokenizerConfig config;
    private final Device device;
    private final ParameterSet parameters;
    final VaeEncoder encoder;
    final VaeDecoder decoder;
    private LatentStats latentStats;
    private ObjectNode provenance;

    private KlVae(TokenizerConfig config, Device device) {
        this.config = config;
        this.device = device;
        this.parameters = new ParameterSet(device);
        this.encoder = new VaeEncoder(parameters, config);
        this.decoder = new VaeDecoder(parameters, config);
        this.latentStats = LatentStats.identity(config.latentChannels());
        this.provenance = JSON.createObjectNode();
    }

    /** A freshly initialised tokenizer; the same seed gives bit-identical weights on any engine. */
    public static KlVae create(TokenizerConfig config, long seed, Device device) {
        KlVae vae = new KlVae(config, device);
        vae.initialize(new SplittableRandom(seed));
        vae.provenance.put("created", Instant.now().toString());
        vae.provenance.put("seed", seed);
        vae.provenance.put("trainingExamples", 0);
        return vae;
    }

    public static KlVae load(Path modelDir, Device device) throws IOException {
        ModelDirectory.Contents contents = ModelDirectory.read(modelDir, KIND);
        ModelManifest m = contents.manifest();
        TokenizerConfig config;
        try {
            config = JSON.treeToValue(m.config(), TokenizerConfig.class);
        } catch (IOException | IllegalArgumentException e) {
            throw new IOException(modelDir + ": model.json config is not a valid tokenizer config: "
                    + e.getMessage(), e);
        }
        KlVae vae = new KlVae(config, device);
        try {
            vae.parameters.materialize(contents.weights());
            JsonNode stats = m.sections().path("latentStats");
            vae.latentStats = new LatentStats(floats(stats.path("shift")), floats(stats.path("scale")));
            if (vae.latentStats.shift().length != config.latentChannels()) {
                throw new IllegalArgumentException("latentStats has " + vae.latentStats.shift().length
                        + " channels, expected " + config.latentChannels());
            }
        } catch (IllegalArgumentException e) {
            vae.close();
            throw new IOException(modelDir + ": " + e.getMessage(), e);
        }
        vae.provenance = m.provenance();
        return vae;
    }

    /**
     * All initialisation in one place. Convolution weights: PyTorch's default uniform, as LDM; biases: 0;
     * the second conv of each residual block: 0, so each block starts as the identity (SkipInit;
     * we have no normalisation layers).
     */
    private void initialize(SplittableRandom rng) {
        parameters.materialize((Parameter p) -> {
            if (p.name().endsWith(".bias") || p.name().endsWith(".conv2.weight")) {
                return Initializers.zeros(p);
            }
            return Initializers.torchDefault(p, rng);
        });
    }

    /**
     * Fits the tokenizer to {@code data} (loss = MSE + beta * KL per pixel; see {@link KlVaeTrainer}),
     * then measures the latent statistics over {@code data}.
     */
    public TrainingReport fit(ImageSource data, TokenizerTrainingConfig training, ProgressMonitor monitor) {
        checkSource(data);
        SplittableRandom root = new SplittableRandom(training.seed()); // the only source of randomness
        SplittableRandom shuffleRng = root.split();
        SplittableRandom noiseRng = root.split();
        SplittableRandom statsRng = root.split();
        TrainingReport report = new KlVaeTrainer(this, training, shuffleRng, noiseRng)
                .fit(data, monitor.slice(0, 0.95));
        latentStats = measureLatentStats(data, statsRng, monitor.slice(0.95, 1));
        provenance.put("trained", Instant.now().toString());
        provenance.put("seed", training.seed());
        provenance.put("trainingExamples", data.size());
        provenance.put("epochs", training.epochs());
        provenance.put("batchSize", training.batchSize());
        provenance.put("learningRate", training.learningRate());
        provenance.put("steps", report.steps());
        provenance.put("finalLoss", report.finalLoss());
        provenance.put("finalReconstructionMse", report.finalReconstructionMse());
        provenance.put("skippedUpdates", report.skippedUpdates());
        return report;
    }

    /** Per image: the posterior mean then the log-variance, each (C_z, h, w), channel-major. */
    public float[][] encode(float[][] images) {
        int pixels = config.pixelsPerImage();
        int out = 2 * config.latentLength();
        float[][] result = new float[images.length][];
        for (int start = 0; start < images.length; start += INFERENCE_BATCH) {
            int b = Math.min(INFERENCE_BATCH, images.length - start);
            float[] batch = new float[b * pixels];
            for (int i = 0; i < b; i++) {
                float[] img = images[start + i];
                checkImage(img, start + i, "images");
                System.arraycopy(img, 0, batch, i * pixels, pixels);
            }
            try (NDManager scope = newScope()) {
                float[] moments = moments(scope, batch, b).toFloatArray(); // (b, 2 C_z, h, w)
                for (int i = 0; i < b; i++) {
                    result[start + i] = Arrays.copyOfRange(moments, i * out, (i + 1) * out);
                }
            }
        }
        return result;
    }

    /** Decodes latent grids (C_z, h, w), e.g. posterior means, into images (C, S, S) in [-1, 1]. */
    public float[][] decode(float[][] latentsMean) {
        int len = config.latentLength();
        int pixels = config.pixelsPerImage();
        int hw = config.latentSize();
        float[][] result = new float[latentsMean.length][];
        for (int start = 0; start < latentsMean.length; start += INFERENCE_BATCH) {
            int b = Math.min(INFERENCE_BATCH, latentsMean.length - start);
            float[] batch = new float[b * len];
            for (int i = 0; i < b; i++) {
                float[] z = latentsMean[start + i];
                if (z.length != len) {
                    throw new IllegalArgumentException("latent " + (start + i) + " has " + z.length
                            + " values; expected C_z x h x w = " + config.latentChannels() + "x" + hw + "x" + hw
                            + " = " + len + " (pass the posterior mean, not mean and log-variance)");
                }
                System.arraycopy(z, 0, batch, i * len, len);
            }
            try (NDManager scope = newScope()) {
                NDArray z = scope.create(batch, new Shape(b, config.latentChannels(), hw, hw)); // (b, C_z, h, w)
                float[] x = decoder.forward(z).clip(-1f, 1f).toFloatArray(); // (b, C, S, S)
                for (int i = 0; i < b; i++) {
                    result[start + i] = Arrays.copyOfRange(x, i * pixels, (i + 1) * pixels);
                }
            }
        }
        return result;
    }

    /** Writes the tokenizer as a model directory (atomically; an old model there stays until done). */
    public void save(Path modelDir) throws IOException {
        ObjectNode preprocessing = ModelManifest.imagePreprocessing(config.imageSize(), config.imageChannels());
        ObjectNode sections = JSON.createObjectNode();
        ObjectNode stats = sections.putObject("latentStats");
        stats.put("scope", "per-channel");
        stats.put("formula", "(z - shift[c]) * scale[c], z = mean + exp(logvar / 2) * eps");
        float[] shift = latentStats.shift();
        float[] scale = latentStats.scale();
        for (int c = 0; c < shift.length; c++) {
            stats.withArray("shift").add(shift[c]);
            stats.withArray("scale").add(scale[c]);
        }
        ModelManifest manifest = new ModelManifest(KIND, JSON.valueToTree(config), preprocessing,
                provenance, sections);
        ModelDirectory.write(modelDir, manifest, parameters.toTensors());
    }

    public TokenizerConfig config() {
        return config;
    }

    public LatentStats latentStats() {
        return latentStats;
    }

    public Device device() {
        return device;
    }

    ParameterSet parameters() {
        return parameters;
    }

    NDManager newScope() {
        return NDManager.newBaseManager(device);
    }

    /** Encoder forward pass on a flat batch: (b * C * S * S) floats -> moments (b, 2 C_z, h, w). */
    NDArray moments(NDManager scope, float[] flatImages, int b) {
        int s = config.imageSize();
        NDArray x = scope.create(flatImages, new Shape(b, config.imageChannels(), s, s)); // (b, C, S, S)
        return encoder.forward(x); // (b, 2 C_z, h, w)
    }

    /** Splits moments (b, 2 C_z, h, w) into mean and clamped log-variance, each (b, C_z, h, w). */
    static NDList split(NDArray moments) {
        NDList parts = moments.split(2, 1);
        return new NDList(parts.get(0),
                parts.get(1).clip(DiagonalGaussian.LOGVAR_MIN, DiagonalGaussian.LOGVAR_MAX));
    }

    /** Mean and variance of posterior samples per latent channel, over every image of {@code data}. */
    private LatentStats measureLatentStats(ImageSource data, SplittableRandom rng, ProgressMonitor monitor) {
        int cz = config.latentChannels();
        int hw = config.latentSize() * config.latentSize();
        double[] sum = new double[cz];
        double[] sumSq = new double[cz];
        int pixels = config.pixelsPerImage();
        float[] image = new float[pixels];
        for (int start = 0; start < data.size(); start += INFERENCE_BATCH) {
            monitor.checkCancelled();
            int b = Math.min(INFERENCE_BATCH, data.size() - start);
            float[] batch = new float[b * pixels];
            for (int i = 0; i < b; i++) {
                data.read(start + i, image);
                checkImage(image, start + i, "training images");
                System.arraycopy(image, 0, batch, i * pixels, pixels);
            }
            try (NDManager scope = newScope()) {
                NDList meanLogvar = split(moments(scope, batch, b));
                NDArray eps = scope.create(gaussian(rng, b * cz * hw), meanLogvar.get(0).getShape());
                float[] z = DiagonalGaussian.sample(meanLogvar.get(0), meanLogvar.get(1), eps).toFloatArray();
                for (int i = 0; i < z.length; i++) {
                    int c = (i / hw) % cz;
                    sum[c] += z[i];
                    sumSq[c] += (double) z[i] * z[i];
                }
            }
            monitor.progress((double) (start + b) / data.size(), "latent statistics");
        }
        float[] shift = new float[cz];
        float[] scale = new float[cz];
        double n = (double) data.size() * hw;
        for (int c = 0; c < cz; c++) {
            double mean = sum[c] / n;
            double var = Math.max(sumSq[c] / n - mean * mean, 1e-12);
            shift[c] = (float) mean;
            scale[c] = (float) (1 / Math.sqrt(var));
        }
        return new LatentStats(shift, scale);
    }

    static float[] gaussian(SplittableRandom rng, int n) {
        float[] eps = new float[n];
        for (int i = 0; i < n; i += 2) {
            // Box-Muller: two standard normals from two uniforms
            double u1 = 1 - rng.nextDouble();
            double u2 = rng.nextDouble();
            double r = Math.sqrt(-2 * Math.log(u1));
            eps[i] = (float) (r * Math.cos(2 * Math.PI * u2));
            if (i + 1 < n) {
                eps[i + 1] = (float) (r * Math.sin(2 * Math.PI * u2));
            }
        }
        return eps;
    }

    void checkSource(ImageSource data) {
        if (data.channels() != config.imageChannels() || data.imageSize() != config.imageSize()) {
            throw new IllegalArgumentException("images are " + data.channels() + "x" + data.imageSize() + "x"
                    + data.imageSize() + " but the tokenizer expects " + config.imageChannels() + "x"
                    + config.imageSize() + "x" + config.imageSize() + "; resize the images or set imageSize/channels");
        }
        if (data.size() == 0) {
            throw new IllegalArgumentException("no training images; the input table is empty");
        }
    }

    void checkImage(float[] img, int index, String what) {
        if (img.length != config.pixelsPerImage()) {
            throw new IllegalArgumentException(what + " " + index + " has " + img.length + " values; expected "
                    + config.imageChannels() + "x" + config.imageSize() + "x" + config.imageSize() + " = "
                    + config.pixelsPerImage());
        }
        for (int j = 0; j < img.length; j++) {
            if (!Float.isFinite(img[j])) {
                throw new IllegalArgumentException(what + " " + index + " has a non-finite pixel value "
                        + img[j] + " at position " + j + "; expected values in [-1, 1]");
            }
        }
    }

    private static float[] floats(JsonNode array) {
        if (!array.isArray()) {
            throw new IllegalArgumentException("model.json latentStats shift/scale are missing");
        }
        float[] v = new float[array.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) array.get(i).asDouble();
        }
        return v;
    }

    @Override
    public void close() {
        parameters.close();
    }
}
