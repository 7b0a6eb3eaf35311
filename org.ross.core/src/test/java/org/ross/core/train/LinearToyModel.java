package org.ross.core.train;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.ross.core.model.FloatTensor;
import org.ross.core.nn.Initializers;
import org.ross.core.nn.Parameter;
import org.ross.core.nn.ParameterSet;

/**
 * Linear regression {@code y_hat = x w + b} split into two modules, "weight" and "bias", with
 * {@code L_text = mean((y_hat - y)^2)} and a noisy second term
 * {@code L_visual = mean((y_hat + sigma * eps - y)^2)}, eps drawn from the trainer's generator.
 */
final class LinearToyModel implements TrainableModel<LinearToyModel.Batch>, AutoCloseable {

    record Batch(NDArray x, NDArray y) { // (B, D), (B, 1)
    }

    enum Poison { NONE, LOSS, GRADIENT }

    final int dim;
    final ParameterSet parameters = new ParameterSet(Device.cpu());
    final Parameter weight;
    final Parameter bias;
    final float sigma;
    final AtomicInteger lossCalls = new AtomicInteger();
    Poison poison = Poison.NONE;
    int poisonFromCall = Integer.MAX_VALUE;
    int poisonUntilCall = Integer.MAX_VALUE;

    LinearToyModel(int dim, float sigma, long initSeed) {
        this.dim = dim;
        this.sigma = sigma;
        this.weight = parameters.declare("weight", dim, dim, 1);
        this.bias = parameters.declare("bias", dim, 1);
        SplittableRandom rng = new SplittableRandom(initSeed);
        parameters.materialize(p -> Initializers.torchDefault(p, rng));
    }

    @Override
    public ParameterSet parameters() {
        return parameters;
    }

    @Override
    public List<String> modules() {
        return List.of("weight", "bias");
    }

    @Override
    public String moduleOf(Parameter p) {
        return p.name();
    }

    @Override
    public LossTerms loss(Batch batch, SplittableRandom rng, NDManager scope) {
        int call = lossCalls.incrementAndGet();
        int b = (int) batch.x().getShape().get(0);
        NDArray yHat = batch.x().matMul(weight.array()).add(bias.array()); // (B, 1)
        NDArray text = yHat.sub(batch.y()).square().mean(); // ()
        float[] eps = new float[b];
        for (int i = 0; i < b; i++) {
            eps[i] = (float) (gaussian(rng) * sigma);
        }
        NDArray visual = yHat.add(scope.create(eps, new Shape(b, 1))).sub(batch.y()).square().mean(); // ()
        NDArray total = text.add(visual);
        if (call >= poisonFromCall && poison == Poison.LOSS) {
            total = total.mul(Float.NaN);
        } else if (call >= poisonFromCall && call <= poisonUntilCall && poison == Poison.GRADIENT) {
            // value 0, derivative of sqrt at 0 is infinite
            total = total.add(bias.array().sub(bias.array().stopGradient()).abs().sqrt().sum());
        }
        return new LossTerms(total, text, visual, b);
    }

    @Override
    public Map<String, Double> evaluate(Batch batch, NDManager scope) {
        NDArray yHat = batch.x().matMul(weight.array()).add(bias.array());
        NDArray close = yHat.sub(batch.y()).abs().lt(0.5f).toType(ai.djl.ndarray.types.DataType.FLOAT32, false);
        return Map.of(Trainer.ACCURACY, (double) close.mean().getFloat());
    }

    Map<String, FloatTensor> weights() {
        return parameters.toTensors();
    }

    /** The example-mean L_text of {@code data} under the current weights, in Java. */
    double meanSquaredError(ToyData data) {
        float[] w = weight.array().toFloatArray();
        float b = bias.array().getFloat();
        double sum = 0;
        for (int i = 0; i < data.x.length; i++) {
            double p = b;
            for (int j = 0; j < dim; j++) {
                p += data.x[i][j] * w[j];
            }
            sum += (p - data.y[i]) * (p - data.y[i]);
        }
        return sum / data.x.length;
    }

    private static double gaussian(SplittableRandom rng) { // Box-Muller
        double u = 1 - rng.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng.nextDouble());
    }

    @Override
    public void close() {
        parameters.close();
    }

    /** Examples of {@code y = x . wTrue + bTrue} (times {@code sign}), generated from a seed. */
    static final class ToyData implements BatchSource<Batch> {
        final float[][] x;
        final float[] y;

        ToyData(int n, int dim, long seed, float sign) {
            SplittableRandom rng = new SplittableRandom(seed);
            x = new float[n][dim];
            y = new float[n];
            for (int i = 0; i < n; i++) {
                double t = 0.5;
                for (int j = 0; j < dim; j++) {
                    x[i][j] = (float) (2 * rng.nextDouble() - 1);
                    t += x[i][j] * (j + 1) * 0.7;
                }
                y[i] = (float) (sign * t);
            }
        }

        @Override
        public int size() {
            return y.length;
        }

        @Override
        public Batch batch(int[] indices, NDManager scope) {
            float[] xs = new float[indices.length * x[0].length];
            float[] ys = new float[indices.length];
            for (int i = 0; i < indices.length; i++) {
                System.arraycopy(x[indices[i]], 0, xs, i * x[0].length, x[0].length);
                ys[i] = y[indices[i]];
            }
            return new Batch(scope.create(xs, new Shape(indices.length, x[0].length)),
                    scope.create(ys, new Shape(indices.length, 1)));
        }
    }
}
