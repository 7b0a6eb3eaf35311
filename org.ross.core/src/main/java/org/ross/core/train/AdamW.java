package org.ross.core.train;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.ross.core.model.FloatTensor;

/**
 * Adam with decoupled weight decay (Loshchilov and Hutter, "Decoupled Weight Decay
 * Regularization"), written out on NDArrays in the arrangement of {@code torch.optim.AdamW}. Its
 * state is the first and second moments {@code m}, {@code v} of every weight it has updated and
 * the update count {@code t}; weights it never sees (frozen modules) get no state.
 *
 * <p>The moments live in this optimizer's own manager until {@link #close()}; each {@link #step}
 * borrows them into the caller's scope so that every temporary of the update is freed with it.
 */
public final class AdamW implements AutoCloseable {

    /** Keys of the moments in {@link #state()}: {@code exp_avg/<weight>} and {@code exp_avg_sq/<weight>}. */
    public static final String M_PREFIX = "exp_avg/";
    public static final String V_PREFIX = "exp_avg_sq/";

    /** The hyper-parameters shared by all weights. */
    public record Hyper(double beta1, double beta2, double eps, double weightDecay) {
        static Hyper of(TrainerConfig c) {
            return new Hyper(c.beta1(), c.beta2(), c.eps(), c.weightDecay());
        }
    }

    /** One weight to update: its name, value (updated in place), gradient and learning rate. */
    public record Update(String name, NDArray w, NDArray g, double lr) {
    }

    private final Hyper hyper;
    private final NDManager manager;
    private final Map<String, NDArray> m = new TreeMap<>();
    private final Map<String, NDArray> v = new TreeMap<>();
    private long t;

    public AdamW(Hyper hyper, Device device) {
        this.hyper = hyper;
        this.manager = NDManager.newBaseManager(device);
    }

    /** Updates performed so far (the bias-correction exponent of the next update minus one). */
    public long steps() {
        return t;
    }

    /**
     * One optimizer step: {@code t} grows by one and every weight in {@code updates} is updated in
     * place. Every temporary is created in {@code scope}.
     */
    public void step(List<Update> updates, NDManager scope) {
        t++;
        for (Update u : updates) {
            NDArray mi = m.computeIfAbsent(u.name(), k -> manager.zeros(u.w().getShape()));
            NDArray vi = v.computeIfAbsent(u.name(), k -> manager.zeros(u.w().getShape()));
            scope.tempAttachAll(mi, vi); // returned to this optimizer's manager when scope closes
            update(u.w(), u.g(), mi, vi, t, u.lr(), hyper);
        }
    }

    /**
     * The AdamW update of one weight, in place on {@code w}, {@code m} and {@code v}:
     * <pre>
     *   w &larr; w (1 - lr * weightDecay)
     *   m &larr; beta1 m + (1 - beta1) g
     *   v &larr; beta2 v + (1 - beta2) g^2
     *   w &larr; w - lr / (1 - beta1^t) * m / (sqrt(v) / sqrt(1 - beta2^t) + eps)
     * </pre>
     * Temporaries are created in the managers of {@code g}, {@code v} and {@code m}.
     *
     * @param t the update count including this update (1 for the first)
     */
    public static void update(NDArray w, NDArray g, NDArray m, NDArray v, long t, double lr, Hyper h) {
        double biasCorrection1 = 1 - Math.pow(h.beta1(), t);
        double biasCorrection2 = 1 - Math.pow(h.beta2(), t);
        if (h.weightDecay() != 0) {
            w.muli((float) (1 - lr * h.weightDecay()));
        }
        m.muli((float) h.beta1()).addi(g.mul((float) (1 - h.beta1()))); // (shape of w)
        v.muli((float) h.beta2()).addi(g.square().muli((float) (1 - h.beta2()))); // (shape of w)
        NDArray denominator = v.sqrt().divi((float) Math.sqrt(biasCorrection2)).addi((float) h.eps());
        w.subi(m.div(denominator).muli((float) (lr / biasCorrection1)));
    }

    /** The moments as Java data, keyed {@code exp_avg/<name>} and {@code exp_avg_sq/<name>}. */
    public Map<String, FloatTensor> state() {
        Map<String, FloatTensor> out = new TreeMap<>();
        m.forEach((name, a) -> out.put(M_PREFIX + name, tensor(a)));
        v.forEach((name, a) -> out.put(V_PREFIX + name, tensor(a)));
        return out;
    }

    /** Replaces all state by saved moments and update count (from {@link #state()} and {@link #steps()}). */
    public void restore(Map<String, FloatTensor> saved, long steps) {
        if (steps < 0) {
            throw new IllegalArgumentException("optimizer step count must be 0 or more, found " + steps);
        }
        clear();
        for (Map.Entry<String, FloatTensor> e : saved.entrySet()) {
            String key = e.getKey();
            FloatTensor value = e.getValue();
            NDArray a = manager.create(value.data(), new Shape(value.shape()));
            if (key.startsWith(M_PREFIX)) {
                m.put(key.substring(M_PREFIX.length()), a);
            } else if (key.startsWith(V_PREFIX)) {
                v.put(key.substring(V_PREFIX.length()), a);
            } else {
                a.close();
                throw new IllegalArgumentException("optimizer state holds '" + key + "'; expected names starting with "
                        + M_PREFIX + " or " + V_PREFIX);
            }
        }
        if (!m.keySet().equals(v.keySet())) {
            throw new IllegalArgumentException("optimizer state has first moments for " + m.keySet()
                    + " but second moments for " + v.keySet());
        }
        t = steps;
    }

    /** The weights that have state; frozen weights never appear. */
    public Set<String> weightsWithState() {
        return Collections.unmodifiableSet(m.keySet());
    }

    @Override
    public void close() {
        manager.close();
    }

    private void clear() {
        m.values().forEach(NDArray::close);
        v.values().forEach(NDArray::close);
        m.clear();
        v.clear();
        t = 0;
    }

    private static FloatTensor tensor(NDArray a) {
        return new FloatTensor(a.getShape().getShape(), a.toFloatArray());
    }
}
