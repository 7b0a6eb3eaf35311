package org.ross.core.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/**
 * Scalar arithmetic that is safe inside a recorded computation. On CPU, DJL's PyTorch
 * {@code NDManager.create} wraps a direct buffer without copying ({@code torch::from_blob}) and
 * keeps that buffer alive only through the Java array object. DJL's {@code mul(Number)} creates such
 * a scalar array and closes it right after the product, but autograd saved it for the backward pass
 * ({@code d(x c)/dx = c}): once the garbage collector has freed the buffer, the gradient is computed
 * from whatever the memory then holds. See docs/architecture.md, "Non-finite gradients with a finite
 * loss".
 */
public final class Tensors {

    private Tensors() {
    }

    /** {@code x * c} with {@code c} in engine memory ({@code torch::full}), in {@code x}'s scope. */
    public static NDArray times(NDArray x, float c) {
        return x.mul(x.getManager().full(new Shape(), c));
    }
}
