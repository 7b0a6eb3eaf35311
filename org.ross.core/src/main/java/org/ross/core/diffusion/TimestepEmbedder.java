package org.ross.core.diffusion;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.ross.core.nn.Activations;
import org.ross.core.nn.Linear;
import org.ross.core.nn.ParameterSet;

/**
 * DiT's {@code TimestepEmbedder}: a sinusoidal frequency embedding of the integer timestep
 * (as in the transformer's positions; GLIDE/ADM's {@code timestep_embedding}) followed by
 * {@code Linear -> SiLU -> Linear} into the denoiser width.
 */
public final class TimestepEmbedder {

    /** DiT's {@code frequency_embedding_size}. */
    public static final int FREQUENCY_EMBEDDING_SIZE = 256;
    static final double MAX_PERIOD = 10000;

    public final Linear mlp0;
    public final Linear mlp2;

    public TimestepEmbedder(ParameterSet ps, String name, int width) {
        this.mlp0 = new Linear(ps, name + ".mlp.0", FREQUENCY_EMBEDDING_SIZE, width);
        this.mlp2 = new Linear(ps, name + ".mlp.2", width, width);
    }

    public NDArray forward(int[] t, NDManager manager) { // (B) -> (B, D)
        NDArray freq = manager.create(frequencyEmbedding(t, FREQUENCY_EMBEDDING_SIZE),
                new Shape(t.length, FREQUENCY_EMBEDDING_SIZE)); // (B, 256)
        return mlp2.forward(Activations.silu(mlp0.forward(freq))); // (B, D)
    }

    /**
     * Row {@code i}: {@code [cos(t_i w_0) .. cos(t_i w_{h-1}), sin(t_i w_0) .. sin(t_i w_{h-1})]} with
     * {@code w_j = MAX_PERIOD^(-j / h)}, {@code h = dim / 2}.
     */
    public static float[] frequencyEmbedding(int[] t, int dim) {
        int half = dim / 2;
        float[] out = new float[t.length * dim];
        for (int i = 0; i < t.length; i++) {
            for (int j = 0; j < half; j++) {
                double arg = t[i] * Math.exp(-Math.log(MAX_PERIOD) * j / half);
                out[i * dim + j] = (float) Math.cos(arg);
                out[i * dim + half + j] = (float) Math.sin(arg);
            }
        }
        return out;
    }
}
