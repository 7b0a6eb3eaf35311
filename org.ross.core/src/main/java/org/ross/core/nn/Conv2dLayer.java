package org.ross.core.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/** A 2D convolution {@code y = W * x + b} with square kernel, stride and symmetric zero padding. */
public final class Conv2dLayer {

    public final Parameter weight; // (out, in, k, k)
    public final Parameter bias;   // (out)
    private final Shape stride;
    private final Shape padding;

    public Conv2dLayer(ParameterSet ps, String name, int in, int out, int kernel, int stride, int padding) {
        this.weight = ps.declare(name + ".weight", in * kernel * kernel, out, in, kernel, kernel);
        this.bias = ps.declare(name + ".bias", in * kernel * kernel, out);
        this.stride = new Shape(stride, stride);
        this.padding = new Shape(padding, padding);
    }

    /** A 3x3 convolution that keeps the spatial size (stride 1) or halves it (stride 2). */
    public static Conv2dLayer conv3x3(ParameterSet ps, String name, int in, int out, int stride) {
        return new Conv2dLayer(ps, name, in, out, 3, stride, 1);
    }

    public static Conv2dLayer conv1x1(ParameterSet ps, String name, int in, int out) {
        return new Conv2dLayer(ps, name, in, out, 1, 1, 0);
    }

    public NDArray forward(NDArray x) { // (B, in, H, W) -> (B, out, H', W')
        return x.getNDArrayInternal()
                .convolution(x, weight.array(), bias.array(), stride, padding, new Shape(1, 1), 1)
                .singletonOrThrow();
    }
}
