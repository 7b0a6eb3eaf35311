package org.ross.core.tokenizer;

/**
 * Random-access images for the tokenizer, so training can shuffle; an implementation may back it
 * with a memory-mapped file. Pixels are in [-1, 1], channel-major ({@code (C, S, S)} row-major).
 */
public interface ImageSource {

    int size();

    int channels();

    int imageSize();

    /** Writes image {@code index} into {@code chw}, which has {@code channels * imageSize^2} floats. */
    void read(int index, float[] chw);
}
