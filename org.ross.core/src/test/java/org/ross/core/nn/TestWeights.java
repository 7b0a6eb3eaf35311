package org.ross.core.nn;

import java.util.SplittableRandom;

/** Random values for every parameter (biases and gains included), so that tests exercise them all. */
final class TestWeights {

    private TestWeights() {
    }

    static void randomize(ParameterSet ps, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        ps.materialize(p -> TransformerInitializers.gaussian(p.size(), 0.3, rng));
    }

    static float[] gaussian(int n, long seed) {
        return TransformerInitializers.gaussian(n, 1, new SplittableRandom(seed));
    }
}
