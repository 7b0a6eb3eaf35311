package org.ross.core.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Activation;

/** Element-wise activations that DJL does not offer under the name the literature uses. */
public final class Activations {

    private Activations() {
    }

    /** SiLU (swish with beta 1): {@code x * sigmoid(x)}. */
    public static NDArray silu(NDArray x) {
        return x.mul(Activation.sigmoid(x));
    }
}
