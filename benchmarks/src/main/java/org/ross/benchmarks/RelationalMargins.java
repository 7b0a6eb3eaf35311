package org.ross.benchmarks;

import static org.ross.benchmarks.VqaReporting.pct;

import ai.djl.Device;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.ross.core.ProgressMonitor;
import org.ross.core.data.SortOfClevr;
import org.ross.core.data.SortOfClevrScene;
import org.ross.core.data.SortOfClevrScene.Colour;
import org.ross.core.data.SortOfClevrScene.Item;
import org.ross.core.data.SortOfClevrTemplate;
import org.ross.core.image.Images;
import org.ross.core.ross.RossModel;
import org.ross.core.table.Allocators;
import org.ross.core.table.ColumnType;
import org.ross.core.table.Row;
import org.ross.core.table.TableReader;

/**
 * Where a trained Sort-of-CLEVR model's closest and furthest answers go wrong. Each such question has a margin: how
 * much nearer the closest object is to the named one than the second closest (for furthest: how much further the
 * furthest is than the second furthest), in pixels. A model that compares distances, but coarsely, fails on small
 * margins where the runner-up has the other shape; one that does not compare them scores like the colour-blind
 * policy (the image's majority shape) at every margin. Accuracy per margin bucket, beside that policy, tells the two
 * apart.
 *
 * <p>{@code ./ross bench relational-margins --model DIR [--test-images N] [--tag NAME] [--quick]}: DIR is a model
 * directory that {@code vqa-experiment --save-models} wrote ({@code models/clevr/<objective>-seed<k>} under the
 * run's scratch folder). The questions are the experiment's held-out set, grown to {@code --test-images} scenes
 * (default 1,000; {@code --quick} 100): its first 200 scenes are the experiment's 200, so the figures on them must
 * equal the run's own. Trains nothing; greedy answers with the KV cache, exact match.
 */
public final class RelationalMargins {

    private static final String NAME = "relational-margins";
    /** Upper bounds of the margin buckets in pixels; objects are 10 px wide in a 64 px scene. */
    private static final double[] BOUNDS = {1, 2, 4, 8, Double.POSITIVE_INFINITY};
    /** The experiment's default held-out set: these first scenes reproduce its figures. */
    private static final int EXPERIMENT_SCENES = VqaBudget.TEST_IMAGES;

    private RelationalMargins() {
    }

    public static void main(String[] args) throws Exception {
        Flags flags = Flags.parse(args, List.of("quick"), List.of("model", "test-images", "tag"));
        String modelDir = flags.text("model", null);
        if (modelDir == null) {
            throw new IllegalArgumentException("--model DIR is required: a model directory written by "
                    + "`./ross bench vqa-experiment --tasks clevr --save-models ...` (models/clevr/<objective>-seed<k> "
                    + "under benchmarks/scratch/vqa-experiment-<tag>)");
        }
        int scenes = flags.integer("test-images", flags.has("quick") ? 100 : 1000);
        if (scenes < 1) {
            throw new IllegalArgumentException("--test-images must be positive, found " + scenes);
        }
        String tag = flags.text("tag", flags.has("quick") ? "quick" : null);
        Path work = Path.of("benchmarks", "scratch", NAME + (tag == null ? "" : "-" + tag));
        Files.createDirectories(work);
        BenchmarkReport report = new BenchmarkReport(NAME, "./ross bench " + NAME + " " + String.join(" ", args));
        report.columns("template", "margin (px)", "questions", "model", "colour-blind policy",
                "questions, runner-up of the other shape", "model on those", "colour-blind policy on those");
        SortOfClevr generator = new SortOfClevr(VqaExperiment.clevrTestSet(scenes));
        Path test = work.resolve("clevr-test.arrow");
        try (BufferAllocator root = Allocators.newRoot(); BufferAllocator allocator = Allocators.child(root, NAME);
             RossModel model = RossModel.load(Path.of(modelDir), Device.cpu())) {
            generator.write(test, allocator, ProgressMonitor.NONE);
            VqaData data = VqaData.read(test, "question_type", model.config().imageSize(), Images.ColorMode.RGB,
                    allocator);
            long t0 = System.nanoTime();
            String[] answers = VqaScoring.answers(model, data, data.questions().length);
            double seconds = (System.nanoTime() - t0) / 1e9;
            Tally tally = new Tally();
            try (TableReader reader = TableReader.open(test, allocator)) {
                int template = reader.spec().require("template", ColumnType.TEXT);
                int question = reader.spec().require("question", ColumnType.TEXT);
                int imageId = reader.spec().require("image_id", ColumnType.INT64);
                int[] row = {0};
                Map<Long, SortOfClevrScene> byImage = new HashMap<>(); // an image's rows share its scene
                reader.forEachRow((Row r) -> {
                    int i = row[0]++;
                    long id = r.int64(imageId);
                    SortOfClevrScene scene = byImage.computeIfAbsent(id, generator::scene);
                    tally.add(SortOfClevrTemplate.ofTag(r.text(template)), scene, r.text(question),
                            id < EXPERIMENT_SCENES, data.types()[i], answers[i].equals(data.answers()[i]));
                });
            }
            tally.report(report);
            report.note(String.format(Locale.ROOT, "Model %s; %d held-out scenes (%d questions) answered in %.1f s. "
                    + "Accuracy per question type and template on all of them: %s. On the first %d scenes (the "
                    + "experiment's held-out set; these must equal the run's own figures): %s.", modelDir, scenes,
                    answers.length, seconds, tally.perTemplate(), Math.min(scenes, EXPERIMENT_SCENES),
                    tally.experimentSet()));
            report.note("Margin: for closest, the second-closest object's distance from the named object minus the "
                    + "closest one's; for furthest, the furthest one's minus the second-furthest one's (centres, "
                    + "pixels; objects are 10 px wide). Runner-up of the other shape: the second-closest (second-"
                    + "furthest) object has the other shape than the answer, so confusing the two changes the "
                    + "answer. Colour-blind policy: the image's majority shape (half a point with three of each).");
            tally.results(report);
        }
        report.write(Path.of("benchmarks", "results"), tag);
    }

    /** Questions of one group, how many the model got right, and the colour-blind policy's points on them. */
    private static final class Group {
        private int questions;
        private int right;
        private double policy;

        void add(boolean modelRight, double policyPoints) {
            questions++;
            right += modelRight ? 1 : 0;
            policy += policyPoints;
        }

        void add(Group other) {
            questions += other.questions;
            right += other.right;
            policy += other.policy;
        }

        double model() {
            return questions == 0 ? Double.NaN : (double) right / questions;
        }

        String modelPct() {
            return questions == 0 ? "-" : pct(model());
        }

        String policyPct() {
            return questions == 0 ? "-" : pct(policy / questions);
        }
    }

    /** One template and margin bucket: all its questions, and those whose runner-up has the other shape. */
    private record Cell(Group all, Group otherShape) {
        Cell() {
            this(new Group(), new Group());
        }
    }

    /** Counts per template and margin bucket, plus plain accuracy per question type and template. */
    private static final class Tally {
        private final Map<String, Cell> cells = new LinkedHashMap<>();
        private final Map<String, Group> templates = new LinkedHashMap<>();
        private final Map<String, Group> types = new LinkedHashMap<>();
        private final Map<String, Group> experiment = new LinkedHashMap<>();

        void add(SortOfClevrTemplate t, SortOfClevrScene scene, String question, boolean experimentScene,
                 String type, boolean right) {
            templates.computeIfAbsent(t.tag(), k -> new Group()).add(right, 0);
            types.computeIfAbsent(type, k -> new Group()).add(right, 0);
            if (experimentScene) {
                experiment.computeIfAbsent(type, k -> new Group()).add(right, 0);
            }
            if (t != SortOfClevrTemplate.CLOSEST && t != SortOfClevrTemplate.FURTHEST) {
                return;
            }
            Item named = scene.item(colourOf(t, question));
            List<Item> others = new ArrayList<>(scene.items().stream().filter(o -> o != named).toList());
            others.sort((a, b) -> Double.compare(distance(named, a), distance(named, b)));
            Item first = t == SortOfClevrTemplate.CLOSEST ? others.get(0) : others.get(others.size() - 1);
            Item second = t == SortOfClevrTemplate.CLOSEST ? others.get(1) : others.get(others.size() - 2);
            double margin = Math.abs(distance(named, second) - distance(named, first));
            double policy = ShareOfAnswer.ShapeCounts.of(t, first.shape().word(), scene).colourBlindPoints();
            Cell cell = cell(t.tag(), bucket(margin));
            cell.all().add(right, policy);
            if (second.shape() != first.shape()) {
                cell.otherShape().add(right, policy);
            }
        }

        void report(BenchmarkReport report) {
            for (SortOfClevrTemplate t : List.of(SortOfClevrTemplate.CLOSEST, SortOfClevrTemplate.FURTHEST)) {
                for (int b = 0; b < BOUNDS.length; b++) {
                    Cell c = cell(t.tag(), b);
                    report.row(t.tag(), label(b), c.all().questions, c.all().modelPct(), c.all().policyPct(),
                            c.otherShape().questions, c.otherShape().modelPct(), c.otherShape().policyPct());
                }
            }
        }

        void results(BenchmarkReport report) {
            for (String t : List.of("closest", "furthest")) {
                report.result(t + "_acc", templates.getOrDefault(t, new Group()).model());
                Group small = new Group(); // margins under 2 px: the first two buckets
                small.add(cell(t, 0).otherShape());
                small.add(cell(t, 1).otherShape());
                report.result(t + "_acc_margin_lt2_other_shape", small.model());
                report.result(t + "_acc_margin_ge8_other_shape", cell(t, BOUNDS.length - 1).otherShape().model());
            }
        }

        String perTemplate() {
            return format(types) + "; " + format(templates);
        }

        String experimentSet() {
            return format(experiment);
        }

        private Cell cell(String template, int bucket) {
            return cells.computeIfAbsent(template + "|" + bucket, k -> new Cell());
        }

        private static String format(Map<String, Group> groups) {
            List<String> parts = new ArrayList<>();
            groups.forEach((k, g) -> parts.add(k + " " + g.modelPct() + " (" + g.right + "/" + g.questions + ")"));
            return String.join(", ", parts);
        }
    }

    /** The colour a closest or furthest question names: the one whose question text it is. */
    private static Colour colourOf(SortOfClevrTemplate t, String question) {
        return Arrays.stream(Colour.values()).filter(c -> t.question(c).equals(question)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("'" + question + "' is not a " + t.tag()
                        + " question of the generator"));
    }

    private static double distance(Item a, Item b) {
        return Math.hypot(a.x() - b.x(), a.y() - b.y());
    }

    private static int bucket(double margin) {
        int b = 0;
        while (margin >= BOUNDS[b]) {
            b++;
        }
        return b;
    }

    private static String label(int b) {
        double from = b == 0 ? 0 : BOUNDS[b - 1];
        return Double.isInfinite(BOUNDS[b]) ? String.format(Locale.ROOT, ">= %.0f", from)
                : String.format(Locale.ROOT, "%.0f to < %.0f", from, BOUNDS[b]);
    }
}
