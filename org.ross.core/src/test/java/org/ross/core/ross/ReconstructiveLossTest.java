package org.ross.core.ross;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;
import org.ross.core.diffusion.SpaceToDepth;
import org.ross.core.nn.ParameterSet;
import org.ross.core.nn.TransformerInitializers;
import org.ross.core.tokenizer.LatentStats;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ReconstructiveLossTest {

    private static final LatentStats STATS = new LatentStats(new float[] {1, -1, 0, 2}, new float[] {0.5f, 2, 1, 1});

    @Test
    void targetsAreScaledPosteriorSamplesFoldedOntoTheTokenGrid() {
        RossConfig c = RossConfig.tiny().withLatent(4, 8, STATS);
        try (ParameterSet ps = new ParameterSet(Device.cpu()); NDManager m = NDManager.newBaseManager(Device.cpu())) {
            ReconstructiveLoss visual = new ReconstructiveLoss(ps, "denoiser", c);
            float[] mu = TransformerInitializers.gaussian(4 * 64, 1, new SplittableRandom(1));
            float[] posterior = new float[2 * 4 * 64];
            System.arraycopy(mu, 0, posterior, 0, mu.length);
            java.util.Arrays.fill(posterior, mu.length, posterior.length, -30f); // sigma = exp(-15): z = mu
            NDArray z0 = visual.targets(m.create(posterior, new Shape(1, 2, 4, 8, 8)), new SplittableRandom(2));
            assertEquals(new Shape(1, 16, 16), z0.getShape());
            float[] expected = new float[mu.length];
            for (int i = 0; i < mu.length; i++) {
                int ch = i / 64;
                expected[i] = (mu[i] - STATS.shift()[ch]) * STATS.scale()[ch];
            }
            assertArrayEquals(expected, SpaceToDepth.unfold(z0, 4, 8).toFloatArray(), 1e-5f);
            assertThrows(IllegalArgumentException.class,
                    () -> visual.targets(m.zeros(new Shape(1, 2, 4, 4, 4)), new SplittableRandom(2)));
        }
    }

    @Test
    void regressionAndDdimSamplesComeBackInTokenizerUnits() {
        for (Objective o : new Objective[] {Objective.ROSS_R, Objective.ROSS_D}) {
            RossConfig c = RossConfig.tiny().withObjective(o).withLatent(4, 8, STATS);
            try (ParameterSet ps = new ParameterSet(Device.cpu()); NDManager m = NDManager.newBaseManager(Device.cpu())) {
                ReconstructiveLoss visual = new ReconstructiveLoss(ps, "denoiser", c);
                ps.materialize(p -> new float[p.size()]); // all zero: the prediction is z0 = 0 in scaled units
                NDArray h = m.create(TransformerInitializers.gaussian(2 * 16 * 32, 1, new SplittableRandom(3)),
                        new Shape(2, 16, 32));
                float[][] latents = visual.sample(h, 5, new SplittableRandom(4));
                assertEquals(2, latents.length);
                assertEquals(4 * 64, latents[0].length);
                if (o == Objective.ROSS_R) {
                    assertEquals(STATS.shift()[1], latents[1][64], 1e-6); // 0 / scale + shift
                    // the zero regressor predicts 0, so the loss is the mean squared scaled target
                    float[] posterior = new float[2 * 2 * 4 * 64];
                    java.util.Arrays.fill(posterior, 1f); // mu = 1 (first half of each example), logvar = 1 ...
                    for (int b = 0; b < 2; b++) {
                        java.util.Arrays.fill(posterior, b * 512 + 256, b * 512 + 512, -30f); // ... made -30: z = mu
                    }
                    double expected = 0;
                    for (int ch = 0; ch < 4; ch++) {
                        double z = (1 - STATS.shift()[ch]) * STATS.scale()[ch];
                        expected += z * z / 4;
                    }
                    float loss = visual.loss(h, m.create(posterior, new Shape(2, 2, 4, 8, 8)), new SplittableRandom(1))
                            .getFloat();
                    assertEquals(expected, loss, 1e-5);
                } else {
                    // zero eps prediction: DDIM rescales the starting noise, so the result is finite and seeded
                    float[][] again = visual.sample(h, 5, new SplittableRandom(4));
                    assertArrayEquals(latents[0], again[0], 0f);
                }
            }
        }
    }
}
