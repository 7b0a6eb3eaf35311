package org.ross.core.score;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.ross.core.diffusion.DdimSampler;
import org.ross.core.diffusion.DenoiserInput;
import org.ross.core.diffusion.ForwardProcess;
import org.ross.core.diffusion.NoiseSchedule;
import org.ross.core.image.Images;
import org.ross.core.nn.TransformerInitializers;
import org.ross.core.ross.Objective;
import org.ross.core.ross.ReconstructiveLoss;
import org.ross.core.ross.RossBatch;
import org.ross.core.ross.RossConfig;
import org.ross.core.ross.RossModel;
import org.ross.core.text.WordTokenizer;
import org.ross.core.tokenizer.KlVae;
import org.ross.core.tokenizer.TokenizerConfig;

/**
 * How well a ROSS model's visual outputs reconstruct an image (DESIGN.md section 4, step 9): the
 * only place the denoiser runs after training.
 *
 * <ul>
 *   <li>{@code recon_score}: the eps-MSE of the denoiser on the image's own latents {@code z0}
 *       (tokenizer posterior mean, scaled and folded as in training), averaged over K fixed draws
 *       {@code (t_k, eps_k)}. The draws come from the seed alone, so every image sees the same ones.
 *       {@code t_k} is stratified over [tMin, tMax] (one uniform draw in each of K equal strata).</li>
 *   <li>token errors: the same error per image token (mean over the K draws and the C' channels),
 *       row-major on the {@code sqrt(N) x sqrt(N)} grid; their mean is {@code recon_score}.</li>
 *   <li>reconstruction: {@code z0} noised to {@code startTimestep} with a fixed eps, then DDIM
 *       ({@code eta = 0}) down to 0 conditioned on the image-position outputs, unscaled, unfolded and
 *       decoded by the tokenizer; PSNR and SSIM against the input at the tokenizer's resolution.</li>
 * </ul>
 *
 * Owns nothing native: the model and tokenizer belong to the caller. Each {@link #score} call works
 * in its own sub-{@link NDManager} and returns Java arrays.
 */
public final class ReconstructionScorer {

    /**
     * One image's results.
     *
     * @param score       recon_score, the mean denoising error
     * @param tokenErrors per-token error, row-major on the token grid
     * @param input       the input as the tokenizer sees it (C, S, S) in [-1, 1]
     * @param recon       the reconstruction (C, S, S) in [-1, 1], same size as {@code input}
     */
    public record Scored(double score, float[] tokenErrors, float[] input, float[] recon, double psnr, double ssim) {
    }

    private final RossModel model;
    private final KlVae tokenizer;
    private final ScorerConfig config;
    private final RossConfig modelConfig;
    private final int[] drawT;       // (K)
    private final float[] drawEps;   // (K, N, C')
    private final float[] startEps;  // (N, C')

    public ReconstructionScorer(RossModel model, KlVae tokenizer, ScorerConfig config) {
        check(model.config(), tokenizer.config());
        RossConfig m = model.config();
        if (config.tMax() >= m.timesteps() || config.startTimestep() >= m.timesteps()) {
            throw new IllegalArgumentException("tMax " + config.tMax() + " and startTimestep " + config.startTimestep()
                    + " must be below the model's " + m.timesteps() + " diffusion timesteps");
        }
        this.model = model;
        this.tokenizer = tokenizer;
        this.config = config;
        this.modelConfig = m;
        SplittableRandom rng = new SplittableRandom(config.seed());
        int k = config.draws();
        int span = config.tMax() - config.tMin() + 1;
        this.drawT = new int[k];
        for (int i = 0; i < k; i++) {
            drawT[i] = Math.min(config.tMax(), config.tMin() + (int) Math.floor((i + rng.nextDouble()) * span / k));
        }
        int perDraw = m.tokens() * m.foldedChannels();
        this.drawEps = TransformerInitializers.gaussian(k * perDraw, 1, rng);
        this.startEps = TransformerInitializers.gaussian(perDraw, 1, rng);
    }

    /**
     * Refuses a model without a denoiser and a tokenizer whose latents are not the model's targets.
     *
     * @throws IllegalArgumentException naming what was expected and what was found
     */
    public static void check(RossConfig model, TokenizerConfig tokenizer) {
        if (model.objective() != Objective.ROSS_D) {
            throw new IllegalArgumentException("the model was trained with objective " + model.objective()
                    + " and has no denoiser to score with; tune it with objective ROSS_D");
        }
        if (tokenizer.latentChannels() != model.latentChannels() || tokenizer.latentSize() != model.latentGrid()) {
            throw new IllegalArgumentException("the tokenizer's latents are " + tokenizer.latentChannels() + "x"
                    + tokenizer.latentSize() + "x" + tokenizer.latentSize() + " but the model was tuned on "
                    + model.latentChannels() + "x" + model.latentGrid() + "x" + model.latentGrid()
                    + " latents; connect the tokenizer the model was tuned with");
        }
    }

    /** The fixed timesteps of the K draws. */
    public int[] drawTimesteps() {
        return drawT.clone();
    }

    public int tokenGrid() {
        return modelConfig.tokenGrid();
    }

    /** Channels of the input and reconstruction images (the tokenizer's). */
    public int imageChannels() {
        return tokenizer.config().imageChannels();
    }

    /** Side of the input and reconstruction images (the tokenizer's). */
    public int imageSize() {
        return tokenizer.config().imageSize();
    }

    /** Scores a batch; {@code questions.get(i)} may be null for the configured prompt. */
    public List<Scored> score(List<BufferedImage> images, List<String> questions) {
        int b = images.size();
        if (questions.size() != b) {
            throw new IllegalArgumentException(b + " images but " + questions.size() + " questions");
        }
        TokenizerConfig tc = tokenizer.config();
        float[][] tokInputs = new float[b][];
        float[][] modelInputs = new float[b][];
        for (int i = 0; i < b; i++) {
            tokInputs[i] = Images.toChw(images.get(i), tc.imageSize(), mode(tc.imageChannels()));
            modelInputs[i] = Images.toChw(images.get(i), modelConfig.imageSize(), mode(modelConfig.imageChannels()));
        }
        int latent = tc.latentLength();
        float[][] posteriors = tokenizer.encode(tokInputs); // per image (2, C, g, g)
        float[] means = new float[b * latent];
        for (int i = 0; i < b; i++) {
            System.arraycopy(posteriors[i], 0, means, i * latent, latent);
        }
        float[] errors;
        float[] grids;
        try (NDManager scope = NDManager.newBaseManager(model.device())) {
            ReconstructiveLoss visual = model.visual();
            NDArray hImage = model.forward(batch(scope, modelInputs, questions)).hImage(); // (B, N, D)
            NDArray xVisual = visual.condition(hImage); // (B, N, D)
            int g = modelConfig.latentGrid();
            NDArray z0 = visual.toTokens(scope.create(means, new Shape(b, tc.latentChannels(), g, g))); // (B, N, C')
            errors = tokenErrors(scope, visual, z0, xVisual).toFloatArray(); // (B, N)
            grids = visual.toLatentGrids(reconstruct(scope, visual, z0, xVisual)).toFloatArray(); // (B, C, g, g)
        }
        float[][] latents = new float[b][];
        for (int i = 0; i < b; i++) {
            latents[i] = Arrays.copyOfRange(grids, i * latent, (i + 1) * latent);
        }
        float[][] recon = tokenizer.decode(latents); // per image (C, S, S)
        int n = modelConfig.tokens();
        List<Scored> out = new ArrayList<>(b);
        for (int i = 0; i < b; i++) {
            float[] e = Arrays.copyOfRange(errors, i * n, (i + 1) * n);
            double mean = 0;
            for (float v : e) {
                mean += v;
            }
            out.add(new Scored(mean / n, e, tokInputs[i], recon[i], Images.psnr(tokInputs[i], recon[i]),
                    Ssim.of(tokInputs[i], recon[i], tc.imageChannels(), tc.imageSize())));
        }
        return out;
    }

    /** Denoising error per token, averaged over the K draws: (B, N). */
    private NDArray tokenErrors(NDManager scope, ReconstructiveLoss visual, NDArray z0, NDArray xVisual) {
        int k = config.draws();
        long b = z0.getShape().get(0);
        long n = z0.getShape().get(1);
        long c = z0.getShape().get(2);
        NDArray z0K = z0.tile(new long[] {k, 1, 1}); // (K B, N, C'), row k B + i is image i
        NDArray xK = xVisual.tile(new long[] {k, 1, 1}); // (K B, N, D)
        NDArray epsK = scope.create(drawEps, new Shape(k, 1, n, c)).broadcast(new Shape(k, b, n, c))
                .reshape(k * b, n, c); // (K B, N, C')
        int[] t = new int[(int) (k * b)];
        for (int i = 0; i < t.length; i++) {
            t[i] = drawT[(int) (i / b)];
        }
        NDArray zT = ForwardProcess.sample(visual.schedule(), z0K, t, epsK); // (K B, N, C')
        NDArray epsHat = visual.denoiser.forward(new DenoiserInput(zT, t, xK)); // (K B, N, C')
        return epsHat.sub(epsK).square().mean(new int[] {2}) // (K B, N)
                .reshape(k, b, n).mean(new int[] {0}); // (B, N)
    }

    /** DDIM from {@code z0} noised to the start timestep, conditioned on {@code xVisual}: (B, N, C'). */
    private NDArray reconstruct(NDManager scope, ReconstructiveLoss visual, NDArray z0, NDArray xVisual) {
        NoiseSchedule schedule = visual.schedule();
        int b = (int) z0.getShape().get(0);
        NDArray eps = scope.create(startEps, new Shape(1, z0.getShape().get(1), z0.getShape().get(2)))
                .broadcast(z0.getShape()); // (B, N, C')
        int[] ts = startTimesteps(config.startTimestep(), config.ddimSteps());
        int[] t = new int[b];
        Arrays.fill(t, ts[0]);
        NDArray z = ForwardProcess.sample(schedule, z0, t, eps); // (B, N, C')
        NDArray z0Hat = z;
        for (int i = 0; i < ts.length; i++) {
            Arrays.fill(t, ts[i]);
            NDArray epsHat = visual.denoiser.forward(new DenoiserInput(z, t.clone(), xVisual)); // (B, N, C')
            double alphaBarPrev = i + 1 < ts.length ? schedule.alphaBar(ts[i + 1]) : 1.0;
            z0Hat = DdimSampler.predictZ0(z, epsHat, schedule.alphaBar(ts[i])); // (B, N, C')
            z = DdimSampler.step(z0Hat, epsHat, alphaBarPrev); // (B, N, C')
        }
        return z0Hat;
    }

    /** Descending timesteps {@code start - floor(j (start + 1) / steps)}, {@code j = 0 .. steps-1}. */
    static int[] startTimesteps(int start, int steps) {
        int[] ts = new int[steps];
        for (int j = 0; j < steps; j++) {
            ts[j] = start - (int) ((long) j * (start + 1) / steps);
        }
        return ts;
    }

    /** The prompt-only token sequences {@code <image> question}; the model reads no answer here. */
    private RossBatch batch(NDManager scope, float[][] images, List<String> questions) {
        int b = images.length;
        int[][] ids = new int[b][];
        int length = 0;
        for (int i = 0; i < b; i++) {
            String q = questions.get(i) == null || questions.get(i).isBlank() ? config.prompt() : questions.get(i);
            ids[i] = model.chatTemplate().prompt(q).ids();
            length = Math.max(length, ids[i].length);
            if (ids[i][0] != WordTokenizer.IMAGE_ID) {
                throw new IllegalStateException("the chat template does not start with <image>");
            }
            if (modelConfig.tokens() + ids[i].length - 1 > modelConfig.maxSequenceLength()) {
                throw new IllegalArgumentException("question '" + q + "' is too long for the model: "
                        + modelConfig.tokens() + " image tokens + " + (ids[i].length - 1) + " text tokens > "
                        + modelConfig.maxSequenceLength() + " positions");
            }
        }
        int[] tokens = new int[b * length];
        float[] keep = new float[b * length];
        for (int i = 0; i < b; i++) {
            for (int j = 0; j < ids[i].length; j++) {
                tokens[i * length + j] = ids[i][j];
                keep[i * length + j] = 1;
            }
        }
        int s = modelConfig.imageSize();
        int pixels = modelConfig.pixelsPerImage();
        float[] flat = new float[b * pixels];
        for (int i = 0; i < b; i++) {
            System.arraycopy(images[i], 0, flat, i * pixels, pixels);
        }
        return new RossBatch(scope.create(flat, new Shape(b, modelConfig.imageChannels(), s, s)), // (B, C, S, S)
                scope.create(tokens, new Shape(b, length)), // (B, L)
                scope.create(keep, new Shape(b, length)), // (B, L)
                scope.zeros(new Shape(b, length)), // (B, L) no answer tokens
                null);
    }

    private static Images.ColorMode mode(int channels) {
        return channels == 1 ? Images.ColorMode.GRAY : Images.ColorMode.RGB;
    }
}
