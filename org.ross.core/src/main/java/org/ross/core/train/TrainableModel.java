package org.ross.core.train;

import ai.djl.ndarray.NDManager;
import java.util.List;
import java.util.SplittableRandom;
import org.ross.core.nn.Parameter;
import org.ross.core.nn.ParameterSet;

/**
 * What the {@link Trainer} needs from a model: its parameters grouped into named modules (for
 * trainable sets and per-module learning rates) and a loss on a batch of examples.
 *
 * @param <B> the model's batch type
 */
public interface TrainableModel<B> {

    /** All weights, owned by the model. */
    ParameterSet parameters();

    /** Module names in a stable order, e.g. {@code vision, projector, lm, denoiser}. */
    List<String> modules();

    /** The module {@code p} belongs to (one of {@link #modules()}). */
    String moduleOf(Parameter p);

    /**
     * Forward pass and loss terms for one batch, recorded for gradients. Every array is created in
     * {@code scope} (the trainer closes it after the step). Randomness (noise draws, latent
     * samples) comes only from {@code rng}, which the trainer derives from (seed, step) so that a
     * resumed run draws exactly what an uninterrupted one would.
     */
    LossTerms loss(B batch, SplittableRandom rng, NDManager scope);

    /** Validation metrics of one batch without gradients (e.g. answer accuracy); may be empty. */
    default java.util.Map<String, Double> evaluate(B batch, NDManager scope) {
        return java.util.Map.of();
    }
}
