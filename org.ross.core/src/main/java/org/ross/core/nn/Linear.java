package org.ross.core.nn;

import ai.djl.ndarray.NDArray;

/** A fully connected layer {@code y = x W^T + b} over the last axis, with PyTorch's weight layout. */
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
        NDArray y = x.matMul(weight.array().transpose()); // (..., out)
        return bias == null ? y : y.add(bias.array());
    }
}
