package org.ross.core.ross;

/**
 * Size of one transformer stack.
 *
 * @param width  model width {@code D}
 * @param layers number of blocks
 * @param heads  attention heads; must divide the width
 */
public record TransformerConfig(int width, int layers, int heads) {

    public TransformerConfig {
        if (width < 4 || width % 4 != 0) {
            throw new IllegalArgumentException("width is " + width + "; expected a positive multiple of 4 "
                    + "(2D sin-cos positions split the width in four)");
        }
        if (layers < 1) {
            throw new IllegalArgumentException("layers is " + layers + "; expected at least 1");
        }
        if (heads < 1 || width % heads != 0) {
            throw new IllegalArgumentException("heads is " + heads + " but width " + width + " is not divisible by it;"
                    + " choose heads among the divisors of the width (e.g. " + Math.max(1, width / 64) + ")");
        }
    }

    public int headDim() {
        return width / heads;
    }

    public TransformerConfig withWidth(int w) {
        return new TransformerConfig(w, layers, heads);
    }

    public TransformerConfig withLayers(int n) {
        return new TransformerConfig(width, n, heads);
    }

    public TransformerConfig withHeads(int h) {
        return new TransformerConfig(width, layers, h);
    }
}
