package org.ross.core.nn;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

class CausalLmTest {

    static final int V = 11;
    static final int D = 16;

    private static CausalLm lm(ParameterSet ps, boolean tied) {
        CausalLm lm = new CausalLm(ps, "lm", V, 12, D, 2, 2, 4 * D, tied);
        TestWeights.randomize(ps, 21);
        return lm;
    }

    private static float[] logits(CausalLm lm, NDManager m, int[] ids, float[] keep, int b, int l) {
        NDArray x = lm.embed(m.create(ids, new Shape(b, l)));
        return lm.forward(x, keep == null ? null : m.create(keep, new Shape(b, l))).logits().toFloatArray();
    }

    @Test
    void changingALaterTokenLeavesEarlierLogitsUnchanged() {
        for (boolean tied : new boolean[] {true, false}) {
            try (ParameterSet ps = new ParameterSet(Device.cpu()); NDManager m = NDManager.newBaseManager(Device.cpu())) {
                CausalLm lm = lm(ps, tied);
                float[] a = logits(lm, m, new int[] {3, 5, 7, 2, 9}, null, 1, 5);
                float[] b = logits(lm, m, new int[] {3, 5, 7, 8, 1}, null, 1, 5);
                assertArrayEquals(Arrays.copyOf(a, 3 * V), Arrays.copyOf(b, 3 * V), 0f);
                assertFalse(Arrays.equals(Arrays.copyOfRange(a, 3 * V, 4 * V), Arrays.copyOfRange(b, 3 * V, 4 * V)));
            }
        }
    }

    @Test
    void aRowDoesNotDependOnThePaddingLengthOfItsBatch() {
        try (ParameterSet ps = new ParameterSet(Device.cpu()); NDManager m = NDManager.newBaseManager(Device.cpu())) {
            CausalLm lm = lm(ps, true);
            int[] row = {3, 5, 7};
            float[] alone = logits(lm, m, row, null, 1, 3);
            // same row padded to 6 in a batch with a longer row
            int[] batch = {3, 5, 7, 0, 0, 0, 1, 2, 3, 4, 5, 6};
            float[] keep = {1, 1, 1, 0, 0, 0, 1, 1, 1, 1, 1, 1};
            float[] padded = logits(lm, m, batch, keep, 2, 6);
            assertArrayEquals(alone, Arrays.copyOf(padded, 3 * V), 1e-5f);
            // and padded to 4 in another batch
            float[] padded4 = logits(lm, m, new int[] {3, 5, 7, 0, 1, 2, 3, 4}, new float[] {1, 1, 1, 0, 1, 1, 1, 1}, 2, 4);
            assertArrayEquals(alone, Arrays.copyOf(padded4, 3 * V), 1e-5f);
        }
    }

    @Test
    void packedSegmentsAfterASharedPrefixGiveTheLogitsEachSegmentHasAlone() {
        try (ParameterSet ps = new ParameterSet(Device.cpu()); NDManager m = NDManager.newBaseManager(Device.cpu())) {
            CausalLm lm = lm(ps, true);
            float[] first = logits(lm, m, new int[] {3, 5, 7, 2}, null, 1, 4); // prefix 3 5, segment 7 2
            float[] second = logits(lm, m, new int[] {3, 5, 9, 1, 4}, null, 1, 5); // prefix 3 5, segment 9 1 4
            int[] ids = {3, 5, 7, 2, 9, 1, 4, 0}; // both packed, one padding position
            int[] segments = {0, 0, 1, 1, 2, 2, 2, 0};
            NDArray x = lm.embed(m.create(ids, new Shape(1, 8)));
            float[] packed = lm.forward(x, m.create(new float[] {1, 1, 1, 1, 1, 1, 1, 0}, new Shape(1, 8)), segments)
                    .logits().toFloatArray();
            assertArrayEquals(first, Arrays.copyOf(packed, 4 * V), 1e-5f);
            assertArrayEquals(Arrays.copyOfRange(second, 2 * V, 5 * V), Arrays.copyOfRange(packed, 4 * V, 7 * V), 1e-5f);
        }
    }

    @Test
    void segmentMaskAndPositions() {
        int[] segments = {0, 0, 1, 1, 2, 2, 0};
        assertArrayEquals(new long[] {0, 1, 2, 3, 2, 3, 2}, AttentionMask.segmentPositions(segments, 1, 7));
        try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
            float[] mask = AttentionMask.segments(m, segments, 1, 7).toFloatArray();
            float x = AttentionMask.BLOCKED;
            float[] expected = {
                0, x, x, x, x, x, x,
                0, 0, x, x, x, x, x,
                0, 0, 0, x, x, x, x,
                0, 0, 0, 0, x, x, x,
                0, 0, x, x, 0, x, x, // segment 2 does not see segment 1
                0, 0, x, x, 0, 0, x,
                0, 0, x, x, x, x, 0}; // a later prefix position (padding) sees the prefix and itself
            assertArrayEquals(expected, mask, 0f);
        }
    }

    @Test
    void tiedHeadUsesTheTokenEmbeddings() {
        try (ParameterSet ps = new ParameterSet(Device.cpu()); NDManager m = NDManager.newBaseManager(Device.cpu())) {
            CausalLm lm = lm(ps, true);
            assertEquals(null, lm.lmHead);
            NDArray h = m.create(TestWeights.gaussian(D, 5), new Shape(1, 1, D));
            float[] logits = lm.logits(h).toFloatArray();
            float[] w = lm.wte.weight.array().toFloatArray();
            float[] hv = h.toFloatArray();
            double dot = 0;
            for (int d = 0; d < D; d++) {
                dot += w[4 * D + d] * hv[d];
            }
            assertEquals(dot, logits[4], 1e-4);
        }
    }

    @Test
    void forwardLeavesNothingInTheParametersManager() {
        try (ParameterSet ps = new ParameterSet(Device.cpu()); NDManager m = NDManager.newBaseManager(Device.cpu())) {
            CausalLm lm = lm(ps, true);
            NDManager owner = lm.wte.weight.array().getManager();
            int before = owner.getManagedArrays().size();
            logits(lm, m, new int[] {3, 5, 7, 0}, new float[] {1, 1, 1, 0}, 1, 4);
            assertEquals(before, owner.getManagedArrays().size());
        }
    }
}
