package org.ross.core.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.Iterator;
import javax.imageio.ImageIO;
import org.apache.arrow.memory.BufferAllocator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ross.core.table.Allocators;
import org.ross.core.table.Row;
import org.ross.core.table.TableReader;

class TrainingLogTest {

    @TempDir
    Path dir;

    static TrainingLog sampleLog() {
        TrainingLog log = new TrainingLog();
        for (int s = 1; s <= 60; s++) {
            int epoch = (s - 1) / 20 + 1;
            double text = 3 * Math.exp(-s / 15.0) + 0.2;
            double visual = 1.0 / (1 + s / 10.0);
            log.add(new TrainingLog.Row(s, epoch, text, visual, text + visual, 1e-3, 1.5, Double.NaN, Double.NaN,
                    s * 0.1));
            if (s % 20 == 0) {
                log.recordValidation(text + visual + 0.1, 0.5 + s / 200.0);
            }
        }
        return log;
    }

    @Test
    void tableHasTheDocumentedColumnsAndValues() {
        Path file = dir.resolve("log.arrow");
        try (BufferAllocator root = Allocators.newRoot()) {
            TrainingLog log = sampleLog();
            log.writeTable(file, root);
            assertEquals(TrainingLog.SPEC, TableReader.readSpec(file, root));
            try (TableReader r = TableReader.open(file, root)) {
                assertEquals(60, r.rowCount());
                Iterator<Row> rows = r.rows();
                Row first = rows.next();
                assertEquals(1L, first.int64(0));
                assertEquals(1L, first.int64(1));
                assertEquals(log.rows().get(0).lossText(), first.float64(2));
                assertEquals(1.5, first.float64(6)); // grad_norm
                assertTrue(Double.isNaN(first.float64(7)));
                for (int i = 1; i < 19; i++) {
                    rows.next();
                }
                Row end = rows.next();
                assertEquals(20L, end.int64(0));
                assertEquals(0.6, end.float64(8), 1e-12);
                assertEquals(log.rows().get(19).valLoss(), end.float64(7));
            }
        }
    }

    @Test
    void pngDecodesAtItsSizeWithBothSeriesAndValidationPoints() throws Exception {
        for (boolean logY : new boolean[] {false, true}) {
            Path file = dir.resolve("curve-" + logY + ".png");
            sampleLog().writePng(file, 640, 400, logY);
            BufferedImage image = ImageIO.read(file.toFile());
            assertEquals(640, image.getWidth());
            assertEquals(400, image.getHeight());
            // the legend swatches hold 72 pixels each; a drawn line across the plot holds far more
            assertTrue(count(image, LossCurve.TEXT) > 400, "L_text line, logY " + logY);
            assertTrue(count(image, LossCurve.VISUAL) > 400, "L_visual line, logY " + logY);
            assertTrue(count(image, LossCurve.VALIDATION) >= 72 + 3 * 25, "validation points, logY " + logY);
        }
    }

    @Test
    void emptyLogStillDraws() {
        BufferedImage image = LossCurve.render(new TrainingLog().rows(), 320, 200, true);
        assertEquals(320, image.getWidth());
    }

    private static int count(BufferedImage image, Color c) {
        int n = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                if ((image.getRGB(x, y) & 0xFFFFFF) == (c.getRGB() & 0xFFFFFF)) {
                    n++;
                }
            }
        }
        return n;
    }
}
