package org.ross.core.ross;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import ai.djl.training.optimizer.Adam;
import ai.djl.training.tracker.Tracker;
import org.ross.core.nn.Parameter;
import org.ross.core.nn.TransformerInitializers;
import org.ross.core.text.ChatTemplate;
import org.ross.core.text.WordTokenizer;
import org.ross.core.train.LossTerms;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** A few synthetic examples at the tiny preset and a plain Adam loop (the Trainer lives elsewhere). */
final class TinyData {

    static final String[] QUESTIONS = {"what shape is the red object?", "what shape is the red object?",
            "is the blue object on the left or right?", "what shape is the red object?"};
    static final String[] ANSWERS = {"circle", "square", "left", "square"};

    final RossConfig config;
    final WordTokenizer tokenizer;
    final float[][] images;
    final float[][] posteriors;

    TinyData(RossConfig config, long seed) {
        this.config = config;
        List<String> texts = new ArrayList<>(List.of(QUESTIONS));
        texts.addAll(List.of(ANSWERS));
        this.tokenizer = WordTokenizer.build(texts);
        SplittableRandom rng = new SplittableRandom(seed);
        images = new float[QUESTIONS.length][];
        posteriors = new float[QUESTIONS.length][];
        int half = config.posteriorLength() / 2;
        for (int i = 0; i < images.length; i++) {
            images[i] = TransformerInitializers.gaussian(config.pixelsPerImage(), 0.5, rng);
            posteriors[i] = new float[2 * half];
            float[] mean = TransformerInitializers.gaussian(half, 1, rng);
            System.arraycopy(mean, 0, posteriors[i], 0, half);
            java.util.Arrays.fill(posteriors[i], half, 2 * half, -6f); // small posterior variance
        }
    }

    RossExamples examples() {
        return RossExamples.of(config, new ChatTemplate(tokenizer), images, QUESTIONS, ANSWERS,
                config.objective() == Objective.TEXT_ONLY ? null : posteriors);
    }

    static int[] all(int n) {
        return java.util.stream.IntStream.range(0, n).toArray();
    }

    /** One Adam step on {@code L = L_text + lambda L_visual}; returns {total, text, visual}. */
    static float[] step(RossModel model, RossExamples data, Adam adam, SplittableRandom rng) {
        try (NDManager scope = NDManager.newBaseManager(model.device());
             GradientCollector collector = Engine.getEngine("PyTorch").newGradientCollector()) {
            LossTerms terms = model.loss(data.batch(all(data.size()), scope), rng, scope);
            float[] values = {terms.total().getFloat(), terms.text().getFloat(), terms.visual().getFloat()};
            collector.backward(terms.total());
            for (Parameter p : model.parameters().parameters()) {
                NDArray grad = p.array().getGradient();
                grad.attach(scope);
                adam.update(p.name(), p.array(), grad);
            }
            return values;
        }
    }

    static Adam adam(float lr) {
        return Adam.builder().optLearningRateTracker(Tracker.fixed(lr)).build();
    }
}
