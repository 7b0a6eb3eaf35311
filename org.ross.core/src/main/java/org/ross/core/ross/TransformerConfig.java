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
                    + " choose heads among the divisors of the width (e.g. " + nearestDivisor(width, heads) + ")");
        }
    }

    /** The divisor of {@code width} closest to {@code heads}, the smaller one on a tie. */
    static int nearestDivisor(int width, int heads) {
        int best = 1;
        for (int d = 1; d <= width; d++) {
            if (width % d == 0 && Math.abs(d - heads) < Math.abs(best - heads)) {
                best = d;
            }
        }
        return best;
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
