package org.ross.core.nn;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import org.ross.core.model.FloatTensor;

import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * All weights of one model, in declaration order, owned by one {@link NDManager}. Layers
 * {@link #declare} their parameters while the model is built; the model then gives every parameter
 * its value in one {@link #materialize} call (from a seeded initialiser or from a file), so that
 * the same seed gives bit-identical weights on every engine.
 */
public final class ParameterSet implements AutoCloseable {

    private final NDManager manager;
    private final Map<String, Parameter> parameters = new LinkedHashMap<>();
    private boolean materialized;

    public ParameterSet(Device device) {
        this.manager = NDManager.newBaseManager(device);
    }

    public Parameter declare(String name, int fanIn, long... shape) {
        if (materialized) {
            throw new IllegalStateException("cannot declare " + name + " after materialize");
        }
        if (parameters.containsKey(name)) {
            throw new IllegalArgumentException("parameter " + name + " is declared twice");
        }
        Parameter p = new Parameter(name, shape, fanIn);
        parameters.put(name, p);
        return p;
    }

    /** Gives each declared parameter the values {@code init} returns for it, in declaration order. */
    public void materialize(Function<Parameter, float[]> init) {
        if (materialized) {
            throw new IllegalStateException("parameters are already materialized");
        }
        for (Parameter p : parameters.values()) {
            float[] values = init.apply(p);
            if (values.length != p.size()) {
                throw new IllegalArgumentException("parameter " + p.name() + " has shape "
                        + Arrays.toString(p.shape()) + " (" + p.size() + " values) but " + values.length
                        + " values were given");
            }
            NDArray a = manager.create(values, new Shape(p.shape()));
            a.setRequiresGradient(true);
            p.set(a);
        }
        materialized = true;
    }

    /** Materializes from saved weights, checking that names and shapes match exactly. */
    public void materialize(Map<String, FloatTensor> saved) {
        for (String name : saved.keySet()) {
            if (!parameters.containsKey(name)) {
                throw new IllegalArgumentException("saved weights hold '" + name + "', which this model "
                        + "does not have; the weights were written for a different architecture");
            }
        }
        materialize(p -> {
            FloatTensor t = saved.get(p.name());
            if (t == null) {
                throw new IllegalArgumentException("saved weights lack '" + p.name() + "'; the weights "
                        + "were written for a different architecture");
            }
            if (!Arrays.equals(t.shape(), p.shape())) {
                throw new IllegalArgumentException("saved weight '" + p.name() + "' has shape "
                        + Arrays.toString(t.shape()) + ", expected " + Arrays.toString(p.shape()));
            }
            return t.data();
        });
    }

    public Collection<Parameter> parameters() {
        return Collections.unmodifiableCollection(parameters.values());
    }

    public long count() {
        return parameters.values().stream().mapToLong(Parameter::size).sum();
    }

    /** A copy of every value as Java data, sorted by name. */
    public Map<String, FloatTensor> toTensors() {
        Map<String, FloatTensor> out = new TreeMap<>();
        for (Parameter p : parameters.values()) {
            out.put(p.name(), new FloatTensor(p.shape(), p.array().toFloatArray()));
        }
        return out;
    }

    /**
     * Sets every parameter's gradient to zero in place ({@code zero_}, which also clears a NaN).
     * PyTorch accumulates into {@code .grad} across gradient collectors; see StepRunner.
     */
    public void zeroGradients() {
        for (Parameter p : parameters.values()) {
            JniUtils.zeroGrad((PtNDArray) p.array());
        }
    }

    /** Arrays the set's manager holds: the weights plus any optimiser state (for leak checks). */
    public int liveArrays() {
        return manager.getManagedArrays().size();
    }

    @Override
    public void close() {
        manager.close();
    }
}
