package org.ross.core.train;

import ai.djl.ndarray.NDManager;

/**
 * Training or validation examples addressed by index; the trainer chooses the order.
 *
 * @param <B> the model's batch type
 */
public interface BatchSource<B> {

    int size();

    /** The batch of the examples at {@code indices}, its arrays created in {@code scope}. */
    B batch(int[] indices, NDManager scope);
}
