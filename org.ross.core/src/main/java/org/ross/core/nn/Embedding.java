package org.ross.core.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/** A lookup table: row {@code id} of a (count, width) weight for each integer id. */
public final class Embedding {

    public final Parameter weight; // (count, D)
    private final int width;

    public Embedding(ParameterSet ps, String name, int count, int width) {
        this.weight = ps.declare(name + ".weight", width, count, width);
        this.width = width;
    }

    public NDArray forward(NDArray ids) { // (B, L) integer -> (B, L, D)
        Shape shape = ids.getShape();
        NDArray index = ids.toType(DataType.INT64, false).reshape(-1, 1).repeat(1, width); // (B L, D)
        NDArray rows = weight.array().gather(index, 0); // (B L, D)
        return rows.reshape(shape.addAll(new Shape(width))); // (B, L, D)
    }
}
