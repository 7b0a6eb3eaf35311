package org.ross.core.score;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.ross.core.image.Images;

class AurocTest {

    private static final boolean[] LABELS = {false, false, true, false, true, true};

    @Test
    void perfectSeparationIsOneWithTheThresholdBetweenTheClasses() {
        Auroc.Result r = Auroc.of(new double[] {0.1, 0.2, 0.9, 0.3, 0.8, 0.7}, LABELS);
        assertEquals(1.0, r.auroc(), 0);
        assertEquals(0.7, r.best().threshold(), 0);
        assertEquals(1.0, r.youdenJ(), 0);
        assertEquals(3, r.positives());
        assertEquals(3, r.negatives());
        assertEquals(0, r.points().get(0).fpr(), 0);
        Auroc.Point last = r.points().get(r.points().size() - 1);
        assertEquals(1, last.fpr(), 0);
        assertEquals(1, last.tpr(), 0);
    }

    @Test
    void invertedScoresGiveZero() {
        assertEquals(0.0, Auroc.of(new double[] {0.9, 0.8, 0.1, 0.7, 0.2, 0.3}, LABELS).auroc(), 0);
    }

    @Test
    void allTiedScoresGiveOneHalf() {
        assertEquals(0.5, Auroc.of(new double[] {1, 1, 1, 1, 1, 1}, LABELS).auroc(), 0);
    }

    @Test
    void partialTiesCountHalfAsInMannWhitney() {
        // positives {2, 1}, negatives {1, 0}: pairs (2>1) (2>0) (1=1) (1>0) -> (3 + 0.5) / 4
        Auroc.Result r = Auroc.of(new double[] {2, 1, 1, 0}, new boolean[] {true, true, false, false});
        assertEquals(0.875, r.auroc(), 1e-12);
    }

    @Test
    void oneClassOnlyIsRefusedWithTheCounts() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Auroc.of(new double[] {1, 2}, new boolean[] {true, true}));
        assertTrue(e.getMessage().contains("2 positive and 0 negative"), e.getMessage());
    }

    @Test
    void rocCurvePngHasItsSize() {
        Auroc.Result r = Auroc.of(new double[] {0.1, 0.2, 0.9, 0.3, 0.8, 0.7}, LABELS);
        BufferedImage img = Images.decode(RocCurve.png(List.of("ross"), List.of(r)));
        assertEquals(RocCurve.SIZE, img.getWidth());
        assertEquals(RocCurve.SIZE, img.getHeight());
    }
}
