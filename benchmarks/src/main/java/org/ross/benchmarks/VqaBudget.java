package org.ross.benchmarks;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.ross.core.data.SortOfClevrTemplate;
import org.ross.core.ross.Objective;
import org.ross.core.ross.RossConfig;
import org.ross.core.train.TrainerConfig;

/**
 * The shared budget of a {@link VqaExperiment} run from its flags: steps, seeds, data sizes, batch, learning
 * rate and tokenizer steps, plus the {@link Levers} a lever run changes; {@code quick} for a {@code --quick} spot
 * check.
 */
record VqaBudget(boolean quick, int steps, int seeds, int firstSeed, int trainImages, int testImages,
                 int fashionTrain, int fashionTest, int batch, double lr, int tokenizerSteps, Levers levers) {

    /** The blind baseline arm: the training set's most frequent answer to each question, image unseen. */
    static final String PRIOR = "PRIOR";
    private static final List<String> TASKS = List.of("clevr", "fashion");
    /** Sort-of-CLEVR held-out images of a full run, unless {@code --test-images} says otherwise. */
    static final int TEST_IMAGES = 200;

    static VqaBudget of(String[] args) {
        Flags flags = Flags.parse(args, List.of("quick", "save-models"), List.of("steps", "seeds", "first-seed",
                "train-images", "test-images", "fashion-train", "fashion-test", "batch", "lr", "tokenizer-steps",
                "tasks", "objectives", "lambda", "draws", "denoiser-layers", "vision-layers", "lm-layers", "patch",
                "turns", "augment", "weight-decay", "hold", "eval-every", "oversample", "tag"));
        boolean quick = flags.has("quick");
        VqaBudget b = quick ? new VqaBudget(true, 30, 1, 1, 300, 50, 1500, 300, 32, 1e-3, 30, null)
                : new VqaBudget(false, 300, 3, 1, 2000, TEST_IMAGES, 6000, 1000, 32, 1e-3, 1000, null);
        return new VqaBudget(quick, flags.integer("steps", b.steps), flags.integer("seeds", b.seeds),
                flags.integer("first-seed", b.firstSeed), flags.integer("train-images", b.trainImages),
                flags.integer("test-images", b.testImages), flags.integer("fashion-train", b.fashionTrain),
                flags.integer("fashion-test", b.fashionTest), flags.integer("batch", b.batch),
                flags.number("lr", b.lr), flags.integer("tokenizer-steps", b.tokenizerSteps), Levers.of(flags));
    }

    /**
     * What a lever run changes against the main experiment: which tasks and objectives run, and the ROSS
     * settings lambda, draws, denoiser, vision encoder and LM depth (null = the preset's). A tagged run writes
     * {@code vqa-experiment-<tag>.md} instead of the main result.
     */
    record Levers(List<String> tasks, List<String> objectives, Double lambda, Integer draws, Integer denoiserLayers,
                  Integer visionLayers, Integer lmLayers, Integer patch, Integer turns, int augment,
                  Double weightDecay, Double hold, int evalEvery, Oversample oversample, boolean saveModels,
                  String tag) {

        static Levers of(Flags flags) {
            String objectives = flags.text("objectives", null);
            String lambda = flags.text("lambda", null);
            String draws = flags.text("draws", null);
            String layers = flags.text("denoiser-layers", null);
            String visionLayers = flags.text("vision-layers", null);
            String lmLayers = flags.text("lm-layers", null);
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
            String oversampleText = flags.text("oversample", null);
            Oversample oversample = oversampleText == null ? null : Oversample.parse(oversampleText);
            if (oversample != null && tasks.contains("fashion")) {
                throw new IllegalArgumentException("--oversample names a Sort-of-CLEVR template; run it with "
                        + "--tasks clevr");
            }
            return new Levers(tasks,
                    objectives == null ? null : Arrays.stream(objectives.split(",")).map(Levers::arm).toList(),
                    lambda == null ? null : Double.valueOf(lambda), draws == null ? null : Integer.valueOf(draws),
                    layers == null ? null : Integer.valueOf(layers),
                    visionLayers == null ? null : Integer.valueOf(visionLayers),
                    lmLayers == null ? null : Integer.valueOf(lmLayers), patch == null ? null : Integer.valueOf(patch),
                    turns == null ? null : Integer.valueOf(turns), augment,
                    weightDecay == null ? null : Double.valueOf(weightDecay),
                    hold, evalEvery, oversample, flags.has("save-models"), flags.text("tag", null));
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
            out = visionLayers == null ? out : out.withVision(out.vision().withLayers(visionLayers));
            out = lmLayers == null ? out : out.withLm(out.lm().withLayers(lmLayers));
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
            if (visionLayers != null) {
                parts.add("vision encoder layers " + visionLayers);
            }
            if (lmLayers != null) {
                parts.add("LM layers " + lmLayers);
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
            if (oversample != null) {
                parts.add(oversample.describe());
            }
            if (evalEvery > 0) {
                parts.add("held-out questions also scored every " + evalEvery + " steps of training");
            }
            return parts.isEmpty() ? "preset settings (lambda 1, 4 draws, 2 denoiser layers, patch 8)"
                    : String.join(", ", parts);
        }
    }

    /**
     * {@code --oversample TEMPLATE=N}: the training questions of one Sort-of-CLEVR template seen {@code times} times
     * per pass over the training set instead of once; an answer-side weight on that skill made of data, with the
     * trainer unchanged.
     */
    record Oversample(String template, int times) {

        static Oversample parse(String text) {
            String[] parts = text.split("=");
            if (parts.length != 2 || !parts[1].matches("\\d{1,3}") || Integer.parseInt(parts[1]) < 2) {
                throw new IllegalArgumentException("--oversample takes TEMPLATE=N with N >= 2 (e.g. closest=3), "
                        + "found '" + text + "'");
            }
            SortOfClevrTemplate.ofTag(parts[0]); // an unknown template fails here, naming it
            return new Oversample(parts[0], Integer.parseInt(parts[1]));
        }

        String describe() {
            return template + " training questions seen " + times + " times per pass (each copy in a conversation "
                    + "of its own, never beside the question it copies)";
        }
    }
}
