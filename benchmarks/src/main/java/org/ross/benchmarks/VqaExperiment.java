package org.ross.benchmarks;

import static org.ross.benchmarks.VqaReporting.collect;
import static org.ross.benchmarks.VqaReporting.losses;
import static org.ross.benchmarks.VqaReporting.mean;
import static org.ross.benchmarks.VqaReporting.noteDuring;
import static org.ross.benchmarks.VqaReporting.noteFailures;
import static org.ross.benchmarks.VqaReporting.noteTrainingAccuracy;
import static org.ross.benchmarks.VqaReporting.pct;
import static org.ross.benchmarks.VqaReporting.perSeed;
import static org.ross.benchmarks.VqaReporting.perTemplate;
import static org.ross.benchmarks.VqaReporting.pm;
import static org.ross.benchmarks.VqaReporting.seconds;
import static org.ross.benchmarks.VqaReporting.seeds;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.ross.core.ProgressMonitor;
import org.ross.core.data.FashionMnist;
import org.ross.core.data.SortOfClevr;
import org.ross.core.data.SortOfClevrConfig;
import org.ross.core.image.Images;
import org.ross.core.ross.Objective;
import org.ross.core.ross.RossConfig;
import org.ross.core.table.Allocators;
import org.ross.core.table.ColumnSpec;
import org.ross.core.table.ColumnType;
import org.ross.core.table.TableReader;
import org.ross.core.table.TableSpec;
import org.ross.core.table.TableWriter;
import org.ross.core.tokenizer.TokenizerConfig;
import org.ross.core.tokenizer.TokenizerTrainingConfig;

/**
 * ROSS versus the text-only baseline (issue 4). One fixed training budget shared by every arm: the same training
 * examples, the same number of optimizer steps, batch size, learning rate and seed set; only the objective differs.
 *
 * <ul>
 * <li>Sort-of-CLEVR (small preset, 64 px): TEXT_ONLY vs ROSS_R vs ROSS_D; accuracy of greedy answers on held-out
 *     images (another generator seed) for non-relational and relational questions, mean and spread over seeds.</li>
 * <li>Fashion-MNIST VQA (small preset at 32 px grey): "what item is this?" plus two attribute questions derived from
 *     the label (footwear or not, has sleeves or not); TEXT_ONLY vs ROSS_D on the test split (ROSS_R when
 *     {@code --objectives} names it).</li>
 * </ul>
 * ROSS targets come from an Image Tokenizer fitted on the training images first (the same engine call as the node).
 * Each arm is also scored on as many training questions as held-out ones (the first of the training set), so a
 * result tells a model that learned to look from one that memorised its training images.
 *
 * <p>Budget flags: {@code --steps N --seeds N --first-seed N --train-images N --test-images N --fashion-train N
 * --fashion-test N --batch N --lr X --tokenizer-steps N} (the tokenizer's optimizer steps, whatever the number
 * of images);
 * {@code --quick} is a spot check (one seed, few steps, under five minutes on two cores), not a
 * result. Lever flags: {@code --tasks clevr,fashion --objectives PRIOR,TEXT_ONLY,ROSS_R,ROSS_D --lambda X --draws N
 * --denoiser-layers N --patch N --turns N --augment N --weight-decay X --hold X --oversample TEMPLATE=N --eval-every N
 * --tag NAME} (a tagged
 * run writes
 * {@code benchmarks/results/vqa-experiment-NAME.md}; {@code --patch} sets the vision encoder's patch side, so the
 * number of image tokens, in both the TEXT_ONLY and the ROSS arms; {@code --turns} packs up to N questions about one
 * image into each training conversation, in every arm; {@code --augment} adds N transformed copies of each
 * Fashion-MNIST training image ({@link Augmentation}), the tokenizer still fitted on the originals;
 * {@code --weight-decay} sets AdamW's decoupled weight decay, 0 in the preset as in the paper; {@code --hold}
 * keeps the learning rate at its peak for that share of the steps after the warm-up, before the cosine decay
 * (0 in the preset, as in the paper); {@code --oversample closest=3} trains on one Sort-of-CLEVR template's
 * questions N times per pass instead of once, the copies in conversations of their own; {@code --eval-every}
 * also scores the held-out questions every N steps of training, untimed, and tabulates them by step).
 * {@code --save-models} keeps each trained model under the run's scratch folder,
 * {@code models/<task>/<objective>-seed<k>}, for inspection with the nodes; it changes no result.
 */
public final class VqaExperiment {

    private static final String NAME = "vqa-experiment";
    private static final List<String> SLEEVES = List.of("t-shirt/top", "pullover", "coat", "shirt");
    private static final List<String> FOOTWEAR = List.of("sandal", "sneaker", "ankle boot");

    private VqaExperiment() {
    }

    public static void main(String[] args) throws Exception {
        VqaBudget budget = VqaBudget.of(args);
        boolean quick = budget.quick();
        String tag = budget.levers().tag();
        Path resultsDirectory = Path.of("benchmarks", "results");
        if (tag == null && !quick) {
            refuseToReplaceCombined(resultsDirectory.resolve(NAME + ".md"));
        }
        Path work = Path.of("benchmarks", "scratch", NAME + (tag != null ? "-" + tag : quick ? "-quick" : ""));
        Files.createDirectories(work);
        BenchmarkReport report = new BenchmarkReport(NAME, "./ross bench " + NAME + " " + String.join(" ", args));
        report.columns("task", "objective", "seeds", "accuracy A (mean ± sd)", "accuracy B (mean ± sd)",
                "accuracy C (mean ± sd)", "train s per seed", "per seed (A/B)", "final L_text / L_visual");
        Map<String, Double> results = new LinkedHashMap<>();
        try (BufferAllocator root = Allocators.newRoot(); BufferAllocator allocator = Allocators.child(root, NAME)) {
            if (budget.levers().tasks().contains("clevr")) {
                clevr(budget, work, allocator, report, results);
            }
            if (budget.levers().tasks().contains("fashion")) {
                fashion(budget, work, allocator, report, results);
            }
        }
        report.note(String.format(Locale.ROOT, "Budget shared by every arm: %d optimizer steps of batch %d, "
                + "AdamW lr %.0e (3%% warm-up, cosine), seeds %d..%d; Sort-of-CLEVR %d training images (20 "
                + "questions each), %d held-out images (another generator seed, 4 questions each); Fashion-MNIST %d "
                + "training and %d test images (3 questions each). Tokenizer: KL-VAE, f = 4, 4 channels, %d steps of "
                + "%d images. Greedy answers with the KV cache; exact match. Columns A/B/C: Sort-of-CLEVR "
                + "non-relational/relational/-; Fashion-MNIST item/footwear/sleeves.", budget.steps(), budget.batch(),
                budget.lr(), budget.firstSeed(), budget.firstSeed() + budget.seeds() - 1, budget.trainImages(),
                budget.testImages(), budget.fashionTrain(), budget.fashionTest(), budget.tokenizerSteps(),
                TokenizerTrainingConfig.DEFAULT_BATCH_SIZE));
        report.note("ROSS settings: " + budget.levers().describe() + ".");
        double gain = results.getOrDefault("rel_acc_ross_d", Double.NaN)
                - results.getOrDefault("rel_acc_text_only", Double.NaN);
        List<String> targets = targets(results, Double.isNaN(gain) ? null : String.format(Locale.ROOT,
                "ROSS_D - TEXT_ONLY relational >= +2 points -> %s (%+.1f points)", gain >= 0.02 ? "met" : "MISSED",
                100 * gain));
        if (!targets.isEmpty()) {
            report.note("Targets (issue 4): " + String.join("; ", targets) + ".");
        }
        for (String key : List.of("nonrel_acc_ross_d", "rel_acc_ross_d", "rel_acc_text_only", "rel_acc_ross_r",
                "nonrel_acc_prior", "rel_acc_prior")) {
            if (results.containsKey(key)) {
                report.result(key, results.get(key));
            }
        }
        if (!Double.isNaN(gain)) {
            report.result("rel_gain_ross_d_over_text_only", gain);
        }
        for (String key : List.of("fashion_item_acc_ross_d", "fashion_item_acc_text_only", "fashion_item_acc_ross_r",
                "fashion_item_acc_prior")) {
            if (results.containsKey(key)) {
                report.result(key, results.get(key));
            }
        }
        if (tag != null) {
            report.write(resultsDirectory, tag);
        } else {
            report.write(resultsDirectory, quick);
        }
    }

    /**
     * Fails, before anything is trained, when an untagged full run would replace a main result that {@code
     * vqa-experiment-seeds --main} combined from per-seed files: this run's one budget is not the per-task budgets
     * that file holds, and scripts read its {@code RESULT} line.
     */
    static void refuseToReplaceCombined(Path main) throws IOException {
        if (!Files.exists(main)) {
            return;
        }
        String command = Files.readAllLines(main, StandardCharsets.UTF_8).stream()
                .filter(line -> line.startsWith(BenchmarkReport.COMMAND)).findFirst().orElse("");
        if (command.contains(VqaExperimentSeeds.NAME)) {
            throw new IllegalArgumentException(main + " holds the main result combined by " + VqaExperimentSeeds.NAME
                    + " --main from per-seed runs (its command line names them); an untagged run would replace it "
                    + "with one budget's figures. Give --tag NAME to write vqa-experiment-NAME.md, or move that file "
                    + "away first");
        }
    }

    /**
     * The Sort-of-CLEVR held-out set: another generator seed than the training set's, 64 px, 2 + 2 questions per
     * image. Sets of different sizes share their first images.
     */
    static SortOfClevrConfig clevrTestSet(int images) {
        return new SortOfClevrConfig(images, 64, 2, 1_000_003);
    }

    /**
     * Issue 4's targets the figures in {@code results} decide, in the order, with {@code gainTarget} (the
     * relational gain's verdict, worded by the caller, or null) in its place.
     */
    static List<String> targets(Map<String, Double> results, String gainTarget) {
        List<String> targets = new ArrayList<>();
        if (results.containsKey("nonrel_acc_ross_d")) {
            targets.add("non-relational >= 98% -> " + (results.get("nonrel_acc_ross_d") >= 0.98 ? "met" : "MISSED"));
            targets.add("relational >= 90% -> " + (results.get("rel_acc_ross_d") >= 0.90 ? "met" : "MISSED"));
        }
        if (gainTarget != null) {
            targets.add(gainTarget);
        }
        if (results.containsKey("fashion_item_acc_ross_d")) {
            targets.add("Fashion-MNIST item >= 91.6% -> "
                    + (results.get("fashion_item_acc_ross_d") >= 0.916 ? "met" : "MISSED"));
        }
        return targets;
    }

    private static void clevr(VqaBudget budget, Path work, BufferAllocator allocator, BenchmarkReport report,
                              Map<String, Double> results) throws Exception {
        Path train = work.resolve("clevr-train.arrow");
        Path test = work.resolve("clevr-test.arrow");
        new SortOfClevr(SortOfClevrConfig.of(budget.trainImages(), 1)).write(train, allocator, ProgressMonitor.NONE);
        SortOfClevr testSet = new SortOfClevr(clevrTestSet(budget.testImages()));
        testSet.write(test, allocator, ProgressMonitor.NONE);
        TokenizerConfig tokenizer = new TokenizerConfig(64, 3, 4, 4, TokenizerConfig.DEFAULT_BASE_WIDTH,
                TokenizerConfig.DEFAULT_BETA);
        List<Objective> objectives = budget.levers().objectives(
                List.of(Objective.TEXT_ONLY, Objective.ROSS_R, Objective.ROSS_D));
        TrainingSet training = TrainingSet.prepare("Sort-of-CLEVR", objectives, train, train, budget.trainImages(),
                work.resolve("clevr"), tokenizer, budget.tokenizerSteps(), allocator, report);
        VqaData trainData = training.data();
        VqaData testData = VqaData.read(test, "question_type", 64, Images.ColorMode.RGB, allocator)
                .withShareOfAnswer(ShareOfAnswer.of(test, testSet, allocator));
        if (budget.levers().prior()) {
            Map<String, Double> prior = VqaScoring.prior(trainData, testData);
            results.put("nonrel_acc_prior", prior.get("non-relational"));
            results.put("rel_acc_prior", prior.get("relational"));
            report.row("Sort-of-CLEVR", "answer prior (blind)", "-", pct(prior.get("non-relational")),
                    pct(prior.get("relational")), "-", "-", "-", "-");
            report.note("Sort-of-CLEVR answer prior (blind) per question template: " + perTemplate(List.of(prior))
                    + "; split by the answer's share of the image (majority / minority shape, see below): "
                    + ShareOfAnswer.perTemplate(List.of(prior)) + ".");
            report.note("Sort-of-CLEVR colour-blind policy (sees how many circles and squares the image has, not "
                    + "which object has which colour; answers the majority shape, or its count) per question "
                    + "template: " + perTemplate(List.of(ShareOfAnswer.colourBlind(test, testSet, allocator))) + ".");
        }
        RossConfig base = RossConfig.small().withLatent(4, 16, training.stats());
        for (Objective objective : objectives) {
            List<VqaRun> runs = VqaArm.train(budget.levers().apply(base.withObjective(objective)), trainData,
                    testData, budget, VqaArm.models(budget, work, "clevr"));
            double[] nonRel = collect(runs, "non-relational");
            double[] rel = collect(runs, "relational");
            String arm = objective.name().toLowerCase(Locale.ROOT);
            results.put("rel_acc_" + arm, mean(rel));
            if (objective == Objective.ROSS_D) {
                results.put("nonrel_acc_ross_d", mean(nonRel));
            }
            report.row("Sort-of-CLEVR", objective, seeds(runs), pm(nonRel), pm(rel), "-", mean(seconds(runs)),
                    perSeed(nonRel, rel), losses(runs));
            List<Map<String, Double>> scored = runs.stream().filter(r -> r.failure() == null).map(VqaRun::accuracy)
                    .toList();
            report.note("Sort-of-CLEVR " + objective + " per question template (mean over seeds): "
                    + perTemplate(scored) + ".");
            report.note("Sort-of-CLEVR " + objective + " per shape-valued template, split by whether the answer is "
                    + "about the image's majority or minority shape (mean over seeds; the colour-blind policy scores "
                    + "100% and 0%; images with three of each left out): " + ShareOfAnswer.perTemplate(scored) + ".");
            noteTrainingAccuracy(report, "Sort-of-CLEVR", objective, runs, trainData, testData, "non-relational",
                    "relational");
            noteDuring(report, "Sort-of-CLEVR", objective, runs, budget.steps(),
                    List.of("non-relational", "relational"));
            noteFailures(report, "Sort-of-CLEVR", objective, runs);
        }
    }

    private static void fashion(VqaBudget budget, Path work, BufferAllocator allocator, BenchmarkReport report,
                                Map<String, Double> results) throws Exception {
        Path originals = fashionQa(FashionMnist.Split.TRAIN, budget.fashionTrain(), work.resolve("fashion-train"),
                allocator);
        int copies = budget.levers().augment();
        Path train = copies == 0 ? originals : Augmentation.write(originals, copies, 0,
                work.resolve("fashion-train-augmented.arrow"), allocator);
        Path test = fashionQa(FashionMnist.Split.TEST, budget.fashionTest(), work.resolve("fashion-test"), allocator);
        TokenizerConfig tokenizer = new TokenizerConfig(32, 1, 4, 4, TokenizerConfig.DEFAULT_BASE_WIDTH,
                TokenizerConfig.DEFAULT_BETA);
        List<Objective> objectives = budget.levers().objectives(List.of(Objective.TEXT_ONLY, Objective.ROSS_D));
        TrainingSet training = TrainingSet.prepare("Fashion-MNIST", objectives, originals, train, budget.fashionTrain(),
                work.resolve("fashion"), tokenizer, budget.tokenizerSteps(), allocator, report);
        VqaData trainData = training.data();
        VqaData testData = VqaData.read(test, "question_type", 32, Images.ColorMode.GRAY, allocator);
        if (budget.levers().prior()) {
            Map<String, Double> prior = VqaScoring.prior(trainData, testData);
            results.put("fashion_item_acc_prior", prior.get("item"));
            report.row("Fashion-MNIST", "answer prior (blind)", "-", pct(prior.get("item")), pct(prior.get("footwear")),
                    pct(prior.get("sleeves")), "-", "-", "-");
        }
        RossConfig base = RossConfig.small().withImage(32, 1).withLatent(4, 8, training.stats());
        for (Objective objective : objectives) {
            List<VqaRun> runs = VqaArm.train(budget.levers().apply(base.withObjective(objective)), trainData,
                    testData, budget, VqaArm.models(budget, work, "fashion"));
            double[] item = collect(runs, "item");
            results.put("fashion_item_acc_" + objective.name().toLowerCase(Locale.ROOT), mean(item));
            report.row("Fashion-MNIST", objective, seeds(runs), pm(item), pm(collect(runs, "footwear")),
                    pm(collect(runs, "sleeves")), mean(seconds(runs)), perSeed(item, collect(runs, "footwear")),
                    losses(runs));
            noteTrainingAccuracy(report, "Fashion-MNIST", objective, runs, trainData, testData, "item");
            noteDuring(report, "Fashion-MNIST", objective, runs, budget.steps(),
                    List.of("item", "footwear", "sleeves"));
            noteFailures(report, "Fashion-MNIST", objective, runs);
        }
    }

    /** Fashion-MNIST as VQA: three questions per image, answers derived from the label. */
    private static Path fashionQa(FashionMnist.Split split, int limit, Path prefix, BufferAllocator allocator) {
        Path raw = Path.of(prefix + "-raw.arrow");
        Path qa = Path.of(prefix + ".arrow");
        new FashionMnist(new FashionMnist.Config(FashionMnist.DEFAULT_DIRECTORY, split, limit)).write(raw, allocator,
                ProgressMonitor.NONE);
        TableSpec spec = TableSpec.of(ColumnSpec.image("image"), ColumnSpec.text("question"), ColumnSpec.text("answer"),
                ColumnSpec.text("question_type"));
        try (TableReader in = TableReader.open(raw, allocator);
             TableWriter out = TableWriter.create(qa, spec, allocator)) {
            int image = in.spec().require("image", ColumnType.IMAGE);
            int name = in.spec().require("label_name", ColumnType.TEXT);
            in.forEachRow(r -> {
                byte[] png = r.bytes(image);
                String label = r.text(name);
                out.addRow(png, "what item is this?", label, "item");
                out.addRow(png, "is this footwear?", FOOTWEAR.contains(label) ? "yes" : "no", "footwear");
                out.addRow(png, "does it have sleeves?", SLEEVES.contains(label) ? "yes" : "no", "sleeves");
            });
            out.commit();
        }
        return qa;
    }
}
