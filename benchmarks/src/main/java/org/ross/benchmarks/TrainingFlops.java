package org.ross.benchmarks;

import org.ross.core.ross.Objective;
import org.ross.core.ross.RossConfig;
import org.ross.core.ross.TransformerConfig;

/**
 * Analytic FLOP count of one ROSS training example (multiply-add = 2 FLOPs; matrix products only,
 * element-wise work ignored). Forward FLOPs per example, times 3 for forward + backward (the
 * backward pass costs two matrix products per forward one):
 *
 * <pre>
 * transformer stack of width D, MLP hidden rD, over T tokens, per layer:
 *     (8 + 4r) D^2 T  (QKV + output projections 4 D^2, MLP 2 r D^2; x2 FLOPs)  + 4 T^2 D (scores, weighted sum)
 * vision:    2 (c p^2) Dv N + stack(Dv, N)
 * projector: 2 (Dv D + D^2) N
 * LM:        embed free; stack(D, T = N + L - 1) + 2 D V T (output head)
 * ROSS-D:    draws x [ 2 C' Dd N (input) + 2 D Dd N (condition) + depth x (stack(Dd, N) + 12 Dd^2 N (adaLN))
 *                      + 4 Dd^2 N (final adaLN) + 2 Dd C' N (output) ]
 * </pre>
 */
final class TrainingFlops {

    private TrainingFlops() {
    }

    /** FLOPs of one example's forward and backward pass; {@code textLength} = L (with {@code <image>}). */
    static double perExample(RossConfig c, int textLength, int vocabulary) {
        int n = c.tokens();
        int r = c.mlpRatio();
        double dv = c.vision().width();
        double d = c.lm().width();
        double forward = 2 * (double) c.imageChannels() * c.patchSize() * c.patchSize() * dv * n
                + stack(c.vision(), r, n)
                + 2 * (dv * d + d * d) * n;
        int t = n + textLength - 1;
        forward += stack(c.lm(), r, t) + 2 * d * vocabulary * t;
        if (c.objective() == Objective.ROSS_D) {
            double dd = c.denoiser().width();
            double cf = c.foldedChannels();
            double one = 2 * cf * dd * n + 2 * d * dd * n
                    + c.denoiser().layers() * (stack(new TransformerConfig(c.denoiser().width(), 1,
                    c.denoiser().heads()), r, n) + 12 * dd * dd * n)
                    + 4 * dd * dd * n + 2 * dd * cf * n;
            forward += c.draws() * one;
        } else if (c.objective() == Objective.ROSS_R) {
            forward += 2 * d * c.foldedChannels() * n;
        }
        return 3 * forward;
    }

    private static double stack(TransformerConfig s, int mlpRatio, int tokens) {
        double w = s.width();
        return s.layers() * ((8 + 4.0 * mlpRatio) * w * w * tokens + 4.0 * tokens * tokens * w);
    }
}
