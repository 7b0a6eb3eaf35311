package org.ross.benchmarks;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.ross.core.data.SortOfClevrTemplate;
import org.ross.core.ross.Objective;

/** The figures and notes of a {@link VqaExperiment} report: percentages, spreads and per-run tables. */
final class VqaReporting {

    private VqaReporting() {
    }

    /** "shape 55.0%, left-right 81.2%, ...": each template's accuracy, averaged over the given runs. */
    static String perTemplate(List<Map<String, Double>> runs) {
        List<String> parts = new ArrayList<>();
        for (SortOfClevrTemplate t : SortOfClevrTemplate.values()) {
            double[] v = values(runs, VqaScoring.TEMPLATE + t.tag());
            if (v.length > 0) {
                parts.add(t.tag() + " " + pct(mean(v)));
            }
        }
        return parts.isEmpty() ? "-" : String.join(", ", parts);
    }

    /** The values the runs hold under {@code key}, leaving out the runs that have none. */
    static double[] values(List<Map<String, Double>> runs, String key) {
        return runs.stream().map(m -> m.get(key)).filter(Objects::nonNull).mapToDouble(Double::doubleValue).toArray();
    }

    static String pct(Double v) {
        return v == null ? "-" : String.format(Locale.ROOT, "%.1f%%", 100 * v);
    }

    /**
     * The accuracy on as many training questions as there are held-out ones (the first ones of the training set),
     * beside the held-out figure: the gap between the two is how much of a run's training loss is memorisation.
     */
    static void noteTrainingAccuracy(BenchmarkReport report, String task, Objective objective, List<VqaRun> runs,
                                     VqaData train, VqaData test, String... types) {
        List<String> parts = new ArrayList<>();
        for (String type : types) {
            parts.add(String.format(Locale.ROOT, "%s %s (held-out %s)", type,
                    pct(mean(collect(runs, VqaScoring.TRAIN + type))), pct(mean(collect(runs, type)))));
        }
        report.note(String.format(Locale.ROOT, "%s %s on the first %d training questions (mean over seeds): %s.", task,
                objective, VqaScoring.trainingQuestions(train, test), String.join(", ", parts)));
    }

    /**
     * For each run scored during training ({@code --eval-every}), a table of its held-out accuracy by step: the
     * question types, every Sort-of-CLEVR template, then each shape-valued template on its minority-shape answers
     * ({@link ShareOfAnswer#of}); the last row is the final scoring.
     */
    static void noteDuring(BenchmarkReport report, String task, Objective objective, List<VqaRun> runs,
                           int steps, List<String> types) {
        for (VqaRun run : runs) {
            if (run.during().isEmpty()) {
                continue;
            }
            Map<Long, Map<String, Double>> points = new TreeMap<>(run.during());
            if (run.failure() == null) {
                points.put((long) steps, run.accuracy());
            }
            List<String> columns = new ArrayList<>(types);
            for (SortOfClevrTemplate t : SortOfClevrTemplate.values()) {
                if (points.values().stream().anyMatch(a -> a.containsKey(VqaScoring.TEMPLATE + t.tag()))) {
                    columns.add(VqaScoring.TEMPLATE + t.tag());
                }
            }
            // the minority-shape answers: what a template reads beyond the image's make-up
            for (SortOfClevrTemplate t : SortOfClevrTemplate.values()) {
                String key = ShareOfAnswer.key(t.tag(), ShareOfAnswer.MINORITY);
                if (points.values().stream().anyMatch(a -> a.containsKey(key))) {
                    columns.add(key);
                }
            }
            StringBuilder table = new StringBuilder(String.format(Locale.ROOT,
                    "%s %s seed %d, held-out accuracy during training:\n\n| step | %s |\n|---|%s\n", task, objective,
                    run.seed(), String.join(" | ", columns.stream().map(VqaReporting::columnName).toList()),
                    "---|".repeat(columns.size())));
            points.forEach((step, accuracy) -> table.append("| ").append(step).append(" | ")
                    .append(String.join(" | ", columns.stream().map(c -> pct(accuracy.get(c))).toList()))
                    .append(" |\n"));
            report.note(table.toString().strip());
        }
    }

    /** "closest" for a template's accuracy, "closest, minority" for its {@link ShareOfAnswer#MINORITY} group's. */
    static String columnName(String key) {
        return key.replace(VqaScoring.TEMPLATE, "").replace(":", ", ");
    }

    /** The accuracies of the runs that finished training. */
    static double[] collect(List<VqaRun> runs, String type) {
        return runs.stream().filter(r -> r.failure() == null)
                .mapToDouble(r -> r.accuracy().getOrDefault(type, Double.NaN)).toArray();
    }

    static double[] seconds(List<VqaRun> runs) {
        return runs.stream().filter(r -> r.failure() == null).mapToDouble(VqaRun::seconds).toArray();
    }

    /** "3", or "2 of 3 (seed 2 diverged)" when some seeds' training stopped. */
    static String seeds(List<VqaRun> runs) {
        List<String> failed = runs.stream().filter(r -> r.failure() != null).map(r -> "seed " + r.seed()).toList();
        return failed.isEmpty() ? Integer.toString(runs.size())
                : (runs.size() - failed.size()) + " of " + runs.size() + " (" + String.join(", ", failed)
                        + " diverged)";
    }

    static void noteFailures(BenchmarkReport report, String task, Objective objective, List<VqaRun> runs) {
        for (VqaRun run : runs) {
            if (run.skipped() > 0) {
                report.note(String.format(Locale.ROOT, "%s %s seed %d: %d update(s) skipped for a non-finite "
                        + "gradient (docs/architecture.md).", task, objective, run.seed(), run.skipped()));
            }
            if (run.failure() != null) {
                report.note(task + " " + objective + " seed " + run.seed() + ": " + run.failure());
            }
        }
    }

    static double mean(double[] v) {
        return Arrays.stream(v).average().orElse(Double.NaN);
    }

    /** The sample standard deviation (n - 1); NaN for fewer than two values. */
    static double sd(double[] v) {
        double m = mean(v);
        return v.length < 2 ? Double.NaN
                : Math.sqrt(Arrays.stream(v).map(x -> (x - m) * (x - m)).sum() / (v.length - 1));
    }

    /** "mean% ± sd" over seeds; a single seed has no spread and shows its value alone. */
    static String pm(double[] v) {
        return v.length < 2 ? pct(mean(v)) : String.format(Locale.ROOT, "%.1f%% ± %.1f", 100 * mean(v), 100 * sd(v));
    }

    /** Mean over the trained seeds of the final L_text and L_visual ("-" for TEXT_ONLY's visual loss). */
    static String losses(List<VqaRun> runs) {
        List<VqaRun> trained = runs.stream().filter(r -> r.failure() == null).toList();
        double text = trained.stream().mapToDouble(VqaRun::lossText).average().orElse(Double.NaN);
        double visual = trained.stream().mapToDouble(VqaRun::lossVisual).average().orElse(Double.NaN);
        return visual > 0 ? String.format(Locale.ROOT, "%.4f / %.4f", text, visual)
                : String.format(Locale.ROOT, "%.4f / -", text);
    }

    static String perSeed(double[] a, double[] b) {
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < a.length; i++) {
            parts.add(String.format(Locale.ROOT, "%.1f/%.1f", 100 * a[i], 100 * b[i]));
        }
        return String.join(", ", parts);
    }
}
