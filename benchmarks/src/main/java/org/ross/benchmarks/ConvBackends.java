package org.ross.benchmarks;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.ross.core.nn.Conv2dLayer;
import org.ross.core.nn.ParameterSet;
import org.ross.core.nn.TransformerInitializers;
import org.ross.core.tokenizer.TokenizerConfig;

/**
 * The tokenizer's convolutions two ways, forward and backward at the tokenizer's training batch:
 * {@link Conv2dLayer} (the engine's convolution on channel counts padded with zeros to whole blocks of
 * 16, what the product uses) against the engine's convolution called directly (PyTorch's, oneDNN on the
 * CPU), the baseline. Per layer of the Sort-of-CLEVR tokenizer (64x64 RGB, widths 16/32, f = 4;
 * Fashion-MNIST's is the same at 32x32 grey): milliseconds per forward + backward, and the direct
 * call's agreement with {@link Conv2dLayer} on identical inputs: how many calls gave a non-finite input
 * gradient, and the largest relative difference of the finite ones ({@code Conv2dLayerTest} checks
 * {@link Conv2dLayer} against the textbook loops).
 *
 * <p>{@code --quick}: fewer timed calls. {@code --batch N} (64), {@code --calls N} (20).
 */
public final class ConvBackends {

    private static final String NAME = "conv-backends";

    /**
     * One convolution of the tokenizer, occurring {@code count} times; {@code inputGradient} is false only for
     * the first layer.
     */
    private record Layer(String name, int count, int in, int out, int kernel, int stride, int size,
                         boolean inputGradient) {

        /** Output side with the tokenizer's padding {@code kernel / 2}. */
        int outSize() {
            return (size + 2 * (kernel / 2) - kernel) / stride + 1;
        }

        String label() {
            return count == 1 ? name : name + " (x" + count + ")";
        }
    }

    /** The layers of the two-level KL-VAE of {@code c} (VaeEncoder, VaeDecoder), with its widths. */
    private static List<Layer> tokenizer(TokenizerConfig c) {
        int s = c.imageSize();
        int ch = c.imageChannels();
        int w0 = c.widthAt(0);
        int w1 = c.widthAt(1);
        int w2 = c.widthAt(2);
        int cz = c.latentChannels();
        return List.of(
                new Layer("encoder.conv_in", 1, ch, w0, 3, 1, s, false),
                new Layer("encoder.down.0.downsample", 1, w0, w1, 3, 2, s, true),
                new Layer("encoder.down.0.block", 2, w1, w1, 3, 1, s / 2, true),
                new Layer("encoder.down.1.downsample", 1, w1, w2, 3, 2, s / 2, true),
                new Layer("encoder.down.1.block + mid", 4, w2, w2, 3, 1, s / 4, true),
                new Layer("encoder.conv_out", 1, w2, 2 * cz, 3, 1, s / 4, true),
                new Layer("decoder.conv_in", 1, cz, w2, 3, 1, s / 4, true),
                new Layer("decoder.mid", 2, w2, w2, 3, 1, s / 4, true),
                new Layer("decoder.up.1 upsample + block", 3, w2, w1, 3, 1, s / 2, true),
                new Layer("decoder.up.0.upsample", 1, w1, w0, 3, 1, s, true),
                new Layer("decoder.up.0.block", 2, w0, w0, 3, 1, s, true),
                new Layer("decoder.conv_out", 1, w0, ch, 3, 1, s, true));
    }

    /** Input gradient and weight gradient of {@code sum(y * r)}; the parameters' gradients are zeroed after. */
    private record Grads(float[] input, float[] weight) {
    }

    private static Grads step(Conv2dLayer conv, ParameterSet ps, Layer layer, boolean direct, float[] x, float[] r,
                              int batch) {
        int outSize = layer.outSize();
        try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
            NDArray in = m.create(x, new Shape(batch, layer.in(), layer.size(), layer.size()));
            in.setRequiresGradient(layer.inputGradient());
            try (GradientCollector collector = Engine.getEngine("PyTorch").newGradientCollector()) {
                NDArray y = direct
                        ? in.getNDArrayInternal().convolution(in, conv.weight.array(), conv.bias.array(),
                        new Shape(layer.stride(), layer.stride()), new Shape(layer.kernel() / 2, layer.kernel() / 2),
                        new Shape(1, 1), 1).singletonOrThrow()
                        : conv.forward(in);
                collector.backward(y.mul(m.create(r, new Shape(batch, layer.out(), outSize, outSize))).sum());
            }
            float[] gx = layer.inputGradient() ? in.getGradient().toFloatArray() : new float[0];
            float[] gw = conv.weight.array().getGradient().toFloatArray();
            ps.zeroGradients();
            return new Grads(gx, gw);
        }
    }

    public static void main(String[] args) throws Exception {
        Flags flags = Flags.parse(args, List.of("quick"), List.of("batch", "calls"));
        boolean quick = flags.has("quick");
        int batch = flags.integer("batch", 64);
        int calls = flags.integer("calls", quick ? 5 : 20);
        BenchmarkReport report = new BenchmarkReport(NAME, ("./ross bench " + NAME + " " + String.join(" ", args)).trim());
        report.columns("layer (Sort-of-CLEVR tokenizer)", "in -> out, stride, side", "direct ms", "padded ms",
                "ratio (padded/direct)", "direct: non-finite input gradients", "direct vs padded: max rel. diff (finite calls)");
        SplittableRandom rng = new SplittableRandom(1);
        double directTotal = 0;
        double paddedTotal = 0;
        int nonFinite = 0;
        int checked = 0;
        double worst = 0;
        TokenizerConfig clevr = new TokenizerConfig(64, 3, 4, 4, TokenizerConfig.DEFAULT_BASE_WIDTH,
                TokenizerConfig.DEFAULT_BETA); // VqaExperiment's Sort-of-CLEVR tokenizer
        if (clevr.levels() != 2) {
            throw new IllegalStateException("the layer list below is written for two levels, not " + clevr.levels());
        }
        for (Layer layer : tokenizer(clevr)) {
            try (ParameterSet ps = new ParameterSet(Device.cpu())) {
                Conv2dLayer conv = new Conv2dLayer(ps, "conv", layer.in(), layer.out(), layer.kernel(),
                        layer.stride(), layer.kernel() / 2);
                ps.materialize(p -> TransformerInitializers.gaussian(p.size(), 0.1, rng));
                int outSize = layer.outSize();
                float[] x = TransformerInitializers.gaussian(batch * layer.in() * layer.size() * layer.size(), 1, rng);
                float[] r = TransformerInitializers.gaussian(batch * layer.out() * outSize * outSize, 1, rng);
                double[] ms = new double[2];
                int bad = 0;
                double diff = 0;
                for (int warm = 0; warm < 2; warm++) {
                    step(conv, ps, layer, true, x, r, batch);
                    step(conv, ps, layer, false, x, r, batch);
                }
                for (int call = 0; call < calls; call++) {
                    long t0 = System.nanoTime();
                    Grads e = step(conv, ps, layer, true, x, r, batch);
                    long t1 = System.nanoTime();
                    Grads i = step(conv, ps, layer, false, x, r, batch);
                    long t2 = System.nanoTime();
                    ms[0] += (t1 - t0) / 1e6;
                    ms[1] += (t2 - t1) / 1e6;
                    boolean finite = true;
                    for (float v : e.input()) {
                        finite &= Float.isFinite(v);
                    }
                    if (!finite) {
                        bad++;
                    } else {
                        diff = Math.max(diff, Math.max(relativeDifference(e.input(), i.input()),
                                relativeDifference(e.weight(), i.weight())));
                    }
                }
                double directMs = ms[0] / calls;
                double paddedMs = ms[1] / calls;
                directTotal += layer.count() * directMs;
                paddedTotal += layer.count() * paddedMs;
                nonFinite += bad;
                checked += calls;
                worst = Math.max(worst, diff);
                report.row(layer.label(), String.format(Locale.ROOT, "%d -> %d, %d, %d", layer.in(), layer.out(),
                                layer.stride(), layer.size()), directMs, paddedMs, paddedMs / directMs,
                        bad + "/" + calls, String.format(Locale.ROOT, "%.2e", diff));
            }
        }
        report.row("**all convolutions of one training step**", "", directTotal, paddedTotal,
                paddedTotal / directTotal, nonFinite + "/" + checked, String.format(Locale.ROOT, "%.2e", worst));
        report.note(String.format(Locale.ROOT, "Batch %d, %d timed calls per layer and backend after 2 warm-up calls, "
                + "each call a fresh forward and backward of sum(y * r) with the same x, r and weights; the direct "
                + "and padded calls alternate. \"(xN)\" layers occur N times in the tokenizer and count N times in the "
                + "total. Relative difference: max |direct - padded| / max |padded| over the input and weight "
                + "gradients. CPU: %s.", batch, calls, Machine.describe()));
        report.result("padded_over_direct_step_time", paddedTotal / directTotal)
                .result("direct_nonfinite_input_gradients", nonFinite)
                .result("direct_max_relative_difference", worst);
        report.write(Path.of("benchmarks", "results"), quick);
    }

    private static double relativeDifference(float[] a, float[] b) {
        double maxDiff = 0;
        double maxAbs = 0;
        for (int i = 0; i < a.length; i++) {
            maxDiff = Math.max(maxDiff, Math.abs(a[i] - b[i]));
            maxAbs = Math.max(maxAbs, Math.abs(b[i]));
        }
        return maxAbs == 0 ? maxDiff : maxDiff / maxAbs;
    }

    private ConvBackends() {
    }
}
