package org.ross.core.train;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import javax.imageio.ImageIO;
import org.apache.arrow.memory.BufferAllocator;
import org.ross.core.table.ColumnSpec;
import org.ross.core.table.TableSpec;
import org.ross.core.table.TableWriter;

/**
 * One row per optimizer step: the losses of the step's examples, the learning rate used, and
 * (on the last step of an epoch) the validation loss and accuracy; NaN where not computed.
 * Written as the Tuner's training-log table and drawn as its loss curve.
 */
public final class TrainingLog {

    /** Column names of {@link #writeTable}, in order. */
    public static final TableSpec SPEC = TableSpec.of(ColumnSpec.int64("step"), ColumnSpec.int64("epoch"),
            ColumnSpec.float64("loss_text"), ColumnSpec.float64("loss_visual"), ColumnSpec.float64("loss_total"),
            ColumnSpec.float64("lr"), ColumnSpec.float64("grad_norm"), ColumnSpec.float64("val_loss"),
            ColumnSpec.float64("val_accuracy"), ColumnSpec.float64("seconds"));

    /**
     * @param step     optimizer steps done, counting this one (1-based)
     * @param epoch    1-based epoch the step belongs to
     * @param lr       the base learning rate of this step (the schedule times {@code learningRate})
     * @param gradNorm the global gradient norm before clipping; not finite when the update was skipped
     * @param seconds  wall-clock seconds since the run started, summed over resumed sessions
     */
    public record Row(long step, int epoch, double lossText, double lossVisual, double lossTotal, double lr,
            double gradNorm, double valLoss, double valAccuracy, double seconds) {

        public Row withValidation(double loss, double accuracy) {
            return new Row(step, epoch, lossText, lossVisual, lossTotal, lr, gradNorm, loss, accuracy, seconds);
        }

        /** Whether this step made no update because its gradient was not finite. */
        public boolean skipped() {
            return !Double.isFinite(gradNorm);
        }

        public boolean hasValidation() {
            return !Double.isNaN(valLoss);
        }
    }

    private final List<Row> rows = new ArrayList<>();

    public TrainingLog() {
    }

    public TrainingLog(List<Row> rows) {
        this.rows.addAll(rows);
    }

    public void add(Row row) {
        rows.add(row);
    }

    /** Adds the validation results to the most recent row (the last step of the epoch just validated). */
    void recordValidation(double loss, double accuracy) {
        if (rows.isEmpty()) {
            throw new IllegalStateException("no step to attach validation results to");
        }
        int last = rows.size() - 1;
        rows.set(last, rows.get(last).withValidation(loss, accuracy));
    }

    public List<Row> rows() {
        return Collections.unmodifiableList(rows);
    }

    /** The rows as an Arrow table at {@code target} (int64 step and epoch, float64 for the rest). */
    public void writeTable(Path target, BufferAllocator allocator) {
        try (TableWriter w = TableWriter.create(target, SPEC, allocator)) {
            for (Row r : rows) {
                w.addRow(r.step(), (long) r.epoch(), r.lossText(), r.lossVisual(), r.lossTotal(), r.lr(),
                        r.gradNorm(), r.valLoss(), r.valAccuracy(), r.seconds());
            }
            w.commit();
        }
    }

    /** The loss curve ({@link LossCurve}) as a PNG at {@code target}, written to a temporary file first. */
    public void writePng(Path target, int width, int height, boolean logY) throws IOException {
        BufferedImage image = LossCurve.render(rows, width, height, logY);
        Path dir = target.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path temporary = Files.createTempFile(dir, "." + target.getFileName(), ".tmp");
        try {
            if (!ImageIO.write(image, "png", temporary.toFile())) {
                throw new IOException("no PNG writer available for " + target);
            }
            Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }
}
