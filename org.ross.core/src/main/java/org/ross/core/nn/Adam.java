package org.ross.core.nn;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

import java.util.HashMap;
import java.util.Map;

/**
 * Adam (Kingma and Ba 2015, algorithm 1) over a {@link ParameterSet}, without weight decay. The
 * moments live in this optimiser's own manager, so closing it frees them (DJL's {@code Adam}
 * keeps them in the weights' manager, where they would outlive one fit).
 *
 * <p>Call {@link #step} after {@code backward}, outside the gradient collector; it also zeroes the
 * gradients, which PyTorch otherwise accumulates.
 */
public final class Adam implements AutoCloseable {

    private final float beta1;
    private final float beta2;
    private final float epsilon;
    private final NDManager manager;
    private final Map<String, NDArray> m = new HashMap<>(); // first moments
    private final Map<String, NDArray> v = new HashMap<>(); // second moments
    private int t;

    public Adam(Device device, float beta1, float beta2, float epsilon) {
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.epsilon = epsilon;
        this.manager = NDManager.newBaseManager(device);
    }

    /** The paper's defaults: beta1 0.9, beta2 0.999, epsilon 1e-8. */
    public static Adam withDefaults(Device device) {
        return new Adam(device, 0.9f, 0.999f, 1e-8f);
    }

    /** One update with step size {@code lr}; temporaries go to {@code scope}. */
    public void step(ParameterSet parameters, float lr, NDManager scope) {
        t++;
        double c1 = 1 - Math.pow(beta1, t);
        double c2 = 1 - Math.pow(beta2, t);
        for (Parameter p : parameters.parameters()) {
            NDArray w = p.array();
            NDArray g = w.getGradient(); // a new handle per call: it belongs to this step's scope
            g.attach(scope);
            NDArray mt = m.computeIfAbsent(p.name(), k -> manager.zeros(w.getShape()));
            NDArray vt = v.computeIfAbsent(p.name(), k -> manager.zeros(w.getShape()));
            mt.muli(beta1).addi(g.mul(1 - beta1)); // m_t = b1 m + (1 - b1) g
            vt.muli(beta2).addi(g.square().muli(1 - beta2)); // v_t = b2 v + (1 - b2) g^2
            NDArray vHat = vt.div(c2); // v_t / (1 - b2^t)
            vHat.attach(scope); // results of ops on the moments land in this optimiser's manager otherwise
            NDArray denominator = vHat.sqrt().addi(epsilon);
            NDArray update = mt.div(denominator);
            update.attach(scope);
            w.subi(update.muli(lr / c1)); // w -= lr * m_hat / (sqrt(v_hat) + eps)
        }
        parameters.zeroGradients();
    }

    @Override
    public void close() {
        manager.close();
    }
}
