package org.ross.core.model;

import java.util.Arrays;

/**
 * A named weight's value as plain Java data: a shape and its float32 elements in row-major
 * order. The exchange type between models and {@link Safetensors}.
 */
public record FloatTensor(long[] shape, float[] data) {

    public FloatTensor {
        long n = 1;
        for (long d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("tensor shape " + Arrays.toString(shape)
                        + " has a negative dimension");
            }
            n *= d;
        }
        if (n != data.length) {
            throw new IllegalArgumentException("tensor shape " + Arrays.toString(shape) + " holds "
                    + n + " elements but " + data.length + " values were given");
        }
        shape = shape.clone();
    }

    @Override
    public long[] shape() {
        return shape.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FloatTensor t && Arrays.equals(shape, t.shape) && Arrays.equals(data, t.data);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(shape) + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "FloatTensor" + Arrays.toString(shape);
    }
}
