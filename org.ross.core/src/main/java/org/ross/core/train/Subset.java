package org.ross.core.train;

import ai.djl.ndarray.NDManager;

/** The examples {@code indices} of {@code source}, renumbered 0..n-1 (a validation split). */
record Subset<B>(BatchSource<B> source, int[] indices) implements BatchSource<B> {

    @Override
    public int size() {
        return indices.length;
    }

    @Override
    public B batch(int[] positions, NDManager scope) {
        int[] mapped = new int[positions.length];
        for (int i = 0; i < positions.length; i++) {
            mapped[i] = indices[positions[i]];
        }
        return source.batch(mapped, scope);
    }
}
