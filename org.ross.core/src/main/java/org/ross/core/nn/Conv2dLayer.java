package org.ross.core.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;

/**
 * A 2D convolution {@code y = W * x + b} with square kernel, stride and symmetric zero padding, by the
 * engine's convolution on channel counts padded with zeros to a multiple of {@value #CHANNEL_BLOCK}.
 * On CPUs with AVX-512, PyTorch 2.7's oneDNN kernels store channels in blocks of 16 and pad a partial
 * block themselves; their backward pass then read that padding from memory it never wrote, so the
 * input gradient of a layer with 3 or 8 channels came out wrong (relative error near 0.5) or NaN,
 * depending on what the memory held. Zero channels we add ourselves are real zeros: they change
 * neither the output nor the gradients of the real channels. Input channels are padded only when the
 * input's gradient will be computed (not for a model's first layer, not at inference), since the
 * forward and weight-gradient kernels were right (see docs/architecture.md, "Convolutions on whole
 * channel blocks").
 */
public final class Conv2dLayer {

    /** oneDNN's widest channel block (AVX-512, 16 floats); the narrower ones (8, 4) divide it. */
    static final int CHANNEL_BLOCK = 16;

    public final Parameter weight; // (out, in, k, k)
    public final Parameter bias;   // (out)
    private final int in;
    private final int out;
    private final Shape stride;
    private final Shape padding;

    public Conv2dLayer(ParameterSet ps, String name, int in, int out, int kernel, int stride, int padding) {
        this.weight = ps.declare(name + ".weight", in * kernel * kernel, out, in, kernel, kernel);
        this.bias = ps.declare(name + ".bias", in * kernel * kernel, out);
        this.in = in;
        this.out = out;
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
        Shape s = x.getShape();
        if (s.dimension() != 4 || s.get(1) != in) {
            throw new IllegalArgumentException("convolution input has shape " + s + "; expected (batch, " + in
                    + ", height, width)");
        }
        int inPadded = requiresGradient(x) ? wholeBlocks(in) : in; // the forward and weight-gradient kernels are right
        int outPadded = wholeBlocks(out);
        NDArray xs = in == inPadded ? x : x.pad(new Shape(0, 0, 0, 0, 0, inPadded - in), 0); // (B, in', H, W)
        NDArray w = weight.array();
        NDArray b = bias.array();
        if (in != inPadded || out != outPadded) {
            // padded copies of the parameters belong to the input's scope, not to the parameters' manager
            w = w.pad(new Shape(0, 0, 0, 0, 0, inPadded - in, 0, outPadded - out), 0); // (out', in', k, k)
            w.attach(x.getManager());
            b = b.pad(new Shape(0, outPadded - out), 0); // (out')
            b.attach(x.getManager());
        }
        NDArray y = x.getNDArrayInternal()
                .convolution(xs, w, b, stride, padding, new Shape(1, 1), 1)
                .singletonOrThrow(); // (B, out', H', W')
        return out == outPadded ? y : y.get(new NDIndex(":, 0:{}", out)); // (B, out, H', W')
    }

    /** Whether autograd will compute {@code x}'s gradient: a leaf that asks for it, or a result of one. */
    private static boolean requiresGradient(NDArray x) {
        return x instanceof PtNDArray pt && JniUtils.requiresGrad(pt);
    }

    private static int wholeBlocks(int channels) {
        return (channels + CHANNEL_BLOCK - 1) / CHANNEL_BLOCK * CHANNEL_BLOCK;
    }
}
