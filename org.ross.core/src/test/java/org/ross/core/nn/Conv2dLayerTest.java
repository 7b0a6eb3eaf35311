package org.ross.core.nn;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class Conv2dLayerTest {

    /** Output, input gradient and weight gradient of one layer for {@code loss = sum(y * r)}. */
    private record Result(float[] y, float[] gradX, float[] gradW, float[] gradB) {
    }

    private static Result run(Conv2dLayer conv, ParameterSet ps, float[] x, Shape xShape, float[] r, Shape yShape) {
        try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
            NDArray in = m.create(x, xShape);
            in.setRequiresGradient(true);
            float[] y;
            try (GradientCollector collector = Engine.getEngine("PyTorch").newGradientCollector()) {
                NDArray out = conv.forward(in);
                assertEquals(yShape, out.getShape());
                y = out.toFloatArray();
                collector.backward(out.mul(m.create(r, yShape)).sum());
            }
            Result result = new Result(y, in.getGradient().toFloatArray(),
                    conv.weight.array().getGradient().toFloatArray(), conv.bias.array().getGradient().toFloatArray());
            ps.zeroGradients(); // gradients accumulate; the next call starts from zero
            return result;
        }
    }

    /**
     * The convolution and both of its gradients against the textbook loops, for the shapes the
     * tokenizer uses: 3x3 at stride 1 and 2 with padding 1, and 1x1 without padding; channel
     * counts that are not multiples of a vector width.
     */
    @Test
    void forwardAndGradientsMatchTheDefinition() {
        int[][] cases = { // in, out, kernel, stride, padding, size
                {3, 5, 3, 1, 1, 6}, {5, 8, 3, 2, 1, 6}, {4, 3, 1, 1, 0, 5}, {8, 8, 3, 2, 1, 7}};
        int batch = 2;
        for (int[] c : cases) {
            int in = c[0];
            int out = c[1];
            int k = c[2];
            int stride = c[3];
            int pad = c[4];
            int size = c[5];
            int outSize = (size + 2 * pad - k) / stride + 1;
            try (ParameterSet ps = new ParameterSet(Device.cpu())) {
                Conv2dLayer conv = new Conv2dLayer(ps, "conv", in, out, k, stride, pad);
                TestWeights.randomize(ps, 7);
                float[] w = conv.weight.array().toFloatArray(); // (out, in, k, k)
                float[] b = conv.bias.array().toFloatArray();
                float[] x = TestWeights.gaussian(batch * in * size * size, 11);
                float[] r = TestWeights.gaussian(batch * out * outSize * outSize, 13);
                Result got = run(conv, ps, x, new Shape(batch, in, size, size), r,
                        new Shape(batch, out, outSize, outSize));

                double[] y = new double[r.length];
                double[] gx = new double[x.length];
                double[] gw = new double[w.length];
                double[] gb = new double[out];
                for (int n = 0; n < batch; n++) {
                    for (int o = 0; o < out; o++) {
                        for (int oy = 0; oy < outSize; oy++) {
                            for (int ox = 0; ox < outSize; ox++) {
                                int yi = ((n * out + o) * outSize + oy) * outSize + ox;
                                double sum = b[o];
                                gb[o] += r[yi];
                                for (int i = 0; i < in; i++) {
                                    for (int ky = 0; ky < k; ky++) {
                                        for (int kx = 0; kx < k; kx++) {
                                            int iy = oy * stride + ky - pad;
                                            int ix = ox * stride + kx - pad;
                                            if (iy < 0 || ix < 0 || iy >= size || ix >= size) {
                                                continue; // zero padding
                                            }
                                            int xi = ((n * in + i) * size + iy) * size + ix;
                                            int wi = ((o * in + i) * k + ky) * k + kx;
                                            sum += w[wi] * x[xi];
                                            gx[xi] += w[wi] * r[yi];
                                            gw[wi] += x[xi] * r[yi];
                                        }
                                    }
                                }
                                y[yi] = sum;
                            }
                        }
                    }
                }
                String where = java.util.Arrays.toString(c);
                assertClose(y, got.y(), "output " + where);
                assertClose(gx, got.gradX(), "input gradient " + where);
                assertClose(gw, got.gradW(), "weight gradient " + where);
                assertClose(gb, got.gradB(), "bias gradient " + where);
            }
        }
    }

    /**
     * The backward pass must be finite and the same on every call. PyTorch 2.7's oneDNN
     * backward-data kernel for AVX-512 pads 8 channels to 16 and, on some machines, reads the
     * padding from memory it never wrote: called directly, the engine's convolution gave a NaN input
     * gradient for this very shape (batch 8, 8 channels, 8x8) at call 40 of this loop, which made the
     * tokenizer's training diverge at random.
     */
    @Test
    void backwardIsFiniteAndRepeatableOverManyCalls() {
        try (ParameterSet ps = new ParameterSet(Device.cpu())) {
            Conv2dLayer conv = Conv2dLayer.conv3x3(ps, "conv", 8, 8, 1);
            TestWeights.randomize(ps, 3);
            float[] x = TestWeights.gaussian(8 * 8 * 64, 5);
            float[] r = TestWeights.gaussian(8 * 8 * 64, 9);
            Shape shape = new Shape(8, 8, 8, 8);
            Result first = run(conv, ps, x, shape, r, shape);
            for (int call = 1; call < 500; call++) {
                Result again = run(conv, ps, x, shape, r, shape);
                for (int i = 0; i < first.gradX().length; i++) {
                    assertTrue(Float.isFinite(again.gradX()[i]), "call " + call + ": input gradient " + i + " is "
                            + again.gradX()[i]);
                    assertEquals(first.gradX()[i], again.gradX()[i], "call " + call + ": input gradient " + i);
                }
            }
        }
    }

    private static void assertClose(double[] expected, float[] actual, String what) {
        assertEquals(expected.length, actual.length, what + ": length");
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], 1e-4 * (1 + Math.abs(expected[i])), what + " at " + i);
        }
    }
}
