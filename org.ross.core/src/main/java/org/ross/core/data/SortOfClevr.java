package org.ross.core.data;

import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.apache.arrow.memory.BufferAllocator;
import org.ross.core.ProgressMonitor;
import org.ross.core.data.SortOfClevrScene.Colour;
import org.ross.core.image.Images;
import org.ross.core.table.ColumnSpec;
import org.ross.core.table.TableSpec;
import org.ross.core.table.TableWriter;

/**
 * Writes a seeded Sort-of-CLEVR visual question answering table (DESIGN.md section 6): per image,
 * {@code questionsPerType} non-relational then as many relational questions, each a template and
 * colour drawn by the image's own random stream. Image i depends only on the seed and i, so tables
 * of different lengths share their first images. Rows of one image share identical PNG bytes.
 */
public final class SortOfClevr {

    private static final List<SortOfClevrTemplate> NON_RELATIONAL = List.of(
            SortOfClevrTemplate.SHAPE, SortOfClevrTemplate.LEFT_RIGHT, SortOfClevrTemplate.TOP_BOTTOM);
    private static final List<SortOfClevrTemplate> RELATIONAL = List.of(
            SortOfClevrTemplate.CLOSEST, SortOfClevrTemplate.FURTHEST, SortOfClevrTemplate.COUNT);

    private final SortOfClevrConfig config;

    public SortOfClevr(SortOfClevrConfig config) {
        this.config = config;
    }

    /** The output columns: image, question, answer, question_type, template, image_id. */
    public static TableSpec spec() {
        return TableSpec.of(ColumnSpec.image("image"), ColumnSpec.text("question"),
                ColumnSpec.text("answer"), ColumnSpec.text("question_type"),
                ColumnSpec.text("template"), ColumnSpec.int64("image_id"));
    }

    /** The answer to {@code template} about the {@code colour} object: the generator's ground truth. */
    public static String answer(SortOfClevrScene scene, SortOfClevrTemplate template, Colour colour) {
        return template.answer(scene, colour);
    }

    /** The scene of image {@code imageId}, as {@link #write} renders it. */
    public SortOfClevrScene scene(long imageId) {
        return SortOfClevrScene.sample(randomFor(imageId), config.imageSize());
    }

    /** Generates the table at {@code target} and returns its row count. */
    public long write(Path target, BufferAllocator allocator, ProgressMonitor monitor) {
        try (TableWriter out = TableWriter.create(target, spec(), allocator)) {
            for (long id = 0; id < config.images(); id++) {
                if (id % 64 == 0) {
                    monitor.checkCancelled();
                    monitor.progress((double) id / config.images(), "image " + id + " of " + config.images());
                }
                Random rng = randomFor(id);
                SortOfClevrScene scene = SortOfClevrScene.sample(rng, config.imageSize());
                byte[] png = Images.encodePng(scene.render());
                for (List<SortOfClevrTemplate> kind : List.of(NON_RELATIONAL, RELATIONAL)) {
                    for (int q = 0; q < config.questionsPerType(); q++) {
                        SortOfClevrTemplate t = kind.get(rng.nextInt(kind.size()));
                        Colour c = Colour.values()[rng.nextInt(Colour.values().length)];
                        out.addRow(png, t.question(c), t.answer(scene, c), t.questionType(), t.tag(), id);
                    }
                }
            }
            out.commit();
            monitor.progress(1, "wrote " + out.rowsWritten() + " questions");
            return out.rowsWritten();
        }
    }

    /** The random stream of one image: the seed and the image id mixed by SplitMix64's finaliser. */
    private Random randomFor(long imageId) {
        long z = config.seed() + 0x9E3779B97F4A7C15L * (imageId + 1);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return new Random(z ^ (z >>> 31));
    }
}
