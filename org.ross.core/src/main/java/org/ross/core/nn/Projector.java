package org.ross.core.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Activation;

/** LLaVA-1.5's vision-language connector: {@code Linear -> GELU -> Linear} from the vision width into the LM width. */
public final class Projector {

    public final Linear fc1;
    public final Linear fc2;

    public Projector(ParameterSet ps, String name, int visionWidth, int lmWidth) {
        this.fc1 = new Linear(ps, name + ".fc1", visionWidth, lmWidth);
        this.fc2 = new Linear(ps, name + ".fc2", lmWidth, lmWidth);
    }

    public NDArray forward(NDArray features) { // (B, N, Dv) -> (B, N, D)
        return fc2.forward(Activation.gelu(fc1.forward(features))); // (B, N, D)
    }
}
