package org.ross.core.nn;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class MultiHeadAttentionTest {

    static final int B = 2;
    static final int L = 5;
    static final int D = 8;
    static final int H = 2;

    @Test
    void equalsANaivePerHeadLoopWithCausalAndPaddingMasks() {
        try (ParameterSet ps = new ParameterSet(Device.cpu()); NDManager m = NDManager.newBaseManager(Device.cpu())) {
            MultiHeadAttention attn = new MultiHeadAttention(ps, "attn", D, H);
            TestWeights.randomize(ps, 11);
            float[] x = TestWeights.gaussian(B * L * D, 12);
            float[] keep = {1, 1, 1, 1, 1, 1, 1, 1, 0, 0}; // row 1 has two padding positions
            NDArray mask = AttentionMask.causal(m, L, L).add(AttentionMask.keyPadding(m.create(keep, new Shape(B, L))));
            float[] fast = attn.forward(m.create(x, new Shape(B, L, D)), mask).toFloatArray();
            float[] naive = naive(x, keep, attn);
            for (int b = 0; b < B; b++) {
                int valid = b == 0 ? L : 3; // outputs at padding positions are ignored
                for (int i = 0; i < valid * D; i++) {
                    assertEquals(naive[b * L * D + i], fast[b * L * D + i], 1e-4, "b=" + b + " i=" + i);
                }
            }
        }
    }

    @Test
    void cachedKeysAndValuesGiveTheSameOutputsAsTheFullSequence() {
        try (ParameterSet ps = new ParameterSet(Device.cpu()); NDManager m = NDManager.newBaseManager(Device.cpu())) {
            MultiHeadAttention attn = new MultiHeadAttention(ps, "attn", D, H);
            TestWeights.randomize(ps, 13);
            NDArray x = m.create(TestWeights.gaussian(B * L * D, 14), new Shape(B, L, D));
            float[] full = attn.forward(x, AttentionMask.causal(m, L, L)).toFloatArray();
            MultiHeadAttention.Output first = attn.forward(x.get(":, 0:3"), null, AttentionMask.causal(m, 3, 3));
            MultiHeadAttention.Output rest = attn.forward(x.get(":, 3:"), first.keyValue(), AttentionMask.causal(m, 2, 5));
            float[] stitched = first.y().concat(rest.y(), 1).toFloatArray();
            assertArrayEquals(full, stitched, 1e-5f);
        }
    }

    /** Per batch row, head and query: scores, softmax and weighted sum in doubles. */
    private static float[] naive(float[] x, float[] keep, MultiHeadAttention attn) {
        float[] wqkv = attn.qkv.weight.array().toFloatArray(); // (3D, D)
        float[] bqkv = attn.qkv.bias.array().toFloatArray();
        float[] wo = attn.proj.weight.array().toFloatArray(); // (D, D)
        float[] bo = attn.proj.bias.array().toFloatArray();
        int hd = D / H;
        float[] out = new float[B * L * D];
        for (int b = 0; b < B; b++) {
            double[][] qkv = new double[L][3 * D];
            for (int l = 0; l < L; l++) {
                for (int o = 0; o < 3 * D; o++) {
                    double s = bqkv[o];
                    for (int i = 0; i < D; i++) {
                        s += wqkv[o * D + i] * x[(b * L + l) * D + i];
                    }
                    qkv[l][o] = s;
                }
            }
            double[][] merged = new double[L][D];
            for (int h = 0; h < H; h++) {
                for (int i = 0; i < L; i++) {
                    double[] score = new double[L];
                    double max = Double.NEGATIVE_INFINITY;
                    for (int j = 0; j <= i; j++) {
                        if (keep[b * L + j] == 0) {
                            score[j] = Double.NEGATIVE_INFINITY;
                            continue;
                        }
                        double s = 0;
                        for (int d = 0; d < hd; d++) {
                            s += qkv[i][h * hd + d] * qkv[j][D + h * hd + d];
                        }
                        score[j] = s / Math.sqrt(hd);
                        max = Math.max(max, score[j]);
                    }
                    double z = 0;
                    for (int j = 0; j <= i; j++) {
                        z += Math.exp(score[j] - max);
                    }
                    for (int j = 0; j <= i; j++) {
                        double p = Math.exp(score[j] - max) / z;
                        for (int d = 0; d < hd; d++) {
                            merged[i][h * hd + d] += p * qkv[j][2 * D + h * hd + d];
                        }
                    }
                }
            }
            for (int l = 0; l < L; l++) {
                for (int o = 0; o < D; o++) {
                    double s = bo[o];
                    for (int i = 0; i < D; i++) {
                        s += wo[o * D + i] * merged[l][i];
                    }
                    out[(b * L + l) * D + o] = (float) s;
                }
            }
        }
        return out;
    }
}
