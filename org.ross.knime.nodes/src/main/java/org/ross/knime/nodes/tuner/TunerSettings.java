package org.ross.knime.nodes.tuner;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.ross.core.ross.Objective;
import org.ross.core.ross.RossConfig;
import org.ross.core.ross.RossModel;
import org.ross.core.ross.TransformerConfig;
import org.ross.core.train.TrainerConfig;
import org.ross.core.tuning.TuningInput;
import org.ross.knime.nodes.NodeSupport;
import org.ross.knime.nodes.spi.InvalidSettingsException;
import org.ross.knime.nodes.spi.SettingDescription;
import org.ross.knime.nodes.spi.Settings;

/**
 * The Reconstructive Tuner's settings, converted once into the engine's records: the architecture
 * ({@link RossConfig}), the optimisation ({@link TrainerConfig}) and the input columns.
 */
record TunerSettings(String imageColumn, String questionColumn, String answerColumn, String latentColumn,
                     int turns, RossConfig architecture, TrainerConfig trainer, boolean resume, String device,
                     boolean overridesArchitecture) {

    private static final List<String> STACKS = List.of("vision", "lm", "denoiser");

    static final List<SettingDescription> DESCRIPTIONS = descriptions();

    private static List<SettingDescription> descriptions() {
        List<SettingDescription> d = new ArrayList<>(List.of(
                SettingDescription.stringSetting("imageColumn", "image", "Column holding the images (PNG or JPEG); "
                        + "they are resized (aspect kept, padded) to the model resolution."),
                SettingDescription.stringSetting("questionColumn", "question", "Column holding the questions (text)."),
                SettingDescription.stringSetting("answerColumn", "answer", "Column holding the answers (text)."),
                SettingDescription.stringSetting("latentColumn", "latent", "Column holding the Image Tokenizer's latents "
                        + "(not needed for TEXT_ONLY)."),
                SettingDescription.intSetting("turnsPerConversation", 1, 1, TuningInput.MAX_TURNS, "Questions about one "
                        + "image packed into one training example (up to this many, as the sequence length allows). "
                        + "Each question is still trained exactly as if asked alone, the way the VQA Predictor asks "
                        + "it; the image is encoded once for all of them, so a step trains on more answers for "
                        + "little more time. 1 = one question per example."),
                SettingDescription.choiceSetting("preset", "small", List.of("tiny", "small", "base"),
                        "Architecture preset: tiny (tests, 32 px), small (CPU, 64 px), base (GPU, 224 px).")));
        for (String stack : STACKS) {
            d.add(SettingDescription.intSetting(stack + "Width", 0, 0, 8192, "Width of the " + stack + " stack; 0 = preset."));
            d.add(SettingDescription.intSetting(stack + "Layers", 0, 0, 128, "Layers of the " + stack + " stack; 0 = preset."));
            d.add(SettingDescription.intSetting(stack + "Heads", 0, 0, 128, "Attention heads of the " + stack
                    + " stack; 0 = preset."));
        }
        d.addAll(List.of(
                SettingDescription.enumSetting("objective", Objective.ROSS_D,
                        "TEXT_ONLY (LLaVA baseline), ROSS_R (regress latents) or ROSS_D (denoise latents, default)."),
                SettingDescription.doubleSetting("lambda", RossConfig.DEFAULT_LAMBDA, 0, 1000,
                        "Weight of L_visual in L = L_text + lambda * L_visual."),
                SettingDescription.intSetting("draws", RossConfig.DEFAULT_DRAWS, 1, 64,
                        "Independent (t, eps) draws per image per step (ROSS-D)."),
                SettingDescription.intSetting("epochs", 3, 1, 100_000, "Passes over the training examples."),
                SettingDescription.intSetting("batchSize", 16, 1, 4096, "Examples per micro-batch."),
                SettingDescription.intSetting("gradientAccumulation", 1, 1, 1024, "Micro-batches per optimizer step."),
                SettingDescription.doubleSetting("learningRate", 1e-3, 1e-9, 10,
                        "Peak AdamW learning rate (warm-up then cosine decay). The paper uses 1e-3 for stage 1 and "
                                + "2e-5 for stage 2 on pretrained weights; from scratch on a CPU, 1e-3."),
                SettingDescription.doubleSetting("learningRateVision", 0, 0, 10, "Peak learning rate of the vision encoder; 0 = learningRate."),
                SettingDescription.doubleSetting("learningRateProjector", 0, 0, 10, "Peak learning rate of the projector; 0 = learningRate."),
                SettingDescription.doubleSetting("learningRateLm", 0, 0, 10, "Peak learning rate of the LM; 0 = learningRate."),
                SettingDescription.doubleSetting("learningRateDenoiser", 0, 0, 10, "Peak learning rate of the denoiser; 0 = learningRate."),
                SettingDescription.stringSetting("trainableModules", "", "Comma list of the modules to train among "
                        + String.join(", ", RossModel.MODULES) + "; empty = all."),
                SettingDescription.booleanSetting("freezeVisionEncoder", false,
                        "Keep the vision encoder fixed (the paper's frozen CLIP/SigLIP); it is then not trained."),
                SettingDescription.doubleSetting("weightDecay", 0, 0, 10, "Decoupled AdamW weight decay."),
                SettingDescription.doubleSetting("warmupFraction", 0.03, 0, 0.99, "Share of the steps in linear warm-up."),
                SettingDescription.doubleSetting("holdFraction", 0, 0, 0.99, "Share of the steps held at the peak "
                        + "learning rate after the warm-up, before the cosine decay; 0 = the paper's schedule."),
                SettingDescription.doubleSetting("clipNorm", 1.0, 0, 1e6, "Maximum global gradient norm; 0 = off."),
                SettingDescription.doubleSetting("validationFraction", 0.1, 0, 0.99, "Share of the distinct images held "
                        + "out for validation (with all their questions); 0 = none."),
                SettingDescription.intSetting("earlyStoppingPatience", 0, 0, 1000,
                        "Epochs without a lower validation loss before stopping; 0 = off."),
                SettingDescription.longSetting("checkpointEvery", 100, 1, Long.MAX_VALUE,
                        "Optimizer steps between checkpoints (in the node's work directory)."),
                SettingDescription.booleanSetting("resume", true,
                        "Continue a cancelled or failed run from its checkpoint; false starts over."),
                SettingDescription.longSetting("maxSteps", 0, 0, Long.MAX_VALUE, "Upper bound on optimizer steps; 0 = none."),
                SettingDescription.longSetting("seed", 1, Long.MIN_VALUE, Long.MAX_VALUE,
                        "Seed for initialisation, data order, split and noise."),
                NodeSupport.DEVICE));
        return List.copyOf(d);
    }

    static TunerSettings from(Settings s) throws InvalidSettingsException {
        try {
            RossConfig arch = switch (s.getChoice("preset")) {
                case "tiny" -> RossConfig.tiny();
                case "base" -> RossConfig.base();
                default -> RossConfig.small();
            };
            boolean overrides = false;
            for (String stack : STACKS) {
                int w = s.getInt(stack + "Width");
                int l = s.getInt(stack + "Layers");
                int h = s.getInt(stack + "Heads");
                overrides |= w + l + h > 0;
                arch = with(arch, stack, w, l, h);
            }
            Objective objective = s.getEnum("objective", Objective.class);
            boolean freeze = s.getBoolean("freezeVisionEncoder");
            arch = arch.withObjective(objective).withLambda(s.getDouble("lambda")).withDraws(s.getInt("draws"))
                    .withFreezeVisionEncoder(freeze);

            Map<String, Double> rates = new LinkedHashMap<>();
            rate(rates, "vision", s.getDouble("learningRateVision"));
            rate(rates, "projector", s.getDouble("learningRateProjector"));
            rate(rates, "lm", s.getDouble("learningRateLm"));
            rate(rates, "denoiser", s.getDouble("learningRateDenoiser"));
            Set<String> trainable = modules(s.getString("trainableModules"), freeze, objective);
            TrainerConfig trainer = TrainerConfig.defaults().withEpochs(s.getInt("epochs"))
                    .withBatchSize(s.getInt("batchSize")).withGradientAccumulation(s.getInt("gradientAccumulation"))
                    .withLearningRate(s.getDouble("learningRate")).withModuleLearningRates(rates)
                    .withTrainableModules(trainable).withWeightDecay(s.getDouble("weightDecay"))
                    .withWarmupFraction(s.getDouble("warmupFraction")).withHoldFraction(s.getDouble("holdFraction"))
                    .withClipNorm(s.getDouble("clipNorm"))
                    .withValidationFraction(s.getDouble("validationFraction"))
                    .withEarlyStoppingPatience(s.getInt("earlyStoppingPatience"))
                    .withCheckpointEvery(s.getLong("checkpointEvery")).withMaxSteps(s.getLong("maxSteps"))
                    .withSeed(s.getLong("seed"));
            if (trainer.earlyStoppingPatience() > 0 && trainer.validationFraction() == 0) {
                throw new IllegalArgumentException("earlyStoppingPatience " + trainer.earlyStoppingPatience()
                        + " needs validation: set validationFraction, e.g. 0.1");
            }
            TunerSettings settings = new TunerSettings(s.getString("imageColumn"), s.getString("questionColumn"),
                    s.getString("answerColumn"), s.getString("latentColumn"), s.getInt("turnsPerConversation"), arch,
                    trainer, s.getBoolean("resume"),
                    s.getChoice("device"), overrides);
            settings.input(Path.of("."), Path.of(".")); // validates the column names
            return settings;
        } catch (IllegalArgumentException e) {
            throw new InvalidSettingsException(e.getMessage(), e);
        }
    }

    TuningInput input(Path table, Path scratch) {
        return new TuningInput(table, imageColumn, questionColumn, answerColumn, latentColumn, scratch, resume, turns);
    }

    private static RossConfig with(RossConfig c, String stack, int width, int layers, int heads) {
        TransformerConfig t = switch (stack) {
            case "vision" -> c.vision();
            case "lm" -> c.lm();
            default -> c.denoiser();
        };
        try {
            t = new TransformerConfig(width > 0 ? width : t.width(), layers > 0 ? layers : t.layers(),
                    heads > 0 ? heads : t.heads());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("settings " + stack + "Width/" + stack + "Layers/" + stack + "Heads: "
                    + e.getMessage(), e);
        }
        return switch (stack) {
            case "vision" -> c.withVision(t);
            case "lm" -> c.withLm(t);
            default -> c.withDenoiser(t);
        };
    }

    private static void rate(Map<String, Double> rates, String module, double lr) {
        if (lr > 0) {
            rates.put(module, lr);
        }
    }

    /** The trainable set: the listed modules (all when empty), without the vision encoder when frozen. */
    private static Set<String> modules(String list, boolean freezeVision, Objective objective) {
        Set<String> modules = new LinkedHashSet<>();
        for (String m : list.split(",")) {
            String name = m.strip().toLowerCase(Locale.ROOT);
            if (name.isEmpty()) {
                continue;
            }
            if (!RossModel.MODULES.contains(name)) {
                throw new IllegalArgumentException("setting 'trainableModules': unknown module '" + m.strip()
                        + "'; choose among " + String.join(", ", RossModel.MODULES));
            }
            modules.add(name);
        }
        if (freezeVision && modules.contains("vision")) {
            throw new IllegalArgumentException("setting 'trainableModules' lists 'vision' but freezeVisionEncoder is "
                    + "true; remove one of them");
        }
        if (modules.isEmpty()) {
            modules.addAll(RossModel.MODULES);
            if (objective == Objective.TEXT_ONLY) {
                modules.remove("denoiser"); // a TEXT_ONLY model has no denoiser weights
            }
        }
        if (freezeVision) {
            modules.remove("vision");
        }
        return modules;
    }
}
