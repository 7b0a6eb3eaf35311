package org.ross.core.nn;

/**
 * Fixed 2D sine-cosine position embeddings (MAE, He et al. 2022, {@code get_2d_sincos_pos_embed};
 * used by DiT): half of the width encodes the column, half the row, each as
 * {@code [sin(pos * omega_i), cos(pos * omega_i)]} with {@code omega_i = 10000^(-i / (D/4))}.
 */
public final class SinCosPositions {

    private SinCosPositions() {
    }

    /** Row-major over the {@code grid x grid} positions: {@code grid^2 * width} values. */
    public static float[] grid2d(int width, int grid) {
        if (width % 4 != 0) {
            throw new IllegalArgumentException("2D sin-cos positions need a width divisible by 4; found "
                    + width + "; choose a multiple of 4");
        }
        int quarter = width / 4;
        float[] out = new float[grid * grid * width];
        for (int row = 0; row < grid; row++) {
            for (int col = 0; col < grid; col++) {
                int base = (row * grid + col) * width;
                for (int i = 0; i < quarter; i++) {
                    double omega = Math.pow(10000, -(double) i / quarter);
                    out[base + i] = (float) Math.sin(col * omega);
                    out[base + quarter + i] = (float) Math.cos(col * omega);
                    out[base + 2 * quarter + i] = (float) Math.sin(row * omega);
                    out[base + 3 * quarter + i] = (float) Math.cos(row * omega);
                }
            }
        }
        return out;
    }
}
