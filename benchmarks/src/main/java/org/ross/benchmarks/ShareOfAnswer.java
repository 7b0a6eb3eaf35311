package org.ross.benchmarks;

import static org.ross.benchmarks.VqaReporting.mean;
import static org.ross.benchmarks.VqaReporting.pct;
import static org.ross.benchmarks.VqaReporting.values;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.arrow.memory.BufferAllocator;
import org.ross.core.data.SortOfClevr;
import org.ross.core.data.SortOfClevrScene;
import org.ross.core.data.SortOfClevrTemplate;
import org.ross.core.table.ColumnType;
import org.ross.core.table.Row;
import org.ross.core.table.TableReader;

/**
 * The Sort-of-CLEVR split by the answer's share of the image: whether a shape-valued or count question's answer
 * is about the image's majority or minority shape, and the colour-blind policy that this split measures against.
 */
final class ShareOfAnswer {

    /** The answer is about the image's majority shape: the colour-blind policy answers it right. */
    static final String MAJORITY = "majority";
    /** The answer is about the image's minority shape: the colour-blind policy answers it wrong. */
    static final String MINORITY = "minority";

    private ShareOfAnswer() {
    }

    /**
     * Per question of a Sort-of-CLEVR table, whether its answer is about the image's majority shape ({@link #MAJORITY})
     * or its minority shape ({@link #MINORITY}): the answer itself for shape, closest and furthest, the named object's
     * shape for count (its count is the larger one exactly when that shape is the majority). Null for left-right,
     * top-bottom and images with three circles and three squares. The colour-blind policy scores 100% on the first
     * group and 0% on the second, so a model's accuracy on the minority group is what it reads beyond the make-up.
     */
    static String[] of(Path test, SortOfClevr generator, BufferAllocator allocator) {
        List<String> out = new ArrayList<>();
        forEachQuestion(test, generator, allocator, q -> {
            Boolean majorityAnswer = q.tie() ? null : q.majorityAnswer();
            out.add(majorityAnswer == null ? null : majorityAnswer ? MAJORITY : MINORITY);
        });
        return out.toArray(new String[0]);
    }

    /**
     * A second blind baseline, for the shape-valued and count templates: the policy that knows each test image's
     * numbers of circles and squares but not which object has which colour. It answers the majority shape to a shape,
     * closest or furthest question (half a point on a tie) and the majority shape's count to a count question. An arm
     * near these figures and at chance on left-right and top-bottom has learned the image's global make-up, not to
     * find the object a question names.
     */
    static Map<String, Double> colourBlind(Path test, SortOfClevr generator, BufferAllocator allocator) {
        Map<String, double[]> sums = new HashMap<>(); // template -> {points, questions}
        forEachQuestion(test, generator, allocator, q -> {
            Double points = q.colourBlindPoints();
            if (points == null) {
                return; // left-right, top-bottom: without the colour there is nothing to look at
            }
            double[] sum = sums.computeIfAbsent(VqaScoring.TEMPLATE + q.template().tag(), k -> new double[2]);
            sum[0] += points;
            sum[1]++;
        });
        Map<String, Double> out = new HashMap<>();
        sums.forEach((k, v) -> out.put(k, v[0] / v[1]));
        return out;
    }

    /** One row of a Sort-of-CLEVR table: its template, its answer, and how many circles and squares its image has. */
    record ShapeCounts(SortOfClevrTemplate template, String truth, long circles, long squares) {

        /** The counts of {@code scene}, for a question of {@code template} whose right answer is {@code truth}. */
        static ShapeCounts of(SortOfClevrTemplate template, String truth, SortOfClevrScene scene) {
            long circles = scene.items().stream().filter(i -> i.shape() == SortOfClevrScene.Shape.CIRCLE).count();
            return new ShapeCounts(template, truth, circles, scene.items().size() - circles);
        }

        /** Three circles and three squares: the image has no majority shape. */
        boolean tie() {
            return circles == squares;
        }

        /**
         * Whether the colour-blind policy's answer is right: the majority shape for shape, closest and furthest, its
         * count for count. Null for left-right and top-bottom, which are not about a shape. On a {@link #tie} the
         * count is always right and a shape answer is compared with "square".
         */
        Boolean majorityAnswer() {
            return switch (template) {
                case COUNT -> truth.equals(Long.toString(Math.max(circles, squares)));
                case SHAPE, CLOSEST, FURTHEST -> truth.equals((circles > squares ? SortOfClevrScene.Shape.CIRCLE
                        : SortOfClevrScene.Shape.SQUARE).word());
                default -> null;
            };
        }

        /**
         * The colour-blind policy's points on this question: 1 or 0, and on a {@link #tie} half a point for a shape
         * (a coin flip; the count is right either way). Null where {@link #majorityAnswer} is.
         */
        Double colourBlindPoints() {
            Boolean right = majorityAnswer();
            if (right == null) {
                return null;
            }
            return tie() && template != SortOfClevrTemplate.COUNT ? 0.5 : right ? 1.0 : 0.0;
        }
    }

    /** Each row of a Sort-of-CLEVR table in order, with its scene's shape counts rebuilt by the seeded generator. */
    private static void forEachQuestion(Path test, SortOfClevr generator, BufferAllocator allocator,
                                        Consumer<ShapeCounts> action) {
        try (TableReader reader = TableReader.open(test, allocator)) {
            int template = reader.spec().require("template", ColumnType.TEXT);
            int answer = reader.spec().require("answer", ColumnType.TEXT);
            int imageId = reader.spec().require("image_id", ColumnType.INT64);
            reader.forEachRow((Row r) -> {
                action.accept(ShapeCounts.of(SortOfClevrTemplate.ofTag(r.text(template)), r.text(answer),
                        generator.scene(r.int64(imageId))));
            });
        }
    }

    /** The key of one template's accuracy on the {@link #MAJORITY} or {@link #MINORITY} group. */
    static String key(String template, String share) {
        return VqaScoring.TEMPLATE + template + ":" + share;
    }

    /** "shape 99.0% / 97.5%, closest ...": each split template's majority / minority accuracy over the runs. */
    static String perTemplate(List<Map<String, Double>> runs) {
        List<String> parts = new ArrayList<>();
        for (SortOfClevrTemplate t : SortOfClevrTemplate.values()) {
            double[] majority = values(runs, key(t.tag(), MAJORITY));
            double[] minority = values(runs, key(t.tag(), MINORITY));
            if (majority.length > 0 && minority.length > 0) {
                parts.add(t.tag() + " " + pct(mean(majority)) + " / " + pct(mean(minority)));
            }
        }
        return parts.isEmpty() ? "-" : String.join(", ", parts);
    }
}
