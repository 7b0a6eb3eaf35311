package org.ross.benchmarks;

import ai.djl.Device;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.apache.arrow.memory.BufferAllocator;
import org.ross.core.ProgressMonitor;
import org.ross.core.data.FashionMnist;
import org.ross.core.data.SortOfClevr;
import org.ross.core.data.SortOfClevrConfig;
import org.ross.core.data.SortOfClevrScene;
import org.ross.core.data.SortOfClevrTemplate;
import org.ross.core.image.Images;
import org.ross.core.infer.Accuracy;
import org.ross.core.infer.Answer;
import org.ross.core.infer.DecodingConfig;
import org.ross.core.infer.VqaPredictor;
import org.ross.core.ross.LatentSource;
import org.ross.core.ross.Objective;
import org.ross.core.ross.RossBatch;
import org.ross.core.ross.RossConfig;
import org.ross.core.ross.RossExamples;
import org.ross.core.ross.RossModel;
import org.ross.core.table.Allocators;
import org.ross.core.table.ColumnSpec;
import org.ross.core.table.ColumnType;
import org.ross.core.table.Row;
import org.ross.core.table.TableReader;
import org.ross.core.table.TableSpec;
import org.ross.core.table.TableWriter;
import org.ross.core.text.ChatTemplate;
import org.ross.core.text.WordTokenizer;
import org.ross.core.tokenizer.ArrayImageSource;
import org.ross.core.tokenizer.KlVae;
import org.ross.core.tokenizer.LatentStats;
import org.ross.core.tokenizer.TableTokenizer;
import org.ross.core.tokenizer.TokenizerConfig;
import org.ross.core.tokenizer.TokenizerTrainingConfig;
import org.ross.core.tokenizer.TrainingReport;
import org.ross.core.train.Trainer;
import org.ross.core.train.TrainerConfig;
import org.ross.core.train.TrainingLog;

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
 * --denoiser-layers N --patch N --turns N --augment N --weight-decay X --hold X --eval-every N --tag NAME} (a tagged
 * run writes
 * {@code benchmarks/results/vqa-experiment-NAME.md}; {@code --patch} sets the vision encoder's patch side, so the
 * number of image tokens, in both the TEXT_ONLY and the ROSS arms; {@code --turns} packs up to N questions about one
 * image into each training conversation, in every arm; {@code --augment} adds N transformed copies of each
 * Fashion-MNIST training image ({@link Augmentation}), the tokenizer still fitted on the originals;
 * {@code --weight-decay} sets AdamW's decoupled weight decay, 0 in the preset as in the paper; {@code --hold}
 * keeps the learning rate at its peak for that share of the steps after the warm-up, before the cosine decay
 * (0 in the preset, as in the paper); {@code --eval-every} also scores the held-out questions every N steps of
 * training, untimed, and tabulates them by step). {@code --save-models} keeps each trained model under the run's
 * scratch folder, {@code models/<task>/<objective>-seed<k>}, for inspection with the nodes; it changes no result.
 */
public final class VqaExperiment {

    private static final String NAME = "vqa-experiment";
    /** The blind baseline arm: the training set's most frequent answer to each question, image unseen. */
    static final String PRIOR = "PRIOR";
    private static final List<String> TASKS = List.of("clevr", "fashion");
    private static final List<String> SLEEVES = List.of("t-shirt/top", "pullover", "coat", "shirt");
    private static final List<String> FOOTWEAR = List.of("sandal", "sneaker", "ankle boot");

    record Budget(int steps, int seeds, int firstSeed, int trainImages, int testImages, int fashionTrain,
                  int fashionTest, int batch, double lr, int tokenizerSteps, Levers levers) {

        static Budget of(String[] args) {
            Flags flags = Flags.parse(args, List.of("quick", "save-models"), List.of("steps", "seeds", "first-seed",
                    "train-images", "test-images", "fashion-train", "fashion-test", "batch", "lr", "tokenizer-steps",
                    "tasks", "objectives", "lambda", "draws", "denoiser-layers", "patch", "turns", "augment",
                    "weight-decay", "hold", "eval-every", "tag"));
            Budget b = flags.has("quick") ? new Budget(30, 1, 1, 300, 50, 1500, 300, 32, 1e-3, 30, null)
                    : new Budget(300, 3, 1, 2000, 200, 6000, 1000, 32, 1e-3, 1000, null);
            return new Budget(flags.integer("steps", b.steps), flags.integer("seeds", b.seeds),
                    flags.integer("first-seed", b.firstSeed), flags.integer("train-images", b.trainImages),
                    flags.integer("test-images", b.testImages), flags.integer("fashion-train", b.fashionTrain),
                    flags.integer("fashion-test", b.fashionTest), flags.integer("batch", b.batch),
                    flags.number("lr", b.lr), flags.integer("tokenizer-steps", b.tokenizerSteps), Levers.of(flags));
        }
    }

    /**
     * What a lever run changes against the main experiment: which tasks and objectives run, and the ROSS
     * settings lambda, draws and denoiser depth (null = the preset's). A tagged run writes
     * {@code vqa-experiment-<tag>.md} instead of the main result.
     */
    record Levers(List<String> tasks, List<String> objectives, Double lambda, Integer draws, Integer denoiserLayers,
                  Integer patch, Integer turns, int augment, Double weightDecay, Double hold, int evalEvery,
                  boolean saveModels, String tag) {

        static Levers of(Flags flags) {
            String objectives = flags.text("objectives", null);
            String lambda = flags.text("lambda", null);
            String draws = flags.text("draws", null);
            String layers = flags.text("denoiser-layers", null);
            String patch = flags.text("patch", null);
            String turns = flags.text("turns", null);
            String weightDecay = flags.text("weight-decay", null);
            String holdText = flags.text("hold", null);
            Double hold = holdText == null ? null : Double.valueOf(holdText);
            if (hold != null) {
                TrainerConfig.defaults().withHoldFraction(hold); // fails before any data is read
            }
            int augment = flags.integer("augment", 0);
            int evalEvery = flags.integer("eval-every", 0);
            if (evalEvery < 0) {
                throw new IllegalArgumentException("--eval-every takes a number of steps (0: only after training), "
                        + "found " + evalEvery);
            }
            if (augment < 0 || augment > Augmentation.TRANSFORMS) {
                throw new IllegalArgumentException("--augment takes 0.." + Augmentation.TRANSFORMS
                        + " copies per training image, found " + augment);
            }
            List<String> tasks = List.of(flags.text("tasks", "clevr,fashion").split(","));
            for (String task : tasks) {
                if (!TASKS.contains(task)) {
                    throw new IllegalArgumentException("unknown task '" + task + "' in --tasks; tasks: " + TASKS);
                }
            }
            return new Levers(tasks,
                    objectives == null ? null : Arrays.stream(objectives.split(",")).map(Levers::arm).toList(),
                    lambda == null ? null : Double.valueOf(lambda), draws == null ? null : Integer.valueOf(draws),
                    layers == null ? null : Integer.valueOf(layers), patch == null ? null : Integer.valueOf(patch),
                    turns == null ? null : Integer.valueOf(turns), augment,
                    weightDecay == null ? null : Double.valueOf(weightDecay),
                    hold, evalEvery, flags.has("save-models"), flags.text("tag", null));
        }

        /** An arm name: an {@link Objective} or {@code PRIOR}; anything else fails with the list of arms. */
        private static String arm(String name) {
            if (name.equals(PRIOR) || Arrays.stream(Objective.values()).anyMatch(o -> o.name().equals(name))) {
                return name;
            }
            throw new IllegalArgumentException("unknown arm '" + name + "' in --objectives; arms: " + PRIOR + ", "
                    + Arrays.toString(Objective.values()));
        }

        /**
         * The arms a task trains: its default ones without {@code --objectives}, otherwise every objective the flag
         * names (in the order of {@link Objective}), so a task can run an arm that is not among its defaults.
         */
        List<Objective> objectives(List<Objective> taskDefault) {
            return objectives == null ? taskDefault
                    : Arrays.stream(Objective.values()).filter(o -> objectives.contains(o.name())).toList();
        }

        /** Whether the blind answer-prior baseline is part of this run (always, unless --objectives leaves it out). */
        boolean prior() {
            return objectives == null || objectives.contains(PRIOR);
        }

        RossConfig apply(RossConfig c) {
            RossConfig out = lambda == null ? c : c.withLambda(lambda);
            out = draws == null ? out : out.withDraws(draws);
            out = patch == null ? out : out.withPatchSize(patch);
            return denoiserLayers == null ? out : out.withDenoiser(out.denoiser().withLayers(denoiserLayers));
        }

        String describe() {
            List<String> parts = new ArrayList<>();
            if (lambda != null) {
                parts.add("lambda " + lambda);
            }
            if (draws != null) {
                parts.add("draws " + draws);
            }
            if (denoiserLayers != null) {
                parts.add("denoiser layers " + denoiserLayers);
            }
            if (patch != null) {
                parts.add("patch " + patch);
            }
            if (turns != null) {
                parts.add("up to " + turns + " questions per training conversation (one image, its questions in a "
                        + "seeded order; one example of the batch each)");
            }
            if (augment > 0) {
                parts.add("Fashion-MNIST training set with " + augment + " augmented "
                        + (augment == 1 ? "copy" : "copies") + " of each image (" + Augmentation.DESCRIPTION
                        + "), each with its own tokenizer latents");
            }
            if (weightDecay != null) {
                parts.add("AdamW weight decay " + weightDecay);
            }
            if (hold != null) {
                parts.add("learning rate held at its peak for a share " + hold
                        + " of the steps after the warm-up, then cosine decay");
            }
            if (evalEvery > 0) {
                parts.add("held-out questions also scored every " + evalEvery + " steps of training");
            }
            return parts.isEmpty() ? "preset settings (lambda 1, 4 draws, 2 denoiser layers, patch 8)"
                    : String.join(", ", parts);
        }
    }

    /**
     * Examples read from a table: images (shared per distinct image), texts, the Sort-of-CLEVR question template
     * when the table has one (else null), optional posteriors.
     */
    record Data(float[][] images, String[] questions, String[] answers, String[] types, String[] templates,
                float[][] posteriors, String[] shareOfAnswer) {

        /**
         * The same examples with, per question, {@link #MAJORITY} or {@link #MINORITY} (null: not split), so that
         * accuracy is also scored separately on the two groups.
         */
        Data withShareOfAnswer(String[] groups) {
            if (groups.length != questions.length) {
                throw new IllegalArgumentException(groups.length + " groups for " + questions.length + " questions");
            }
            return new Data(images, questions, answers, types, templates, posteriors, groups);
        }
    }

    /** The answer is about the image's majority shape: the colour-blind policy answers it right. */
    static final String MAJORITY = "majority";
    /** The answer is about the image's minority shape: the colour-blind policy answers it wrong. */
    static final String MINORITY = "minority";

    /** The key under which a run's accuracy map holds one question template's accuracy. */
    static final String TEMPLATE = "template:";
    /** The prefix under which a run's accuracy map holds its accuracy on training questions. */
    static final String TRAIN = "train:";

    /**
     * Accuracy per question type of one trained model and its training seconds; a run whose training stopped
     * (diverged) has no accuracy and the trainer's message instead; {@code skipped} counts the updates the trainer
     * skipped for a non-finite gradient; {@code lossText} and {@code lossVisual} are the training losses averaged
     * over the last tenth of the steps (whether the visual loss fell shows whether the image-position states carry
     * the latents); {@code during} holds the held-out accuracy scored during training, by step (empty without
     * {@code --eval-every}).
     */
    record Run(int seed, Map<String, Double> accuracy, double seconds, String failure, long skipped, double lossText,
               double lossVisual, Map<Long, Map<String, Double>> during) {

        /** A run from its training log: the skipped updates and the losses over the last tenth of the steps. */
        static Run of(int seed, Map<String, Double> accuracy, double seconds, List<TrainingLog.Row> log,
                      Map<Long, Map<String, Double>> during) {
            int n = log.size();
            List<TrainingLog.Row> tail = log.subList(n - Math.min(n, Math.max(1, n / 10)), n).stream()
                    .filter(r -> !r.skipped()).toList();
            return new Run(seed, accuracy, seconds, null, log.stream().filter(TrainingLog.Row::skipped).count(),
                    tail.stream().mapToDouble(TrainingLog.Row::lossText).average().orElse(Double.NaN),
                    tail.stream().mapToDouble(TrainingLog.Row::lossVisual).average().orElse(Double.NaN), during);
        }
    }

    public static void main(String[] args) throws Exception {
        boolean quick = Arrays.asList(args).contains("--quick");
        Budget budget = Budget.of(args);
        String tag = budget.levers().tag();
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
        report.note(String.format(Locale.ROOT, "Budget shared by every arm: %d optimizer steps of batch %d, AdamW lr %.0e "
                        + "(3%% warm-up, cosine), seeds %d..%d; Sort-of-CLEVR %d training images (20 questions each), "
                        + "%d held-out images (another generator seed, 4 questions each); Fashion-MNIST %d training "
                        + "and %d test images (3 questions each). Tokenizer: KL-VAE, f = 4, 4 channels, %d steps of "
                        + "%d images. Greedy answers with the KV cache; exact match. Columns A/B/C: Sort-of-CLEVR "
                        + "non-relational/relational/-; Fashion-MNIST item/footwear/sleeves.", budget.steps,
                budget.batch, budget.lr, budget.firstSeed, budget.firstSeed + budget.seeds - 1, budget.trainImages,
                budget.testImages, budget.fashionTrain, budget.fashionTest, budget.tokenizerSteps,
                TokenizerTrainingConfig.DEFAULT_BATCH_SIZE));
        report.note("ROSS settings: " + budget.levers().describe() + ".");
        double gain = results.getOrDefault("rel_acc_ross_d", Double.NaN) - results.getOrDefault("rel_acc_text_only", Double.NaN);
        List<String> targets = new ArrayList<>();
        if (results.containsKey("nonrel_acc_ross_d")) {
            targets.add("non-relational >= 98% -> " + (results.get("nonrel_acc_ross_d") >= 0.98 ? "met" : "MISSED"));
            targets.add("relational >= 90% -> " + (results.get("rel_acc_ross_d") >= 0.90 ? "met" : "MISSED"));
        }
        if (!Double.isNaN(gain)) {
            targets.add(String.format(Locale.ROOT, "ROSS_D - TEXT_ONLY relational >= +2 points -> %s (%+.1f points)",
                    gain >= 0.02 ? "met" : "MISSED", 100 * gain));
        }
        if (results.containsKey("fashion_item_acc_ross_d")) {
            targets.add("Fashion-MNIST item >= 91.6% -> "
                    + (results.get("fashion_item_acc_ross_d") >= 0.916 ? "met" : "MISSED"));
        }
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
        if (budget.levers().tag() != null) {
            report.write(Path.of("benchmarks", "results"), budget.levers().tag());
        } else {
            report.write(Path.of("benchmarks", "results"), quick);
        }
    }

    private static void clevr(Budget budget, Path work, BufferAllocator allocator, BenchmarkReport report,
                              Map<String, Double> results) throws Exception {
        Path train = work.resolve("clevr-train.arrow");
        Path test = work.resolve("clevr-test.arrow");
        new SortOfClevr(SortOfClevrConfig.of(budget.trainImages, 1)).write(train, allocator, ProgressMonitor.NONE);
        SortOfClevr testSet = new SortOfClevr(new SortOfClevrConfig(budget.testImages, 64, 2, 1_000_003));
        testSet.write(test, allocator, ProgressMonitor.NONE);
        TokenizerConfig tokenizer = new TokenizerConfig(64, 3, 4, 4, TokenizerConfig.DEFAULT_BASE_WIDTH,
                TokenizerConfig.DEFAULT_BETA);
        List<Objective> objectives = budget.levers().objectives(
                List.of(Objective.TEXT_ONLY, Objective.ROSS_R, Objective.ROSS_D));
        Training training = training("Sort-of-CLEVR", objectives, train, train, budget.trainImages,
                work.resolve("clevr"), tokenizer, budget, allocator, report);
        Data trainData = training.data();
        Data testData = read(test, "question_type", 64, Images.ColorMode.RGB, allocator)
                .withShareOfAnswer(shareOfAnswer(test, testSet, allocator));
        if (budget.levers().prior()) {
            Map<String, Double> prior = prior(trainData, testData);
            results.put("nonrel_acc_prior", prior.get("non-relational"));
            results.put("rel_acc_prior", prior.get("relational"));
            report.row("Sort-of-CLEVR", "answer prior (blind)", "-", pct(prior.get("non-relational")),
                    pct(prior.get("relational")), "-", "-", "-", "-");
            report.note("Sort-of-CLEVR answer prior (blind) per question template: " + perTemplate(List.of(prior))
                    + "; split by the answer's share of the image (majority / minority shape, see below): "
                    + perShareOfAnswer(List.of(prior)) + ".");
            report.note("Sort-of-CLEVR colour-blind policy (sees how many circles and squares the image has, not "
                    + "which object has which colour; answers the majority shape, or its count) per question "
                    + "template: " + perTemplate(List.of(colourBlind(test, testSet, allocator))) + ".");
        }
        RossConfig base = RossConfig.small().withLatent(4, 16, training.stats());
        for (Objective objective : objectives) {
            List<Run> runs = arm(budget.levers().apply(base.withObjective(objective)), trainData, testData, budget,
                    models(budget, work, "clevr"));
            double[] nonRel = collect(runs, "non-relational");
            double[] rel = collect(runs, "relational");
            String arm = objective.name().toLowerCase(Locale.ROOT);
            results.put("rel_acc_" + arm, mean(rel));
            if (objective == Objective.ROSS_D) {
                results.put("nonrel_acc_ross_d", mean(nonRel));
            }
            report.row("Sort-of-CLEVR", objective, seeds(runs), pm(nonRel), pm(rel), "-", mean(seconds(runs)),
                    perSeed(nonRel, rel), losses(runs));
            List<Map<String, Double>> scored = runs.stream().filter(r -> r.failure() == null).map(Run::accuracy)
                    .toList();
            report.note("Sort-of-CLEVR " + objective + " per question template (mean over seeds): "
                    + perTemplate(scored) + ".");
            report.note("Sort-of-CLEVR " + objective + " per shape-valued template, split by whether the answer is "
                    + "about the image's majority or minority shape (mean over seeds; the colour-blind policy scores "
                    + "100% and 0%; images with three of each left out): " + perShareOfAnswer(scored) + ".");
            noteTrainingAccuracy(report, "Sort-of-CLEVR", objective, runs, trainData, testData, "non-relational",
                    "relational");
            noteDuring(report, "Sort-of-CLEVR", objective, runs, budget.steps,
                    List.of("non-relational", "relational"));
            noteFailures(report, "Sort-of-CLEVR", objective, runs);
        }
    }

    private static void fashion(Budget budget, Path work, BufferAllocator allocator, BenchmarkReport report,
                                Map<String, Double> results) throws Exception {
        Path originals = fashionQa(FashionMnist.Split.TRAIN, budget.fashionTrain, work.resolve("fashion-train"),
                allocator);
        int copies = budget.levers().augment();
        Path train = copies == 0 ? originals : Augmentation.write(originals, copies, 0,
                work.resolve("fashion-train-augmented.arrow"), allocator);
        Path test = fashionQa(FashionMnist.Split.TEST, budget.fashionTest, work.resolve("fashion-test"), allocator);
        TokenizerConfig tokenizer = new TokenizerConfig(32, 1, 4, 4, TokenizerConfig.DEFAULT_BASE_WIDTH,
                TokenizerConfig.DEFAULT_BETA);
        List<Objective> objectives = budget.levers().objectives(List.of(Objective.TEXT_ONLY, Objective.ROSS_D));
        Training training = training("Fashion-MNIST", objectives, originals, train, budget.fashionTrain,
                work.resolve("fashion"), tokenizer, budget, allocator, report);
        Data trainData = training.data();
        Data testData = read(test, "question_type", 32, Images.ColorMode.GRAY, allocator);
        if (budget.levers().prior()) {
            Map<String, Double> prior = prior(trainData, testData);
            results.put("fashion_item_acc_prior", prior.get("item"));
            report.row("Fashion-MNIST", "answer prior (blind)", "-", pct(prior.get("item")), pct(prior.get("footwear")),
                    pct(prior.get("sleeves")), "-", "-", "-");
        }
        RossConfig base = RossConfig.small().withImage(32, 1).withLatent(4, 8, training.stats());
        for (Objective objective : objectives) {
            List<Run> runs = arm(budget.levers().apply(base.withObjective(objective)), trainData, testData, budget,
                    models(budget, work, "fashion"));
            double[] item = collect(runs, "item");
            results.put("fashion_item_acc_" + objective.name().toLowerCase(Locale.ROOT), mean(item));
            report.row("Fashion-MNIST", objective, seeds(runs), pm(item), pm(collect(runs, "footwear")),
                    pm(collect(runs, "sleeves")), mean(seconds(runs)), perSeed(item, collect(runs, "footwear")),
                    losses(runs));
            noteTrainingAccuracy(report, "Fashion-MNIST", objective, runs, trainData, testData, "item");
            noteDuring(report, "Fashion-MNIST", objective, runs, budget.steps,
                    List.of("item", "footwear", "sleeves"));
            noteFailures(report, "Fashion-MNIST", objective, runs);
        }
    }

    /** Where {@code --save-models} keeps a task's trained models, or null when the flag is not given. */
    private static Path models(Budget budget, Path work, String task) {
        return budget.levers().saveModels() ? work.resolve("models").resolve(task) : null;
    }

    /**
     * Trains one model per seed under the shared budget and evaluates it on the held-out questions; with a
     * {@code models} folder each trained model is also written there as a model directory
     * ({@code <objective>-seed<k>}) that the VQA Predictor and Reconstruction Scorer nodes read.
     */
    private static List<Run> arm(RossConfig config, Data train, Data test, Budget budget, Path models)
            throws Exception {
        List<String> texts = new ArrayList<>(List.of(train.questions()));
        texts.addAll(List.of(train.answers()));
        WordTokenizer tokenizer = WordTokenizer.build(texts);
        RossExamples examples = examples(config, new ChatTemplate(tokenizer), train, budget.levers().turns());
        List<Run> runs = new ArrayList<>();
        for (int seed = budget.firstSeed; seed < budget.firstSeed + budget.seeds; seed++) {
            try (RossModel model = RossModel.create(config, tokenizer, seed, Device.cpu())) {
                TrainerConfig training = TrainerConfig.defaults().withEpochs(10_000).withMaxSteps(budget.steps)
                        .withBatchSize(budget.batch).withLearningRate(budget.lr).withSeed(seed);
                if (budget.levers().weightDecay() != null) {
                    training = training.withWeightDecay(budget.levers().weightDecay());
                }
                if (budget.levers().hold() != null) {
                    training = training.withHoldFraction(budget.levers().hold());
                }
                String label = config.objective() + " seed " + seed;
                ScoringProgress scoring = new ScoringProgress(new ConsoleProgress(label, 20), label, model, test,
                        budget.steps, budget.levers().evalEvery());
                long t0 = System.nanoTime();
                List<TrainingLog.Row> log;
                try {
                    log = new Trainer<RossBatch>().train(model, examples, null, training, null, scoring).log()
                            .rows();
                } catch (IllegalStateException e) {
                    // one diverged seed is a result to report, not a reason to lose the other arms
                    System.err.printf(Locale.ROOT, "%s seed %d stopped: %s%n", config.objective(), seed, e.getMessage());
                    runs.add(new Run(seed, Map.of(), (System.nanoTime() - t0) / 1e9 - scoring.seconds(),
                            e.getMessage(), 0, Double.NaN, Double.NaN, scoring.during()));
                    continue;
                }
                double seconds = (System.nanoTime() - t0) / 1e9 - scoring.seconds(); // training alone
                Map<String, Double> byType = evaluate(model, test, test.questions().length);
                // the same number of training questions, from the start of the training set: a model that answers
                // these far better than the held-out ones has memorised its scenes rather than learned to look
                evaluate(model, train, trainingQuestions(train, test))
                        .forEach((type, accuracy) -> byType.put(TRAIN + type, accuracy));
                if (models != null) {
                    Path dir = models.resolve(config.objective() + "-seed" + seed);
                    try {
                        model.save(dir);
                        System.err.printf(Locale.ROOT, "%s seed %d: model written to %s%n", config.objective(), seed,
                                dir);
                    } catch (IOException e) {
                        // the kept model is a by-product: failing to write it must not lose the measured run
                        System.err.printf(Locale.ROOT, "%s seed %d: model NOT written to %s: %s%n",
                                config.objective(), seed, dir, e);
                    }
                }
                Run run = Run.of(seed, byType, seconds, log, scoring.during());
                System.err.printf(Locale.ROOT, "%s seed %d: %.1f s, %s, %d update(s) skipped%n", config.objective(),
                        seed, seconds, byType, run.skipped());
                runs.add(run);
            }
        }
        return runs;
    }

    /**
     * Progress on the console that also scores the held-out questions every {@code every} steps of training (0:
     * never; not after the last step, which the final scoring covers), so a run shows when it learns each question
     * template and whether it loses one again. The scoring runs between two optimizer steps, where the trainer
     * validates too, and greedy decoding draws no random numbers: the training path is the one without it.
     */
    private static final class ScoringProgress implements ProgressMonitor {
        private final ProgressMonitor console;
        private final String label;
        private final RossModel model;
        private final Data test;
        private final int steps;
        private final int every;
        private final Map<Long, Map<String, Double>> during = new TreeMap<>();
        private long nanos;

        ScoringProgress(ProgressMonitor console, String label, RossModel model, Data test, int steps, int every) {
            this.console = console;
            this.label = label;
            this.model = model;
            this.test = test;
            this.steps = steps;
            this.every = every;
        }

        @Override
        public void progress(double fraction, String message) {
            console.progress(fraction, message);
            long step = Math.round(fraction * steps);
            if (every > 0 && step % every == 0 && step < steps && !during.containsKey(step)) {
                long t0 = System.nanoTime();
                Map<String, Double> accuracy = evaluate(model, test, test.questions().length);
                during.put(step, accuracy);
                long elapsed = System.nanoTime() - t0;
                nanos += elapsed;
                System.err.printf(Locale.ROOT, "[%s] held-out at step %d: %s (%.0f s)%n", label, step,
                        new TreeMap<>(accuracy), elapsed / 1e9);
            }
        }

        @Override
        public void checkCancelled() {
            console.checkCancelled();
        }

        Map<Long, Map<String, Double>> during() {
            return during;
        }

        /** The seconds spent scoring, which the arm's training time leaves out. */
        double seconds() {
            return nanos / 1e9;
        }
    }

    /**
     * The training examples: one per question, or with {@code turns} the questions of each image in a seeded order
     * (the generator writes an image's non-relational questions before its relational ones), packed into
     * conversations of up to {@code turns} turns.
     */
    private static RossExamples examples(RossConfig config, ChatTemplate chat, Data train, Integer turns) {
        float[][] posteriors = config.objective() == Objective.TEXT_ONLY ? null : train.posteriors();
        if (turns == null) {
            return RossExamples.of(config, chat, train.images(), train.questions(), train.answers(), posteriors);
        }
        Map<float[], List<Integer>> byImage = new IdentityHashMap<>();
        List<float[]> order = new ArrayList<>();
        for (int i = 0; i < train.images().length; i++) {
            float[] image = train.images()[i];
            byImage.computeIfAbsent(image, k -> {
                order.add(k);
                return new ArrayList<>();
            }).add(i);
        }
        Random random = new Random(0);
        int n = train.images().length;
        float[][] images = new float[n][];
        float[][] latents = posteriors == null ? null : new float[n][];
        List<String> questions = new ArrayList<>(n);
        List<String> answers = new ArrayList<>(n);
        int[] keys = new int[n];
        int row = 0;
        for (int key = 0; key < order.size(); key++) {
            List<Integer> rows = new ArrayList<>(byImage.get(order.get(key)));
            Collections.shuffle(rows, random);
            for (int i : rows) {
                images[row] = train.images()[i];
                if (latents != null) {
                    latents[row] = posteriors[i];
                }
                questions.add(train.questions()[i]);
                answers.add(train.answers()[i]);
                keys[row++] = key;
            }
        }
        return new RossExamples(config, chat, new ArrayImageSource(images, config.imageChannels(), config.imageSize()),
                questions, answers, latents == null ? null : LatentSource.of(latents), keys, turns);
    }

    /** Greedy answers to the first {@code n} questions of {@code data}, scored per question type and template. */
    private static Map<String, Double> evaluate(RossModel model, Data data, int n) {
        Scores scores = new Scores();
        int b = 64;
        for (int from = 0; from < n; from += b) {
            int to = Math.min(n, from + b);
            List<Answer> answers = VqaPredictor.answer(model, Arrays.copyOfRange(data.images(), from, to),
                    List.of(data.questions()).subList(from, to), DecodingConfig.greedy(4));
            for (int i = from; i < to; i++) {
                scores.add(data, i, answers.get(i - from).text());
            }
        }
        return scores.accuracy();
    }

    /** Fashion-MNIST as VQA: three questions per image, answers derived from the label. */
    private static Path fashionQa(FashionMnist.Split split, int limit, Path prefix, BufferAllocator allocator) {
        Path raw = Path.of(prefix + "-raw.arrow");
        Path qa = Path.of(prefix + ".arrow");
        new FashionMnist(new FashionMnist.Config(FashionMnist.DEFAULT_DIRECTORY, split, limit)).write(raw, allocator,
                ProgressMonitor.NONE);
        TableSpec spec = TableSpec.of(ColumnSpec.image("image"), ColumnSpec.text("question"), ColumnSpec.text("answer"),
                ColumnSpec.text("question_type"));
        try (TableReader in = TableReader.open(raw, allocator); TableWriter out = TableWriter.create(qa, spec, allocator)) {
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

    /** Reads examples; images are decoded once per distinct byte content and shared between their rows. */
    private static Data read(Path table, String typeColumn, int size, Images.ColorMode mode, BufferAllocator allocator) {
        List<float[]> images = new ArrayList<>();
        List<String> questions = new ArrayList<>();
        List<String> answers = new ArrayList<>();
        List<String> types = new ArrayList<>();
        List<String> templates = new ArrayList<>();
        List<float[]> posteriors = new ArrayList<>();
        Map<ByteBuffer, float[]> decoded = new HashMap<>();
        try (TableReader reader = TableReader.open(table, allocator)) {
            TableSpec s = reader.spec();
            int image = s.require("image", ColumnType.IMAGE);
            int question = s.require("question", ColumnType.TEXT);
            int answer = s.require("answer", ColumnType.TEXT);
            int type = s.require(typeColumn, ColumnType.TEXT);
            int latent = s.indexOf("latent");
            int template = s.indexOf("template");
            reader.forEachRow((Row r) -> {
                byte[] bytes = r.bytes(image);
                // rows of one image share identical PNG bytes (a wrapped buffer compares by content)
                images.add(decoded.computeIfAbsent(ByteBuffer.wrap(bytes),
                        k -> Images.toChw(Images.decode(bytes), size, mode)));
                questions.add(r.text(question));
                answers.add(r.text(answer));
                types.add(r.text(type));
                if (template >= 0) {
                    templates.add(r.text(template));
                }
                if (latent >= 0) {
                    posteriors.add(r.floats(latent));
                }
            });
        }
        return new Data(images.toArray(new float[0][]), questions.toArray(new String[0]), answers.toArray(new String[0]),
                types.toArray(new String[0]), templates.isEmpty() ? null : templates.toArray(new String[0]),
                posteriors.isEmpty() ? null : posteriors.toArray(new float[0][]), null);
    }

    /** The training examples of a task and the latent statistics of its tokenizer. */
    record Training(Data data, LatentStats stats) {
    }

    /**
     * Reads a task's training examples from {@code train}. The tokenizer is fitted on the images of {@code fit} (the
     * original training images, which {@code train} may extend by augmented copies) and the examples read with their
     * latents, only when an arm reconstructs latents; TEXT_ONLY and the prior need neither, and get identity
     * statistics. Images are grey or RGB as the tokenizer's channel count says. A fitted tokenizer's steps,
     * reconstruction MSE (on [-1, 1] pixels) and PSNR go into the report: they say how much the ROSS arms' teacher
     * keeps of the images.
     */
    private static Training training(String task, List<Objective> objectives, Path fit, Path train, int images,
                                     Path prefix, TokenizerConfig tokenizer, Budget budget, BufferAllocator allocator,
                                     BenchmarkReport report) throws Exception {
        boolean grey = tokenizer.imageChannels() == 1;
        Images.ColorMode mode = grey ? Images.ColorMode.GRAY : Images.ColorMode.RGB;
        if (objectives.stream().allMatch(o -> o == Objective.TEXT_ONLY)) {
            return new Training(read(train, "question_type", tokenizer.imageSize(), mode, allocator),
                    LatentStats.identity(tokenizer.latentChannels()));
        }
        TableTokenizer.ColorPolicy policy = grey ? TableTokenizer.ColorPolicy.GRAY : TableTokenizer.ColorPolicy.RGB;
        Path latents = Path.of(prefix + "-latents.arrow");
        // every epoch has at least one batch, so as many epochs as steps always reach the step budget
        TokenizerTrainingConfig fitting = TokenizerTrainingConfig.defaults(1).withEpochs(budget.tokenizerSteps)
                .withMaxSteps(budget.tokenizerSteps);
        TableTokenizer.Options options = new TableTokenizer.Options("image", "latent", policy,
                Path.of(prefix + "-scratch"));
        Path model = sharedTokenizer(task, images, tokenizer, fitting);
        boolean reused = Files.isRegularFile(model.resolve("model.json"));
        if (reused) {
            System.err.println("[tokenizer] reusing the identical fit in " + model);
        } else {
            Path fresh = Files.createTempDirectory(model.getParent(), model.getFileName() + ".");
            TableTokenizer.fitAndApply(fit, latents, fresh, tokenizer, fitting, options, Device.cpu(), allocator,
                    new ConsoleProgress("tokenizer", 20));
            try { // a process that fitted the same tokenizer meanwhile won the race; its fit is the same
                Files.move(fresh, model, StandardCopyOption.ATOMIC_MOVE);
            } catch (FileAlreadyExistsException | DirectoryNotEmptyException e) {
                System.err.println("[tokenizer] " + model + " appeared meanwhile; this run uses its own fit");
                model = fresh;
            }
        }
        if (reused || !fit.equals(train)) { // a fresh fit has written the latents of its own table
            TableTokenizer.apply(train, model, latents, options, Device.cpu(), allocator, ProgressMonitor.NONE);
        }
        JsonNode provenance = new ObjectMapper().readTree(model.resolve("model.json").toFile()).path("provenance");
        double mse = provenance.path("finalReconstructionMse").asDouble(Double.NaN);
        report.note(String.format(Locale.ROOT, "%s tokenizer (the ROSS arms' teacher): %d steps, reconstruction MSE "
                + "%.4f (PSNR %.1f dB) on its training images.", task, provenance.path("steps").asLong(), mse,
                TrainingReport.psnr(mse)));
        try (KlVae vae = KlVae.load(model, Device.cpu())) {
            return new Training(read(latents, "question_type", tokenizer.imageSize(), mode, allocator),
                    vae.latentStats());
        }
    }

    /**
     * Where the tokenizer of a task's first {@code images} training images under {@code config} and {@code fitting}
     * is kept, shared by every run of this benchmark. The fit is seeded and its data are fixed by the task and the
     * image count, so a second run with the same key would compute the same teacher again (the Sort-of-CLEVR fits of
     * three separate processes gave the same MSE); reusing it saves every later ROSS run that fit.
     */
    static Path sharedTokenizer(String task, int images, TokenizerConfig config, TokenizerTrainingConfig fitting)
            throws java.io.IOException {
        String key = task + " " + images + " " + config + " " + fitting;
        Path dir = Path.of("benchmarks", "scratch", "tokenizers");
        Files.createDirectories(dir);
        return dir.resolve(String.format(Locale.ROOT, "%s-%dimages-%dsteps-%08x", task, images, fitting.maxSteps(),
                key.hashCode()));
    }

    /**
     * The blind baseline: accuracy per question type on the test questions when every question gets the training
     * set's most frequent answer to that exact question (ties: the answer seen first), image unseen. A model that
     * has not learned to look scores about this.
     */
    static Map<String, Double> prior(Data train, Data test) {
        Map<String, Map<String, Integer>> counts = new HashMap<>();
        for (int i = 0; i < train.questions().length; i++) {
            counts.computeIfAbsent(train.questions()[i], q -> new LinkedHashMap<>()).merge(train.answers()[i], 1,
                    Integer::sum);
        }
        Scores scores = new Scores();
        for (int i = 0; i < test.questions().length; i++) {
            Map<String, Integer> answers = counts.getOrDefault(test.questions()[i], Map.of());
            String best = answers.isEmpty() ? ""
                    : Collections.max(answers.entrySet(), Map.Entry.comparingByValue()).getKey();
            scores.add(test, i, best);
        }
        return scores.accuracy();
    }

    /** Exact-match accuracy per question type and, when the test set has templates, per {@link #TEMPLATE}. */
    private static final class Scores {
        private final Accuracy byType = new Accuracy();
        private final Accuracy byTemplate = new Accuracy();
        /** Only some questions are split, so this tally's overall figure is not the table's. */
        private final Accuracy byShare = new Accuracy();

        void add(Data test, int i, String answer) {
            byType.add(test.types()[i], answer, test.answers()[i]);
            if (test.templates() != null) {
                byTemplate.add(TEMPLATE + test.templates()[i], answer, test.answers()[i]);
                if (test.shareOfAnswer() != null && test.shareOfAnswer()[i] != null) {
                    byShare.add(shareKey(test.templates()[i], test.shareOfAnswer()[i]), answer, test.answers()[i]);
                }
            }
        }

        Map<String, Double> accuracy() {
            Map<String, Double> out = byType(byType);
            out.putAll(byType(byTemplate));
            Map<String, Double> split = byType(byShare);
            split.remove(Accuracy.OVERALL);
            out.putAll(split);
            return out;
        }
    }

    private static Map<String, Double> byType(Accuracy accuracy) {
        Map<String, Double> byType = new HashMap<>();
        accuracy.rows().forEach(g -> byType.put(g.questionType(), g.accuracy()));
        return byType;
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
            Boolean right = q.majorityAnswer();
            if (right == null) {
                return; // left-right, top-bottom: without the colour there is nothing to look at
            }
            // on a tie the count is right either way; a shape is a coin flip
            double points = q.tie() && q.template() != SortOfClevrTemplate.COUNT ? 0.5 : right ? 1 : 0;
            double[] sum = sums.computeIfAbsent(TEMPLATE + q.template().tag(), k -> new double[2]);
            sum[0] += points;
            sum[1]++;
        });
        Map<String, Double> out = new HashMap<>();
        sums.forEach((k, v) -> out.put(k, v[0] / v[1]));
        return out;
    }

    /**
     * Per question of a Sort-of-CLEVR table, whether its answer is about the image's majority shape ({@link #MAJORITY})
     * or its minority shape ({@link #MINORITY}): the answer itself for shape, closest and furthest, the named object's
     * shape for count (its count is the larger one exactly when that shape is the majority). Null for left-right,
     * top-bottom and images with three circles and three squares. The colour-blind policy scores 100% on the first
     * group and 0% on the second, so a model's accuracy on the minority group is what it reads beyond the make-up.
     */
    static String[] shareOfAnswer(Path test, SortOfClevr generator, BufferAllocator allocator) {
        List<String> out = new ArrayList<>();
        forEachQuestion(test, generator, allocator, q -> {
            Boolean majorityAnswer = q.tie() ? null : q.majorityAnswer();
            out.add(majorityAnswer == null ? null : majorityAnswer ? MAJORITY : MINORITY);
        });
        return out.toArray(new String[0]);
    }

    /** One row of a Sort-of-CLEVR table: its template, its answer, and how many circles and squares its image has. */
    record ShapeCounts(SortOfClevrTemplate template, String truth, long circles, long squares) {

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
    }

    /** Each row of a Sort-of-CLEVR table in order, with its scene's shape counts rebuilt by the seeded generator. */
    private static void forEachQuestion(Path test, SortOfClevr generator, BufferAllocator allocator,
                                        Consumer<ShapeCounts> action) {
        try (TableReader reader = TableReader.open(test, allocator)) {
            int template = reader.spec().require("template", ColumnType.TEXT);
            int answer = reader.spec().require("answer", ColumnType.TEXT);
            int imageId = reader.spec().require("image_id", ColumnType.INT64);
            reader.forEachRow((Row r) -> {
                SortOfClevrScene scene = generator.scene(r.int64(imageId));
                long circles = scene.items().stream().filter(i -> i.shape() == SortOfClevrScene.Shape.CIRCLE).count();
                action.accept(new ShapeCounts(SortOfClevrTemplate.ofTag(r.text(template)), r.text(answer), circles,
                        scene.items().size() - circles));
            });
        }
    }

    /** The key of one template's accuracy on the {@link #MAJORITY} or {@link #MINORITY} group. */
    private static String shareKey(String template, String share) {
        return TEMPLATE + template + ":" + share;
    }

    /** "shape 99.0% / 97.5%, closest ...": each split template's majority / minority accuracy over the runs. */
    static String perShareOfAnswer(List<Map<String, Double>> runs) {
        List<String> parts = new ArrayList<>();
        for (SortOfClevrTemplate t : SortOfClevrTemplate.values()) {
            double[] majority = runs.stream().map(m -> m.get(shareKey(t.tag(), MAJORITY))).filter(Objects::nonNull)
                    .mapToDouble(Double::doubleValue).toArray();
            double[] minority = runs.stream().map(m -> m.get(shareKey(t.tag(), MINORITY))).filter(Objects::nonNull)
                    .mapToDouble(Double::doubleValue).toArray();
            if (majority.length > 0 && minority.length > 0) {
                parts.add(t.tag() + " " + pct(mean(majority)) + " / " + pct(mean(minority)));
            }
        }
        return parts.isEmpty() ? "-" : String.join(", ", parts);
    }

    /** "shape 55.0%, left-right 81.2%, ...": each template's accuracy, averaged over the given runs. */
    static String perTemplate(List<Map<String, Double>> runs) {
        List<String> parts = new ArrayList<>();
        for (SortOfClevrTemplate t : SortOfClevrTemplate.values()) {
            double[] v = runs.stream().map(m -> m.get(TEMPLATE + t.tag())).filter(Objects::nonNull)
                    .mapToDouble(Double::doubleValue).toArray();
            if (v.length > 0) {
                parts.add(t.tag() + " " + pct(mean(v)));
            }
        }
        return parts.isEmpty() ? "-" : String.join(", ", parts);
    }

    private static String pct(Double v) {
        return v == null ? "-" : String.format(Locale.ROOT, "%.1f%%", 100 * v);
    }

    /**
     * The accuracy on as many training questions as there are held-out ones (the first ones of the training set),
     * beside the held-out figure: the gap between the two is how much of a run's training loss is memorisation.
     */
    private static void noteTrainingAccuracy(BenchmarkReport report, String task, Objective objective, List<Run> runs,
                                             Data train, Data test, String... types) {
        List<String> parts = new ArrayList<>();
        for (String type : types) {
            parts.add(String.format(Locale.ROOT, "%s %s (held-out %s)", type, pct(mean(collect(runs, TRAIN + type))),
                    pct(mean(collect(runs, type)))));
        }
        report.note(String.format(Locale.ROOT, "%s %s on the first %d training questions (mean over seeds): %s.", task,
                objective, trainingQuestions(train, test), String.join(", ", parts)));
    }

    /**
     * For each run scored during training ({@code --eval-every}), a table of its held-out accuracy by step: the
     * question types, every Sort-of-CLEVR template, then each shape-valued template on its minority-shape answers
     * ({@link #shareOfAnswer}); the last row is the final scoring.
     */
    private static void noteDuring(BenchmarkReport report, String task, Objective objective, List<Run> runs,
                                   int steps, List<String> types) {
        for (Run run : runs) {
            if (run.during().isEmpty()) {
                continue;
            }
            Map<Long, Map<String, Double>> points = new TreeMap<>(run.during());
            if (run.failure() == null) {
                points.put((long) steps, run.accuracy());
            }
            List<String> columns = new ArrayList<>(types);
            for (SortOfClevrTemplate t : SortOfClevrTemplate.values()) {
                if (points.values().stream().anyMatch(a -> a.containsKey(TEMPLATE + t.tag()))) {
                    columns.add(TEMPLATE + t.tag());
                }
            }
            // the minority-shape answers: what a template reads beyond the image's make-up
            for (SortOfClevrTemplate t : SortOfClevrTemplate.values()) {
                String key = shareKey(t.tag(), MINORITY);
                if (points.values().stream().anyMatch(a -> a.containsKey(key))) {
                    columns.add(key);
                }
            }
            StringBuilder table = new StringBuilder(String.format(Locale.ROOT,
                    "%s %s seed %d, held-out accuracy during training:\n\n| step | %s |\n|---|%s\n", task, objective,
                    run.seed(), String.join(" | ", columns.stream().map(VqaExperiment::columnName).toList()),
                    "---|".repeat(columns.size())));
            points.forEach((step, accuracy) -> table.append("| ").append(step).append(" | ")
                    .append(String.join(" | ", columns.stream().map(c -> pct(accuracy.get(c))).toList()))
                    .append(" |\n"));
            report.note(table.toString().strip());
        }
    }

    /** "closest" for a template's accuracy, "closest, minority" for its {@link #MINORITY} group's. */
    private static String columnName(String key) {
        return key.replace(TEMPLATE, "").replace(":", ", ");
    }

    /** How many training questions each arm is scored on: as many as there are held-out ones. */
    private static int trainingQuestions(Data train, Data test) {
        return Math.min(train.questions().length, test.questions().length);
    }

    /** The accuracies of the runs that finished training. */
    private static double[] collect(List<Run> runs, String type) {
        return runs.stream().filter(r -> r.failure() == null)
                .mapToDouble(r -> r.accuracy().getOrDefault(type, Double.NaN)).toArray();
    }

    private static double[] seconds(List<Run> runs) {
        return runs.stream().filter(r -> r.failure() == null).mapToDouble(Run::seconds).toArray();
    }

    /** "3", or "2 of 3 (seed 2 diverged)" when some seeds' training stopped. */
    private static String seeds(List<Run> runs) {
        List<String> failed = runs.stream().filter(r -> r.failure() != null).map(r -> "seed " + r.seed()).toList();
        return failed.isEmpty() ? Integer.toString(runs.size())
                : (runs.size() - failed.size()) + " of " + runs.size() + " (" + String.join(", ", failed) + " diverged)";
    }

    private static void noteFailures(BenchmarkReport report, String task, Objective objective, List<Run> runs) {
        for (Run run : runs) {
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
    private static String losses(List<Run> runs) {
        List<Run> trained = runs.stream().filter(r -> r.failure() == null).toList();
        double text = trained.stream().mapToDouble(Run::lossText).average().orElse(Double.NaN);
        double visual = trained.stream().mapToDouble(Run::lossVisual).average().orElse(Double.NaN);
        return visual > 0 ? String.format(Locale.ROOT, "%.4f / %.4f", text, visual)
                : String.format(Locale.ROOT, "%.4f / -", text);
    }

    private static String perSeed(double[] a, double[] b) {
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < a.length; i++) {
            parts.add(String.format(Locale.ROOT, "%.1f/%.1f", 100 * a[i], 100 * b[i]));
        }
        return String.join(", ", parts);
    }
}
