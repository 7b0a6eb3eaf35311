package org.ross.benchmarks;

import ai.djl.Device;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.ross.core.ross.LatentSource;
import org.ross.core.ross.Objective;
import org.ross.core.ross.RossBatch;
import org.ross.core.ross.RossConfig;
import org.ross.core.ross.RossExamples;
import org.ross.core.ross.RossModel;
import org.ross.core.text.ChatTemplate;
import org.ross.core.text.WordTokenizer;
import org.ross.core.tokenizer.ArrayImageSource;
import org.ross.core.train.Trainer;
import org.ross.core.train.TrainerConfig;
import org.ross.core.train.TrainingLog;

/** One arm of the experiment: a model per seed trained under the shared budget, then scored. */
final class VqaArm {

    private VqaArm() {
    }

    /** Where {@code --save-models} keeps a task's trained models, or null when the flag is not given. */
    static Path models(VqaBudget budget, Path work, String task) {
        return budget.levers().saveModels() ? work.resolve("models").resolve(task) : null;
    }

    /**
     * Trains one model per seed under the shared budget and evaluates it on the held-out questions; with a
     * {@code models} folder each trained model is also written there as a model directory
     * ({@code <objective>-seed<k>}) that the VQA Predictor and Reconstruction Scorer nodes read.
     */
    static List<VqaRun> train(RossConfig config, VqaData train, VqaData test, VqaBudget budget, Path models)
            throws Exception {
        List<String> texts = new ArrayList<>(List.of(train.questions()));
        texts.addAll(List.of(train.answers()));
        WordTokenizer tokenizer = WordTokenizer.build(texts);
        RossExamples examples = examples(config, new ChatTemplate(tokenizer), train, budget.levers().turns(),
                budget.levers().oversample());
        List<VqaRun> runs = new ArrayList<>();
        for (int seed = budget.firstSeed(); seed < budget.firstSeed() + budget.seeds(); seed++) {
            try (RossModel model = RossModel.create(config, tokenizer, seed, Device.cpu())) {
                TrainerConfig training = TrainerConfig.defaults().withEpochs(10_000).withMaxSteps(budget.steps())
                        .withBatchSize(budget.batch()).withLearningRate(budget.lr()).withSeed(seed);
                if (budget.levers().weightDecay() != null) {
                    training = training.withWeightDecay(budget.levers().weightDecay());
                }
                if (budget.levers().hold() != null) {
                    training = training.withHoldFraction(budget.levers().hold());
                }
                String label = config.objective() + " seed " + seed;
                ScoringProgress scoring = new ScoringProgress(new ConsoleProgress(label, 20), label, model, test,
                        budget.steps(), budget.levers().evalEvery());
                long t0 = System.nanoTime();
                List<TrainingLog.Row> log;
                try {
                    log = new Trainer<RossBatch>().train(model, examples, null, training, null, scoring).log()
                            .rows();
                } catch (IllegalStateException e) {
                    // one diverged seed is a result to report, not a reason to lose the other arms
                    System.err.printf(Locale.ROOT, "%s seed %d stopped: %s%n", config.objective(), seed,
                            e.getMessage());
                    runs.add(new VqaRun(seed, Map.of(), (System.nanoTime() - t0) / 1e9 - scoring.seconds(),
                            e.getMessage(), 0, Double.NaN, Double.NaN, scoring.during()));
                    continue;
                }
                double seconds = (System.nanoTime() - t0) / 1e9 - scoring.seconds(); // training alone
                Map<String, Double> byType = VqaScoring.evaluate(model, test, test.questions().length);
                // the same number of training questions, from the start of the training set: a model that answers
                // these far better than the held-out ones has memorised its scenes rather than learned to look
                VqaScoring.evaluate(model, train, VqaScoring.trainingQuestions(train, test))
                        .forEach((type, accuracy) -> byType.put(VqaScoring.TRAIN + type, accuracy));
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
                VqaRun run = VqaRun.of(seed, byType, seconds, log, scoring.during());
                System.err.printf(Locale.ROOT, "%s seed %d: %.1f s, %s, %d update(s) skipped%n", config.objective(),
                        seed, seconds, byType, run.skipped());
                runs.add(run);
            }
        }
        return runs;
    }

    /**
     * The training examples: one per question, or with {@code turns} the questions of each image in a seeded order
     * (the generator writes an image's non-relational questions before its relational ones), packed into
     * conversations of up to {@code turns} turns. With {@code oversample} the named template's questions come back
     * {@code times - 1} more times, after all the originals: packed, each copy round of an image is a conversation
     * of its own (its own key), so a copy never shares a conversation with the question it repeats, and the
     * originals keep the order they have without the lever.
     */
    static RossExamples examples(RossConfig config, ChatTemplate chat, VqaData train, Integer turns,
                                 VqaBudget.Oversample oversample) {
        float[][] posteriors = config.objective() == Objective.TEXT_ONLY ? null : train.posteriors();
        int[][] plan = plan(train, turns, oversample);
        int n = plan[0].length;
        float[][] images = new float[n][];
        float[][] latents = posteriors == null ? null : new float[n][];
        List<String> questions = new ArrayList<>(n);
        List<String> answers = new ArrayList<>(n);
        for (int row = 0; row < n; row++) {
            int i = plan[0][row];
            images[row] = train.images()[i];
            if (latents != null) {
                latents[row] = posteriors[i];
            }
            questions.add(train.questions()[i]);
            answers.add(train.answers()[i]);
        }
        if (turns == null) {
            return RossExamples.of(config, chat, images, questions.toArray(new String[0]),
                    answers.toArray(new String[0]), latents);
        }
        return new RossExamples(config, chat, new ArrayImageSource(images, config.imageChannels(), config.imageSize()),
                questions, answers, latents == null ? null : LatentSource.of(latents),
                plan[1], turns);
    }

    /**
     * The rows of {@link #examples} as {@code {rows, keys}}: per example the training row it holds and its
     * conversation key (rows with equal keys are one image's conversation material); keys are null unpacked.
     */
    static int[][] plan(VqaData train, Integer turns, VqaBudget.Oversample oversample) {
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
        List<Integer> rows = new ArrayList<>();
        List<Integer> keys = new ArrayList<>();
        if (turns == null) { // one example per row, in table order
            for (int i = 0; i < train.images().length; i++) {
                rows.add(i);
            }
        } else {
            for (int key = 0; key < order.size(); key++) {
                List<Integer> image = new ArrayList<>(byImage.get(order.get(key)));
                Collections.shuffle(image, random);
                rows.addAll(image);
                for (int i = 0; i < image.size(); i++) {
                    keys.add(key);
                }
            }
        }
        if (oversample != null) {
            if (train.templates() == null) {
                throw new IllegalArgumentException("--oversample needs a table with a template column");
            }
            int key = order.size();
            for (int copy = 1; copy < oversample.times(); copy++) {
                for (float[] image : order) {
                    List<Integer> copies = new ArrayList<>(byImage.get(image).stream()
                            .filter(i -> train.templates()[i].equals(oversample.template())).toList());
                    if (turns != null) {
                        Collections.shuffle(copies, random);
                    }
                    rows.addAll(copies);
                    for (int i = 0; turns != null && i < copies.size(); i++) {
                        keys.add(key);
                    }
                    key++;
                }
            }
        }
        return new int[][] {rows.stream().mapToInt(Integer::intValue).toArray(),
                turns == null ? null : keys.stream().mapToInt(Integer::intValue).toArray()};
    }
}
