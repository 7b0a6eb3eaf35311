package org.ross.core.infer;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import ai.djl.training.optimizer.Adam;
import ai.djl.training.tracker.Tracker;
import org.ross.core.nn.Parameter;
import org.ross.core.nn.TransformerInitializers;
import org.ross.core.ross.Objective;
import org.ross.core.ross.RossConfig;
import org.ross.core.ross.RossExamples;
import org.ross.core.ross.RossModel;
import org.ross.core.text.ChatTemplate;
import org.ross.core.text.WordTokenizer;
import org.ross.core.train.LossTerms;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** Tiny-preset models and examples for the inference tests: random weights, or overfit on four examples. */
final class TinyVqa {

    static final String[] QUESTIONS = {"what shape is the red object?", "is the blue object on the left or right?",
            "what shape is the object closest to the green object?", "red?"};
    static final String[] ANSWERS = {"circle", "left", "square", "right"};
    static final List<String> CANDIDATES = List.of("square", "circle", "left", "right");

    final RossConfig config;
    final WordTokenizer tokenizer;
    final float[][] images;

    TinyVqa(Objective objective, long seed) {
        this.config = RossConfig.tiny().withObjective(objective);
        List<String> texts = new ArrayList<>(List.of(QUESTIONS));
        texts.addAll(List.of(ANSWERS));
        this.tokenizer = WordTokenizer.build(texts);
        SplittableRandom rng = new SplittableRandom(seed);
        images = new float[QUESTIONS.length][];
        for (int i = 0; i < images.length; i++) {
            images[i] = TransformerInitializers.gaussian(config.pixelsPerImage(), 0.5, rng);
        }
    }

    RossModel random(long seed) {
        return RossModel.create(config, tokenizer, seed, Device.cpu());
    }

    /** A TEXT_ONLY model trained until it answers its four examples: 40 full-batch Adam steps. */
    RossModel overfit(long seed) {
        RossModel model = random(seed);
        RossExamples data = RossExamples.of(config, new ChatTemplate(tokenizer), images, QUESTIONS, ANSWERS, null);
        Adam adam = Adam.builder().optLearningRateTracker(Tracker.fixed(1e-2f)).build();
        SplittableRandom rng = new SplittableRandom(seed);
        for (int step = 0; step < 40; step++) {
            try (NDManager scope = NDManager.newBaseManager(model.device());
                 GradientCollector collector = Engine.getEngine("PyTorch").newGradientCollector()) {
                LossTerms terms = model.loss(data.batch(new int[] {0, 1, 2, 3}, scope), rng, scope);
                collector.backward(terms.total());
                for (Parameter p : model.parameters().parameters()) {
                    NDArray grad = p.array().getGradient();
                    grad.attach(scope);
                    adam.update(p.name(), p.array(), grad);
                }
            }
        }
        return model;
    }

    List<String> questions() {
        return List.of(QUESTIONS);
    }
}
