package org.ross.core.nn;

import ai.djl.ndarray.NDArray;

import java.util.Arrays;

/**
 * One named weight of a model: declared with its shape and fan-in when a layer is built, given its
 * values once by {@link ParameterSet#materialize}.
 */
public final class Parameter {

    private final String name;
    private final long[] shape;
    private final int fanIn;
    private NDArray array;

    Parameter(String name, long[] shape, int fanIn) {
        this.name = name;
        this.shape = shape.clone();
        this.fanIn = fanIn;
    }

    public String name() {
        return name;
    }

    public long[] shape() {
        return shape.clone();
    }

    /** Number of inputs that feed one output (for initialisation bounds). */
    public int fanIn() {
        return fanIn;
    }

    public int size() {
        return Math.toIntExact(Arrays.stream(shape).reduce(1, (a, b) -> a * b));
    }

    /** The live value; owned by the {@link ParameterSet}'s manager. */
    public NDArray array() {
        if (array == null) {
            throw new IllegalStateException("parameter " + name + " has no value yet; call materialize first");
        }
        return array;
    }

    void set(NDArray value) {
        this.array = value;
    }
}
