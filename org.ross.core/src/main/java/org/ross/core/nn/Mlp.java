package org.ross.core.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Activation;

/** The transformer feed-forward network {@code fc2(GELU(fc1(x)))} with hidden width {@code ratio * D}. */
public final class Mlp {

    public final Linear fc1;
    public final Linear fc2;

    public Mlp(ParameterSet ps, String name, int width, int hidden) {
        this.fc1 = new Linear(ps, name + ".fc1", width, hidden);
        this.fc2 = new Linear(ps, name + ".fc2", hidden, width);
    }

    public NDArray forward(NDArray x) { // (..., D) -> (..., D)
        return fc2.forward(Activation.gelu(fc1.forward(x))); // (..., D)
    }
}
