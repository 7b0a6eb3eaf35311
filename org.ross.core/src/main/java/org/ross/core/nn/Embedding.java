package org.ross.core.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.SparseFormat;

/** A lookup table: row {@code id} of a (count, width) weight for each integer id (result in the ids' scope). */
public final class Embedding {

    public final Parameter weight; // (count, D)

    public Embedding(ParameterSet ps, String name, int count, int width) {
        this.weight = ps.declare(name + ".weight", width, count, width);
    }

    public NDArray forward(NDArray ids) { // (B, L) integer -> (B, L, D)
        NDArray index = ids.toType(DataType.INT64, false); // (B, L)
        return index.getNDArrayInternal().embedding(index, weight.array(), SparseFormat.DENSE).singletonOrThrow();
    }
}
