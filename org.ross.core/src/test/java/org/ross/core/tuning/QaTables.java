package org.ross.core.tuning;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.SplittableRandom;
import java.util.function.IntFunction;
import java.util.function.UnaryOperator;
import org.apache.arrow.memory.BufferAllocator;
import org.ross.core.ProgressMonitor;
import org.ross.core.data.SortOfClevr;
import org.ross.core.data.SortOfClevrConfig;
import org.ross.core.table.ColumnSpec;
import org.ross.core.table.Row;
import org.ross.core.table.TableReader;
import org.ross.core.table.TableSpec;
import org.ross.core.table.TableWriter;

/** Small Sort-of-CLEVR QA tables with random latent posteriors (one per image) for the tiny preset. */
final class QaTables {

    static final int CHANNELS = 4;
    static final int GRID = 8; // the tiny preset's 4x4 token grid, folded with k = 2

    static final TableSpec SPEC = TableSpec.of(ColumnSpec.image("image"), ColumnSpec.text("question"),
            ColumnSpec.text("answer"), ColumnSpec.latent("latent", CHANNELS, GRID, GRID));

    private QaTables() {
    }

    /** {@code images} scenes of 32 px with {@code 2 * questionsPerType} questions each, plus latents. */
    static Path sortOfClevr(Path dir, int images, int questionsPerType, long seed, BufferAllocator allocator) {
        return sortOfClevr(dir, images, questionsPerType, seed, allocator, QaTables::posterior);
    }

    /** As above; {@code latentOfRow} gives each row's posterior (to plant bad values). */
    static Path sortOfClevr(Path dir, int images, int questionsPerType, long seed, BufferAllocator allocator,
            IntFunction<float[]> latentOfImage) {
        return sortOfClevr(dir, images, questionsPerType, seed, allocator, latentOfImage, q -> q);
    }

    /** As above, with every question rewritten by {@code editQuestion} (to plant unknown words). */
    static Path sortOfClevr(Path dir, int images, int questionsPerType, long seed, BufferAllocator allocator,
            IntFunction<float[]> latentOfImage, UnaryOperator<String> editQuestion) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Path raw = dir.resolve("clevr.arrow");
        new SortOfClevr(new SortOfClevrConfig(images, 32, questionsPerType, seed)).write(raw, allocator,
                ProgressMonitor.NONE);
        Path out = dir.resolve("qa.arrow");
        try (TableReader r = TableReader.open(raw, allocator);
             TableWriter w = TableWriter.create(out, SPEC, allocator)) {
            int image = r.spec().indexOf("image");
            int question = r.spec().indexOf("question");
            int answer = r.spec().indexOf("answer");
            int id = r.spec().indexOf("image_id");
            Iterator<Row> rows = r.rows();
            while (rows.hasNext()) {
                Row row = rows.next();
                w.addRow(row.bytes(image), editQuestion.apply(row.text(question)), row.text(answer),
                        latentOfImage.apply((int) row.int64(id)));
            }
            w.commit();
        }
        return out;
    }

    /** A deterministic posterior for image {@code id}: means N(0.5, 2^2), log-variances -2. */
    static float[] posterior(int id) {
        SplittableRandom rng = new SplittableRandom(1000 + id);
        int half = CHANNELS * GRID * GRID;
        float[] p = new float[2 * half];
        for (int k = 0; k < half; k++) {
            p[k] = (float) (0.5 + 2 * rng.nextGaussian());
            p[half + k] = -2f;
        }
        return p;
    }

    static Path empty(Path dir, BufferAllocator allocator) {
        Path out = dir.resolve("empty.arrow");
        try (TableWriter w = TableWriter.create(out, SPEC, allocator)) {
            w.commit();
        }
        return out;
    }
}
