package org.ross.core.ross;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.ross.core.diffusion.DdimSampler;
import org.ross.core.diffusion.Denoiser;
import org.ross.core.diffusion.DenoiserInput;
import org.ross.core.diffusion.ForwardProcess;
import org.ross.core.diffusion.NoiseSchedule;
import org.ross.core.diffusion.SpaceToDepth;
import org.ross.core.nn.LayerNorm;
import org.ross.core.nn.Linear;
import org.ross.core.nn.ParameterSet;
import org.ross.core.nn.TransformerInitializers;

import java.util.SplittableRandom;

/**
 * ROSS's visual objective (Wang et al. 2024, section 3.2) as one component with two verbs:
 * {@link #loss} on the LM's outputs at the image positions, and {@link #sample} (the reverse process
 * conditioned on them). Its weights form the {@code denoiser} module: the DiT for ROSS-D, the
 * regression head for ROSS-R, nothing for TEXT_ONLY.
 */
public final class ReconstructiveLoss {

    /** LayerNorm epsilon of the condition {@code xVisual = LN(H)} (no affine parameters). */
    static final float CONDITION_EPS = 1e-6f;

    private final RossConfig config;
    private final NoiseSchedule schedule;
    public final Denoiser denoiser;  // ROSS_D only
    public final Linear regressor;   // ROSS_R only

    public ReconstructiveLoss(ParameterSet ps, String name, RossConfig config) {
        this.config = config;
        this.schedule = NoiseSchedule.cosine(config.timesteps());
        Objective o = config.objective();
        this.denoiser = o != Objective.ROSS_D ? null : new Denoiser(ps, name, config.foldedChannels(),
                config.tokenGrid(), config.lm().width(), config.denoiser().width(), config.denoiser().layers(),
                config.denoiser().heads(), config.mlpHidden(config.denoiser()));
        this.regressor = o != Objective.ROSS_R ? null
                : new Linear(ps, name + ".regressor", config.lm().width(), config.foldedChannels());
    }

    /**
     * {@code L_visual} for one batch, a scalar.
     *
     * @param hImage     the LM's final normed hidden states at the N image positions (B, N, D)
     * @param posteriors the tokenizer's cached posterior per image, mean and log-variance (B, 2, C, g, g);
     *                   data, never recorded for gradients; ignored for TEXT_ONLY
     * @param rng        the only source of randomness: posterior samples, timesteps, noise
     */
    public NDArray loss(NDArray hImage, NDArray posteriors, SplittableRandom rng) {
        NDManager scope = hImage.getManager();
        if (config.objective() == Objective.TEXT_ONLY) {
            return scope.zeros(new Shape()); // ()
        }
        long b = hImage.getShape().get(0);
        int n = config.tokens();
        int cFolded = config.foldedChannels();
        NDArray xVisual = LayerNorm.normalize(hImage, CONDITION_EPS); // (B, N, D)
        NDArray z0 = targets(posteriors, rng); // (B, N, C')
        if (config.objective() == Objective.ROSS_R) {
            return regressor.forward(xVisual).sub(z0).square().mean(); // ()
        }
        int draws = config.draws();
        int rows = (int) b * draws;
        int[] t = new int[rows];
        for (int i = 0; i < rows; i++) {
            t[i] = rng.nextInt(schedule.timesteps()); // t ~ U{0 .. T-1}
        }
        NDArray eps = scope.create(TransformerInitializers.gaussian(rows * n * cFolded, 1, rng),
                new Shape(rows, n, cFolded)); // (B draws, N, C')
        NDArray z0Draws = z0.repeat(0, draws); // (B draws, N, C'), image-major
        NDArray xVisualDraws = xVisual.repeat(0, draws); // (B draws, N, D)
        NDArray zT = ForwardProcess.sample(schedule, z0Draws, t, eps); // (B draws, N, C')
        NDArray epsHat = denoiser.forward(new DenoiserInput(zT, t, xVisualDraws)); // (B draws, N, C')
        return epsHat.sub(eps).square().mean(); // ()
    }

    /**
     * The clean targets {@code z0}: a fresh posterior sample {@code mu + exp(logvar / 2) eps},
     * scaled per channel to unit variance, folded onto the token grid.
     */
    NDArray targets(NDArray posteriors, SplittableRandom rng) { // (B, 2, C, g, g) -> (B, N, C')
        Shape s = posteriors.getShape();
        int c = config.latentChannels();
        int g = config.latentGrid();
        if (s.dimension() != 5 || s.get(1) != 2 || s.get(2) != c || s.get(3) != g || s.get(4) != g) {
            throw new IllegalArgumentException("latent posteriors have shape " + s + "; expected (B, 2, " + c + ", "
                    + g + ", " + g + ") from the tokenizer named in the model config");
        }
        NDManager scope = posteriors.getManager();
        long b = s.get(0);
        NDList parts = posteriors.split(2, 1);
        NDArray mu = parts.get(0).squeeze(1); // (B, C, g, g)
        NDArray logvar = parts.get(1).squeeze(1); // (B, C, g, g)
        NDArray epsPosterior = scope.create(TransformerInitializers.gaussian((int) b * c * g * g, 1, rng),
                new Shape(b, c, g, g)); // (B, C, g, g)
        NDArray z = mu.add(logvar.mul(0.5f).exp().mul(epsPosterior)); // (B, C, g, g)
        NDArray shift = scope.create(config.latentStats().shift(), new Shape(1, c, 1, 1)); // (1, C, 1, 1)
        NDArray scale = scope.create(config.latentStats().scale(), new Shape(1, c, 1, 1)); // (1, C, 1, 1)
        return SpaceToDepth.fold(z.sub(shift).mul(scale), config.tokenGrid()); // (B, N, C')
    }

    /**
     * Reconstructs latents from the image-position outputs by deterministic DDIM (ROSS-D) or the
     * regression (ROSS-R): per image a latent grid (C, g, g) in the tokenizer's unscaled units, ready
     * for its decoder. Returns Java arrays; every intermediate lives in {@code hImage}'s scope.
     */
    public float[][] sample(NDArray hImage, int steps, SplittableRandom rng) { // (B, N, D)
        if (config.objective() == Objective.TEXT_ONLY) {
            throw new IllegalStateException("a TEXT_ONLY model has no visual head to reconstruct with; "
                    + "train with objective ROSS_D or ROSS_R");
        }
        NDManager scope = hImage.getManager();
        int b = (int) hImage.getShape().get(0);
        int c = config.latentChannels();
        NDArray xVisual = LayerNorm.normalize(hImage, CONDITION_EPS); // (B, N, D)
        NDArray z0;
        if (config.objective() == Objective.ROSS_R) {
            z0 = regressor.forward(xVisual); // (B, N, C')
        } else {
            int n = config.tokens();
            NDArray zT = scope.create(TransformerInitializers.gaussian(b * n * config.foldedChannels(), 1, rng),
                    new Shape(b, n, config.foldedChannels())); // (B, N, C')
            z0 = DdimSampler.sample(denoiser, schedule, zT, xVisual, steps); // (B, N, C')
        }
        NDArray grid = SpaceToDepth.unfold(z0, c, config.latentGrid()); // (B, C, g, g)
        NDArray shift = scope.create(config.latentStats().shift(), new Shape(1, c, 1, 1)); // (1, C, 1, 1)
        NDArray scale = scope.create(config.latentStats().scale(), new Shape(1, c, 1, 1)); // (1, C, 1, 1)
        float[] flat = grid.div(scale).add(shift).toFloatArray(); // (B, C, g, g) unscaled
        int per = c * config.latentGrid() * config.latentGrid();
        float[][] out = new float[b][];
        for (int i = 0; i < b; i++) {
            out[i] = java.util.Arrays.copyOfRange(flat, i * per, (i + 1) * per);
        }
        return out;
    }

    /** The denoiser's condition {@code xVisual = LN(H)} (no affine), as in {@link #loss}. */
    public NDArray condition(NDArray hImage) { // (B, N, D) -> (B, N, D)
        return LayerNorm.normalize(hImage, CONDITION_EPS);
    }

    /** Unscaled latent grids (e.g. posterior means) to the denoiser's units: scaled per channel, folded. */
    public NDArray toTokens(NDArray z) { // (B, C, g, g) -> (B, N, C')
        int c = config.latentChannels();
        NDManager scope = z.getManager();
        NDArray shift = scope.create(config.latentStats().shift(), new Shape(1, c, 1, 1)); // (1, C, 1, 1)
        NDArray scale = scope.create(config.latentStats().scale(), new Shape(1, c, 1, 1)); // (1, C, 1, 1)
        return SpaceToDepth.fold(z.sub(shift).mul(scale), config.tokenGrid()); // (B, N, C')
    }

    /** The inverse of {@link #toTokens}: unfolded and unscaled, ready for the tokenizer's decoder. */
    public NDArray toLatentGrids(NDArray tokens) { // (B, N, C') -> (B, C, g, g)
        int c = config.latentChannels();
        NDManager scope = tokens.getManager();
        NDArray shift = scope.create(config.latentStats().shift(), new Shape(1, c, 1, 1)); // (1, C, 1, 1)
        NDArray scale = scope.create(config.latentStats().scale(), new Shape(1, c, 1, 1)); // (1, C, 1, 1)
        return SpaceToDepth.unfold(tokens, c, config.latentGrid()).div(scale).add(shift); // (B, C, g, g)
    }

    public NoiseSchedule schedule() {
        return schedule;
    }
}
