package org.ross.core.nn;

import ai.djl.ndarray.NDArray;

/**
 * A fully connected layer {@code y = x W^T + b} over the last axis, with PyTorch's weight layout.
 * Computed by the engine's fused {@code linear} on the input, so that the result (and every
 * intermediate) belongs to the input's scope, never to the parameters' manager.
 */
public final class Linear {

    public final Parameter weight; // (out, in)
    public final Parameter bias;   // (out), null without bias

    public Linear(ParameterSet ps, String name, int in, int out, boolean bias) {
        this.weight = ps.declare(name + ".weight", in, out, in);
        this.bias = bias ? ps.declare(name + ".bias", in, out) : null;
    }

    public Linear(ParameterSet ps, String name, int in, int out) {
        this(ps, name, in, out, true);
    }

    public NDArray forward(NDArray x) { // (..., in) -> (..., out)
        return apply(x, weight.array(), bias == null ? null : bias.array()); // (..., out)
    }

    /** {@code x W^T + b} with a result owned by {@code x}'s manager; {@code b} may be null. */
    public static NDArray apply(NDArray x, NDArray w, NDArray b) { // (..., in), (out, in) -> (..., out)
        return x.getNDArrayInternal().linear(x, w, b).singletonOrThrow();
    }
}
