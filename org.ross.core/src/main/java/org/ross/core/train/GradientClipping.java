package org.ross.core.train;

import ai.djl.ndarray.NDArray;
import java.util.List;

/**
 * Clipping by the global L2 norm over all trainable gradients, as {@code torch.nn.utils.clip_grad_norm_}:
 * every gradient is scaled by {@code min(1, maxNorm / (norm + 1e-6))}.
 */
public final class GradientClipping {

    /** Keeps the clipped norm just below {@code maxNorm} and avoids dividing by zero (PyTorch's term). */
    static final double EPSILON = 1e-6;

    private GradientClipping() {
    }

    /**
     * {@code sqrt(sum_i ||g_i||^2)}, accumulated in double precision; non-finite if any gradient
     * holds NaN or infinity. Temporaries are created in the gradients' managers.
     */
    public static double globalNorm(List<NDArray> gradients) {
        // Each gradient is divided by its largest magnitude before squaring, as LAPACK's nrm2 does:
        // a finite element above ~1.8e19 would otherwise square to float32 infinity.
        double sumOfSquares = 0;
        for (NDArray g : gradients) {
            try (NDArray absMax = g.abs().max()) { // ()
                double m = absMax.getFloat();
                if (!Double.isFinite(m)) {
                    return m;
                }
                if (m == 0) {
                    continue;
                }
                try (NDArray s = g.div((float) m).square().sum()) { // ()
                    double scaled = s.getFloat();
                    sumOfSquares += scaled * m * m;
                }
            }
        }
        return Math.sqrt(sumOfSquares);
    }

    /** The factor {@code min(1, maxNorm / (norm + eps))}; 1 when {@code maxNorm} is 0 (clipping off). */
    public static double scale(double norm, double maxNorm) {
        if (maxNorm <= 0) {
            return 1;
        }
        return Math.min(1, maxNorm / (norm + EPSILON));
    }

    /** Scales the gradients in place so their global norm is at most {@code maxNorm}; returns the norm before. */
    public static double clip(List<NDArray> gradients, double maxNorm) {
        double norm = globalNorm(gradients);
        double s = scale(norm, maxNorm);
        if (s < 1) {
            for (NDArray g : gradients) {
                g.muli((float) s);
            }
        }
        return norm;
    }
}
