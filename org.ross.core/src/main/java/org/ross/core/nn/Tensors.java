package org.ross.core.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * Arrays from Java data whose memory belongs to the engine. On CPU, DJL's PyTorch
 * {@code NDManager.create} wraps a direct buffer without copying ({@code torch::from_blob}) and
 * keeps that buffer alive only through the Java array object: once the array is closed, the garbage
 * collector may free the memory although native tensors still use it (views, tensors the autograd
 * graph saved for the backward pass). Arrays that must outlive their Java handle come from here:
 * one copy into engine-owned memory. See docs/architecture.md, "Scalars freed before the backward
 * pass".
 */
public final class Tensors {

    private Tensors() {
    }

    /** A copy of {@code data} in engine memory, attached to {@code manager}. */
    public static NDArray owned(NDManager manager, float[] data, Shape shape) {
        try (NDArray borrowed = manager.create(data, shape)) {
            return borrowed.duplicate();
        }
    }

    /**
     * {@code x * c} for arrays in a recorded computation. DJL's {@code mul(Number)} wraps {@code c}
     * in a scalar array and closes it right after the product, but the backward pass reads that scalar
     * again ({@code d(x c)/dx = c}); once the garbage collector has freed its buffer, the gradient is
     * computed from whatever the memory then holds. Here the scalar lives in engine memory, in
     * {@code x}'s scope.
     */
    public static NDArray times(NDArray x, float c) {
        return x.mul(owned(x.getManager(), new float[] {c}, new Shape()));
    }
}
