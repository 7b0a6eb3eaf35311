package org.ross.core.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** AdamW, the schedule, clipping and the seed derivation against closed forms. */
class OptimizerMathTest {

    @Test
    void adamWFirstStepIsTheClosedForm() {
        // t = 1: m = (1 - b1) g, v = (1 - b2) g^2, so m_hat = g, v_hat = g^2 and
        // w' = w (1 - lr wd) - lr g / (|g| + eps)
        float[] w0 = {1f, -2f, 3f, 0.5f};
        float[] g = {0.5f, -0.1f, 2f, 0f};
        double lr = 0.01;
        AdamW.Hyper h = new AdamW.Hyper(0.9, 0.999, 1e-8, 0.1);
        try (NDManager nd = NDManager.newBaseManager(Device.cpu())) {
            NDArray w = nd.create(w0);
            NDArray m = nd.zeros(w.getShape());
            NDArray v = nd.zeros(w.getShape());
            AdamW.update(w, nd.create(g), m, v, 1, lr, h);
            float[] got = w.toFloatArray();
            for (int i = 0; i < w0.length; i++) {
                double expected = w0[i] * (1 - lr * 0.1) - lr * g[i] / (Math.abs(g[i]) + 1e-8);
                assertEquals(expected, got[i], 1e-6, "element " + i);
                assertEquals(0.1 * g[i], m.toFloatArray()[i], 1e-7);
                assertEquals(0.001 * g[i] * g[i], v.toFloatArray()[i], 1e-9);
            }
        }
    }

    @Test
    void adamWMatchesAScalarReferenceOverSeveralSteps() {
        AdamW.Hyper h = new AdamW.Hyper(0.8, 0.95, 1e-6, 0.05);
        double[][] grads = {{0.3, -1.2}, {-0.4, 0.7}, {1.5, 0.1}};
        double[] w = {0.2, -0.7};
        double[] m = new double[2];
        double[] v = new double[2];
        double lr = 0.05;
        try (NDManager nd = NDManager.newBaseManager(Device.cpu())) {
            NDArray wa = nd.create(new float[] {0.2f, -0.7f});
            NDArray ma = nd.zeros(wa.getShape());
            NDArray va = nd.zeros(wa.getShape());
            for (int t = 1; t <= grads.length; t++) {
                float[] g = {(float) grads[t - 1][0], (float) grads[t - 1][1]};
                AdamW.update(wa, nd.create(g), ma, va, t, lr, h);
                for (int i = 0; i < 2; i++) {
                    w[i] *= 1 - lr * h.weightDecay();
                    m[i] = h.beta1() * m[i] + (1 - h.beta1()) * g[i];
                    v[i] = h.beta2() * v[i] + (1 - h.beta2()) * g[i] * g[i];
                    double mHat = m[i] / (1 - Math.pow(h.beta1(), t));
                    double vHat = v[i] / (1 - Math.pow(h.beta2(), t));
                    w[i] -= lr * mHat / (Math.sqrt(vHat) + h.eps());
                }
            }
            float[] got = wa.toFloatArray();
            assertEquals(w[0], got[0], 1e-5);
            assertEquals(w[1], got[1], 1e-5);
        }
    }

    @Test
    void adamWStateRoundTripsAndFreezesNothingItNeverSaw() {
        try (NDManager nd = NDManager.newBaseManager(Device.cpu());
             AdamW a = new AdamW(new AdamW.Hyper(0.9, 0.999, 1e-8, 0), Device.cpu());
             AdamW b = new AdamW(new AdamW.Hyper(0.9, 0.999, 1e-8, 0), Device.cpu())) {
            NDArray w = nd.create(new float[] {1, 2});
            try (NDManager scope = nd.newSubManager()) {
                a.step(List.of(new AdamW.Update("w", w, scope.create(new float[] {0.1f, -0.3f}), 0.1)), scope);
            }
            assertEquals(1, a.steps());
            assertEquals(java.util.Set.of("w"), a.weightsWithState());
            b.restore(a.state(), a.steps());
            assertEquals(a.state(), b.state());
            assertEquals(1, b.steps());
            assertThrows(IllegalArgumentException.class, () -> b.restore(Map.of("w", a.state().get("exp_avg/w")), 1));
        }
    }

    @Test
    void scheduleWarmsUpLinearlyThenFollowsTheCosineToZero() {
        LearningRateSchedule s = new LearningRateSchedule(104, 4);
        assertEquals(0.25, s.factor(0), 1e-12);
        assertEquals(0.5, s.factor(1), 1e-12);
        assertEquals(1.0, s.factor(3), 1e-12); // peak at W - 1
        assertEquals(1.0, s.factor(4), 1e-12); // cosine starts at its top
        assertEquals(0.5, s.factor(54), 1e-12); // halfway through the decay
        assertEquals(0.5 * (1 + Math.cos(Math.PI * 99 / 100)), s.factor(103), 1e-12); // last update
        assertEquals(0.0, s.factor(104), 1e-12);
        assertEquals(0.0, s.factor(1000), 1e-12);
        for (long t = 5; t < 104; t++) {
            assertTrue(s.factor(t) < s.factor(t - 1), "decreasing at " + t);
        }
    }

    @Test
    void scheduleFromAFractionRoundsWarmupUp() {
        assertEquals(3, LearningRateSchedule.of(100, 0.03).warmupSteps());
        assertEquals(1, LearningRateSchedule.of(10, 0.03).warmupSteps());
        assertEquals(0, LearningRateSchedule.of(10, 0).warmupSteps());
        assertEquals(0, LearningRateSchedule.of(1, 0.5).warmupSteps());
        assertEquals(1.0, LearningRateSchedule.of(1, 0.5).factor(0), 1e-12);
        assertThrows(IllegalArgumentException.class, () -> new LearningRateSchedule(5, 5));
    }

    @Test
    void scheduleHoldsThePeakBetweenWarmupAndDecay() {
        LearningRateSchedule s = new LearningRateSchedule(110, 4, 6);
        assertEquals(0.25, s.factor(0), 1e-12);
        assertEquals(1.0, s.factor(3), 1e-12); // peak at W - 1
        for (long t = 4; t <= 10; t++) {
            assertEquals(1.0, s.factor(t), 0.0, "held at " + t); // the hold, then the top of the cosine
        }
        assertEquals(0.5, s.factor(60), 1e-12); // halfway through the decay of T - W - H = 100 steps
        assertEquals(0.5 * (1 + Math.cos(Math.PI * 99 / 100)), s.factor(109), 1e-12);
        assertEquals(0.0, s.factor(110), 1e-12);
        LearningRateSchedule plain = new LearningRateSchedule(104, 4);
        assertEquals(0, plain.holdSteps());
        for (long t = 0; t < 110; t++) {
            assertEquals(plain.factor(t), new LearningRateSchedule(104, 4, 0).factor(t), 0.0, "step " + t);
        }
    }

    @Test
    void scheduleFromFractionsRoundsHoldDownAndKeepsADecayStep() {
        LearningRateSchedule s = LearningRateSchedule.of(3000, 0.03, 0.5);
        assertEquals(90, s.warmupSteps());
        assertEquals(1500, s.holdSteps());
        assertEquals(1.0, s.factor(1589), 0.0);
        assertTrue(s.factor(1591) < 1.0);
        assertEquals(3, LearningRateSchedule.of(10, 0, 0.35).holdSteps());
        assertEquals(LearningRateSchedule.of(10, 0.03), LearningRateSchedule.of(10, 0.03, 0));
        LearningRateSchedule tight = LearningRateSchedule.of(4, 0.25, 0.74); // ceil 1 warm-up, floor 2 hold
        assertEquals(1, tight.warmupSteps());
        assertEquals(2, tight.holdSteps());
        assertEquals(1.0, tight.factor(3), 0.0); // the single decay step starts at the top
        assertEquals(0, LearningRateSchedule.of(1, 0.5, 0.4).holdSteps()); // nothing left to hold
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new LearningRateSchedule(10, 2, 8));
        assertTrue(e.getMessage().contains("holdSteps must be in [0, totalSteps - warmupSteps = 8), found 8"),
                e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new LearningRateSchedule(10, 2, -1));
    }

    @Test
    void clippingScalesByTheGlobalNorm() {
        try (NDManager nd = NDManager.newBaseManager(Device.cpu())) {
            // two gradients forming the vector (3, 4, 0, 12): norm 13
            NDArray a = nd.create(new float[] {3, 4});
            NDArray b = nd.create(new float[] {0, 12});
            assertEquals(13, GradientClipping.globalNorm(List.of(a, b)), 1e-6);
            assertEquals(13, GradientClipping.clip(List.of(a, b), 1.3), 1e-6);
            double s = 1.3 / (13 + GradientClipping.EPSILON);
            assertArrayEquals(new float[] {(float) (3 * s), (float) (4 * s)}, a.toFloatArray(), 1e-6f);
            assertArrayEquals(new float[] {0, (float) (12 * s)}, b.toFloatArray(), 1e-6f);
            assertEquals(1.3, GradientClipping.globalNorm(List.of(a, b)), 1e-5);
            // below the bound, or with clipping off, nothing changes
            GradientClipping.clip(List.of(a, b), 100);
            assertEquals(1.3, GradientClipping.globalNorm(List.of(a, b)), 1e-5);
            assertEquals(1, GradientClipping.scale(1e9, 0));
            b.set(new float[] {Float.NaN, 0});
            assertFalse(Double.isFinite(GradientClipping.globalNorm(List.of(a, b))));
        }
    }

    @Test
    void hugeButFiniteGradientsHaveAFiniteNormAndAreClipped() {
        try (NDManager nd = NDManager.newBaseManager(Device.cpu())) {
            // 3e19 squared overflows float32; the norm itself (5e19) does not
            NDArray g = nd.create(new float[] {3e19f, 4e19f});
            assertEquals(5e19, GradientClipping.globalNorm(List.of(g)), 5e19 * 1e-6);
            GradientClipping.clip(List.of(g), 1.0);
            assertArrayEquals(new float[] {0.6f, 0.8f}, g.toFloatArray(), 1e-6f);
        }
    }

    @Test
    void randomnessDependsOnlyOnSeedAndPosition() {
        int[] e0 = TrainingRandom.epochOrder(7, 0, 50);
        assertArrayEquals(e0, TrainingRandom.epochOrder(7, 0, 50));
        assertFalse(Arrays.equals(e0, TrainingRandom.epochOrder(7, 1, 50)));
        assertFalse(Arrays.equals(e0, TrainingRandom.epochOrder(8, 0, 50)));
        int[] sorted = e0.clone();
        Arrays.sort(sorted);
        for (int i = 0; i < 50; i++) {
            assertEquals(i, sorted[i]);
        }
        assertEquals(TrainingRandom.forStep(7, 12).nextLong(), TrainingRandom.forStep(7, 12).nextLong());
        assertNotEquals(TrainingRandom.forStep(7, 12).nextLong(), TrainingRandom.forStep(7, 13).nextLong());
        assertNotEquals(TrainingRandom.forStep(7, 0).nextLong(), TrainingRandom.forValidation(7, 0).nextLong());
    }

    @Test
    void holdEntersTheFingerprintOnlyWhenSetSoOlderCheckpointsStillMatch() {
        Map<String, String> plain = TrainerConfig.defaults().fingerprint();
        assertFalse(plain.containsKey("holdFraction"), plain.toString());
        assertEquals(List.of("epochs", "batchSize", "gradientAccumulation", "learningRate", "moduleLearningRates",
                "trainableModules", "weightDecay", "beta1", "beta2", "eps", "warmupFraction", "clipNorm",
                "validationFraction", "earlyStoppingPatience", "seed", "maxSteps"), List.copyOf(plain.keySet()));
        Map<String, String> held = TrainerConfig.defaults().withHoldFraction(0.5).fingerprint();
        assertEquals("0.5", held.get("holdFraction"));
        assertEquals(plain.size() + 1, held.size());
    }

    @Test
    void configRejectsBadSettingsWithTheFix() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TrainerConfig.defaults().withGradientAccumulation(0));
        assertTrue(e.getMessage().contains("gradientAccumulation"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> TrainerConfig.defaults().withModuleLearningRates(Map.of("lm", -1.0)));
        assertTrue(e.getMessage().contains("module 'lm'"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> TrainerConfig.defaults().withWarmupFraction(1));
        e = assertThrows(IllegalArgumentException.class, () -> TrainerConfig.defaults().withHoldFraction(0.97));
        assertTrue(e.getMessage().contains("holdFraction must be 0 or more and leave steps for the decay "
                + "(warmupFraction + holdFraction < 1), found 0.97 with warmupFraction 0.03"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> TrainerConfig.defaults().withHoldFraction(-0.1));
        assertThrows(IllegalArgumentException.class, () -> TrainerConfig.defaults().withHoldFraction(Double.NaN));
        assertEquals(0.0, TrainerConfig.defaults().holdFraction());
        assertEquals(0.96, TrainerConfig.defaults().withHoldFraction(0.96).holdFraction());
        assertEquals(1e-3, TrainerConfig.pretraining().learningRateOf("projector"));
        assertFalse(TrainerConfig.pretraining().isTrainable("lm"));
        assertTrue(TrainerConfig.defaults().isTrainable("lm"));
    }
}
