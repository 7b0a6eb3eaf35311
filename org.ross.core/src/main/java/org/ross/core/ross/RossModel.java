package org.ross.core.ross;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.ross.core.diffusion.Denoiser;
import org.ross.core.model.ModelDirectory;
import org.ross.core.model.ModelManifest;
import org.ross.core.nn.CausalLm;
import org.ross.core.nn.Initializers;
import org.ross.core.nn.LayerNorm;
import org.ross.core.nn.Parameter;
import org.ross.core.nn.ParameterSet;
import org.ross.core.nn.Projector;
import org.ross.core.nn.Tensors;
import org.ross.core.nn.TransformerInitializers;
import org.ross.core.nn.VisionEncoder;
import org.ross.core.text.ChatTemplate;
import org.ross.core.text.WordTokenizer;
import org.ross.core.train.LossTerms;
import org.ross.core.train.TrainableModel;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A LLaVA-style multimodal model trained with ROSS (Wang et al. 2024): vision encoder, projector,
 * causal LM, and the visual objective's {@code denoiser} module. The training forward
 * ({@link #loss}) reads as the method's steps; inference ({@link #answer}) never runs the denoiser.
 *
 * <p>Owns its parameters; close it when done. Public inference calls open their own scopes and
 * return Java values.
 */
public final class RossModel implements TrainableModel<RossBatch>, AutoCloseable {

    public static final String KIND = "ross";
    public static final List<String> MODULES = List.of("vision", "projector", "lm", "denoiser");
    public static final int DEFAULT_MAX_ANSWER_TOKENS = 32;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The LM's next-token logits (B, N + L - 1, V) and final normed hidden states at the image positions {@code H} (B, N, D). */
    public record Forward(NDArray logits, NDArray hImage) {
    }

    private final RossConfig config;
    private final ChatTemplate chat;
    private final Device device;
    private final ParameterSet parameters;
    final VisionEncoder vision;
    final Projector projector;
    final CausalLm lm;
    final ReconstructiveLoss visual;
    private ObjectNode provenance = JSON.createObjectNode();

    private RossModel(RossConfig config, WordTokenizer tokenizer, Device device) {
        this.config = config;
        this.chat = new ChatTemplate(tokenizer);
        this.device = device;
        this.parameters = new ParameterSet(device);
        // declaration order = initialisation order: the shared modules get the same values whatever the objective
        this.vision = new VisionEncoder(parameters, "vision", config.imageChannels(), config.imageSize(),
                config.patchSize(), config.vision().width(), config.vision().layers(), config.vision().heads(),
                config.mlpHidden(config.vision()));
        this.projector = new Projector(parameters, "projector", config.vision().width(), config.lm().width());
        this.lm = new CausalLm(parameters, "lm", tokenizer.size(), config.maxSequenceLength(), config.lm().width(),
                config.lm().layers(), config.lm().heads(), config.mlpHidden(config.lm()), config.tiedHead());
        this.visual = new ReconstructiveLoss(parameters, "denoiser", config);
    }

    /** A freshly initialised model; the same seed gives bit-identical weights. */
    public static RossModel create(RossConfig config, WordTokenizer tokenizer, long seed, Device device) {
        RossModel model = new RossModel(config, tokenizer, device);
        model.initialize(new SplittableRandom(seed));
        model.provenance.put("created", Instant.now().toString());
        model.provenance.put("seed", seed);
        return model;
    }

    /**
     * All initialisation in one place, as the papers do it: Linear weights Xavier-uniform (ViT/MAE,
     * DiT), biases zero, layer-norm gains one, token and position embeddings {@code N(0, 0.02^2)}
     * (GPT-2), DiT's timestep MLP {@code N(0, 0.02^2)}; then DiT's adaLN-Zero: every adaLN
     * modulation and the denoiser's final layer zero, so the untrained denoiser outputs zero and the
     * initial eps-MSE is about one.
     */
    private void initialize(SplittableRandom rng) {
        parameters.materialize((Parameter p) -> {
            if (Denoiser.isZeroInitialised(p)) {
                return Initializers.zeros(p);
            }
            if (LayerNorm.isGain(p)) {
                return TransformerInitializers.ones(p);
            }
            if (p.name().endsWith(".bias")) {
                return Initializers.zeros(p);
            }
            if (p.name().startsWith("lm.wte.") || p.name().startsWith("lm.wpe.") || Denoiser.isTimestepMlpWeight(p)) {
                return TransformerInitializers.normal(p, 0.02, rng);
            }
            return TransformerInitializers.xavierUniform(p, rng);
        });
    }

    /**
     * One training step's loss: {@code L = L_text + lambda * L_visual} (DESIGN.md section 4).
     */
    @Override
    public LossTerms loss(RossBatch batch, SplittableRandom rng, NDManager scope) {
        Forward f = forward(batch); // steps 1-4: encode, project, splice, LM
        // 5. L_text: next-token cross-entropy on the answer tokens (incl. <end>)
        NDArray lText = textLoss(f.logits(), batch); // ()
        // 6. L_visual on the LM's outputs at the image positions
        NDArray lVisual = visual.loss(f.hImage(), batch.posteriors(), rng); // ()
        // 7. total
        NDArray total = lText.add(Tensors.times(lVisual, (float) config.lambda())); // ()
        return new LossTerms(total, lText, lVisual, batch.size());
    }

    /** The multimodal forward pass, every array in the batch's scope. */
    public Forward forward(RossBatch batch) {
        checkImagePlaceholder(batch.tokens());
        int n = config.tokens();
        // 1. encode the image
        NDArray features = vision.forward(batch.images()); // (B, N, Dv)
        if (config.freezeVisionEncoder()) {
            features = features.stopGradient(); // (B, N, Dv)
        }
        // 2. project into the LM width
        NDArray imageTokens = projector.forward(features); // (B, N, D)
        // 3. splice: the N image tokens replace <image> at position 0, before the question
        NDArray text = lm.embed(batch.tokens().get(":, 1:")); // (B, L - 1, D)
        NDArray inputs = imageTokens.concat(text, 1); // (B, N + L - 1, D)
        NDArray keep = batch.keep().getManager().ones(new Shape(batch.size(), n))
                .concat(batch.keep().get(":, 1:"), 1); // (B, N + L - 1)
        // 4. the causal LM over [image tokens, question, answer]; packed turns each see the image and themselves
        CausalLm.Output out = lm.forward(inputs, keep, segments(batch.turns(), batch.size(), n));
        return new Forward(out.logits(), out.hidden().get(":, 0:" + n)); // (B, N + L - 1, V), (B, N, D)
    }

    /** The LM's segment ids (B * (N + L - 1)) of packed turns: the image tokens shared (0), then the tokens' turns. */
    private static int[] segments(int[] turns, int b, int n) {
        if (turns == null) {
            return null;
        }
        int l = turns.length / b;
        int[] segments = new int[b * (n + l - 1)];
        for (int r = 0; r < b; r++) {
            System.arraycopy(turns, r * l + 1, segments, r * (n + l - 1) + n, l - 1);
        }
        return segments;
    }

    /**
     * Mean next-token cross-entropy over the answer tokens of the batch. Position {@code N - 1 + j}
     * predicts text token {@code j + 1}.
     */
    NDArray textLoss(NDArray logits, RossBatch batch) { // (B, N + L - 1, V) -> ()
        Prediction p = predictions(logits, batch);
        NDArray logp = p.logits().logSoftmax(-1); // (B, L - 1, V)
        NDArray picked = logp.gather(p.targets().expandDims(-1), -1).squeeze(-1); // (B, L - 1)
        return picked.mul(p.mask()).sum().neg().div(p.mask().sum()); // ()
    }

    private record Prediction(NDArray logits, NDArray targets, NDArray mask) {
    }

    private Prediction predictions(NDArray logits, RossBatch batch) {
        int n = config.tokens();
        long l = batch.tokens().getShape().get(1);
        NDArray predicting = logits.get(":, " + (n - 1) + ":" + (n + l - 2)); // (B, L - 1, V)
        NDArray targets = batch.tokens().get(":, 1:").toType(DataType.INT64, false); // (B, L - 1)
        NDArray mask = batch.answer().get(":, 1:"); // (B, L - 1)
        return new Prediction(predicting, targets, mask);
    }

    /**
     * {@code loss_text} and {@code answer_accuracy}: an answer counts as correct when the
     * teacher-forced argmax equals the target at every answer token, which is exactly when greedy
     * decoding reproduces it.
     */
    @Override
    public Map<String, Double> evaluate(RossBatch batch, NDManager scope) {
        Forward f = forward(batch);
        Prediction p = predictions(f.logits(), batch);
        double lossText = textLoss(f.logits(), batch).getFloat();
        long[] argmax = p.logits().argMax(-1).toLongArray(); // (B, L - 1)
        long[] targets = p.targets().toLongArray();
        float[] mask = p.mask().toFloatArray();
        int b = batch.size();
        int per = targets.length / b;
        int correct = 0;
        for (int i = 0; i < b; i++) {
            boolean ok = true;
            for (int j = i * per; j < (i + 1) * per; j++) {
                ok &= mask[j] == 0 || argmax[j] == targets[j];
            }
            correct += ok ? 1 : 0;
        }
        return Map.of("loss_text", lossText, "answer_accuracy", (double) correct / b);
    }

    /** Steps 1-2 of the forward: the N projected image tokens of preprocessed images, in the images' scope. */
    public NDArray imageTokens(NDArray images) { // (B, C, S, S) -> (B, N, D)
        NDArray features = vision.forward(images); // (B, N, Dv)
        return projector.forward(features); // (B, N, D)
    }

    /** The causal LM, for decoders that drive it step by step (org.ross.core.infer). */
    public CausalLm lm() {
        return lm;
    }

    /** Greedy answers, one example at a time and without a KV cache. */
    public List<String> answer(float[][] images, List<String> questions) {
        return answer(images, questions, DEFAULT_MAX_ANSWER_TOKENS);
    }

    public List<String> answer(float[][] images, List<String> questions, int maxAnswerTokens) {
        if (images.length != questions.size()) {
            throw new IllegalArgumentException(images.length + " images but " + questions.size() + " questions");
        }
        List<String> answers = new ArrayList<>();
        int s = config.imageSize();
        for (int i = 0; i < images.length; i++) {
            if (images[i].length != config.pixelsPerImage()) {
                throw new IllegalArgumentException("image " + i + " has " + images[i].length + " values; expected "
                        + config.imageChannels() + "x" + s + "x" + s);
            }
            try (NDManager scope = NDManager.newBaseManager(device)) {
                NDArray image = scope.create(images[i], new Shape(1, config.imageChannels(), s, s)); // (1, C, S, S)
                NDArray imageTokens = projector.forward(vision.forward(image)); // (1, N, D)
                List<Integer> ids = new ArrayList<>();
                for (int id : chat.prompt(questions.get(i)).ids()) {
                    ids.add(id);
                }
                int promptLength = ids.size();
                int budget = Math.min(maxAnswerTokens, config.maxSequenceLength() - config.tokens() - promptLength + 1);
                for (int step = 0; step < budget; step++) {
                    int[] text = ids.subList(1, ids.size()).stream().mapToInt(Integer::intValue).toArray();
                    NDArray inputs = imageTokens.concat(lm.embed(scope.create(text, new Shape(1, text.length))), 1);
                    NDArray logits = lm.forward(inputs, null).logits(); // (1, N + L - 1, V)
                    int next = (int) logits.get(0, -1).argMax().getLong();
                    ids.add(next);
                    if (next == WordTokenizer.END_ID) {
                        break;
                    }
                }
                int[] generated = ids.subList(promptLength, ids.size()).stream().mapToInt(Integer::intValue).toArray();
                answers.add(chat.decodeAnswer(generated));
            }
        }
        return answers;
    }

    /** Writes the model directory (atomically): config, vocabulary, chat template, preprocessing, provenance, weights. */
    public void save(Path dir) throws IOException {
        ObjectNode preprocessing = ModelManifest.imagePreprocessing(config.imageSize(), config.imageChannels());
        ObjectNode sections = JSON.createObjectNode();
        chat.tokenizer().vocabulary().forEach(sections.putArray("vocabulary")::add);
        sections.set("chatTemplate", chat.toJson());
        ModelManifest manifest = new ModelManifest(KIND, JSON.valueToTree(config), preprocessing, provenance, sections);
        ModelDirectory.write(dir, manifest, parameters.toTensors());
    }

    public static RossModel load(Path dir, Device device) throws IOException {
        ModelDirectory.Contents contents = ModelDirectory.read(dir, KIND);
        ModelManifest m = contents.manifest();
        RossConfig config;
        WordTokenizer tokenizer;
        try {
            config = JSON.treeToValue(m.config(), RossConfig.class);
            List<String> vocabulary = new ArrayList<>();
            m.sections().path("vocabulary").forEach(w -> vocabulary.add(w.asText()));
            tokenizer = WordTokenizer.fromVocabulary(vocabulary);
            ChatTemplate.fromJson(m.sections().path("chatTemplate"), tokenizer);
        } catch (IOException | IllegalArgumentException e) {
            throw new IOException(dir + ": model.json does not describe a valid ROSS model: " + e.getMessage(), e);
        }
        RossModel model = new RossModel(config, tokenizer, device);
        try {
            model.parameters.materialize(contents.weights());
        } catch (IllegalArgumentException e) {
            model.close();
            throw new IOException(dir + ": " + e.getMessage(), e);
        }
        model.provenance = m.provenance();
        return model;
    }

    private static void checkImagePlaceholder(NDArray tokens) {
        int[] first = tokens.get(":, 0").toType(DataType.INT32, false).toIntArray();
        for (int i = 0; i < first.length; i++) {
            if (first[i] != WordTokenizer.IMAGE_ID) {
                throw new IllegalArgumentException("example " + i + " of the batch does not start with <image>; "
                        + "encode examples with the model's ChatTemplate");
            }
        }
    }

    @Override
    public ParameterSet parameters() {
        return parameters;
    }

    @Override
    public List<String> modules() {
        return MODULES;
    }

    @Override
    public String moduleOf(Parameter p) {
        String module = p.name().substring(0, p.name().indexOf('.'));
        if (!MODULES.contains(module)) {
            throw new IllegalArgumentException("parameter " + p.name() + " belongs to no module of " + MODULES);
        }
        return module;
    }

    public RossConfig config() {
        return config;
    }

    public ChatTemplate chatTemplate() {
        return chat;
    }

    /** The visual objective, for reconstruction ({@link ReconstructiveLoss#sample}). */
    public ReconstructiveLoss visual() {
        return visual;
    }

    /** Adds or replaces {@code key} in the provenance saved in model.json (e.g. the Tuner's run summary). */
    public void putProvenance(String key, JsonNode value) {
        provenance.set(key, value.deepCopy());
    }

    public JsonNode provenance() {
        return provenance.deepCopy();
    }

    public Device device() {
        return device;
    }

    @Override
    public void close() {
        parameters.close();
    }
}
