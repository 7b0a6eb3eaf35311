package org.ross.core.infer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.ross.core.ross.RossConfig;
import org.ross.core.ross.RossModel;

import org.ross.core.text.WordTokenizer;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Answers questions about images with a ROSS model: open generation ({@link #answer}, greedy or beam search, with or
 * without the KV cache) or closed-set choice ({@link #choose}). Only the vision encoder, projector and LM run; the
 * denoiser is never touched (DESIGN.md section 4, step 9: inference costs what the baseline costs).
 *
 * <p>Each call is one batch: it opens its own scope under the model's device, closes it before returning, and
 * returns Java values. Rows are independent: a row's answer does not depend on the other rows of its batch.
 */
public final class VqaPredictor {

    private VqaPredictor() {
    }

    /**
     * @param images preprocessed (C, S, S) images in [-1, 1] at the model's size, one per question
     */
    public static List<Answer> answer(RossModel model, float[][] images, List<String> questions, DecodingConfig decoding) {
        RossConfig config = model.config();
        Prompts prompts = Prompts.encode(model.chatTemplate(), config, questions);
        int[] budgets = new int[prompts.size()];
        for (int i = 0; i < budgets.length; i++) {
            budgets[i] = prompts.budget(config, i, decoding.maxNewTokens());
        }
        GreedySearch.Result r;
        try (NDManager scope = NDManager.newBaseManager(model.device())) {
            NDArray imageTokens = model.imageTokens(imageArray(config, images, questions.size(), scope)); // (B, N, D)
            try (DecoderState state = decoding.kvCache()
                    ? new KvCacheState(model.lm(), imageTokens, prompts, scope)
                    : new RecomputeState(model.lm(), config, imageTokens, prompts, scope)) {
                r = decoding.strategy() == DecodingConfig.Strategy.GREEDY
                        ? GreedySearch.run(state, budgets, decoding.stopAtEnd())
                        : BeamSearch.run(state, budgets, decoding.beamWidth());
            }
        }
        List<Answer> out = new ArrayList<>();
        for (int i = 0; i < budgets.length; i++) {
            int[] t = untilEnd(r.tokens()[i]);
            out.add(new Answer(model.chatTemplate().decodeAnswer(t), r.logProbs()[i], t, prompts.unknownWords()[i]));
        }
        return out;
    }

    /**
     * Closed-set mode: per row the candidate with the highest log-likelihood (teacher forcing), returned as given.
     *
     * @param candidates per row the candidate answers (at least one)
     */
    public static List<Answer> choose(RossModel model, float[][] images, List<String> questions,
                                      List<List<String>> candidates) {
        RossConfig config = model.config();
        if (candidates.size() != questions.size()) {
            throw new IllegalArgumentException(questions.size() + " questions but " + candidates.size()
                    + " candidate lists");
        }
        Prompts prompts = Prompts.encode(model.chatTemplate(), config, questions);
        CandidateScorer.Choice[] choices;
        try (NDManager scope = NDManager.newBaseManager(model.device())) {
            NDArray imageTokens = model.imageTokens(imageArray(config, images, questions.size(), scope)); // (B, N, D)
            choices = CandidateScorer.choose(model.lm(), config, model.chatTemplate(), imageTokens, prompts, candidates,
                    scope);
        }
        List<Answer> out = new ArrayList<>();
        for (int i = 0; i < choices.length; i++) {
            CandidateScorer.Choice c = choices[i];
            out.add(new Answer(candidates.get(i).get(c.index()), c.logProb(), c.tokens(), c.unknownWords()));
        }
        return out;
    }

    private static NDArray imageArray(RossConfig config, float[][] images, int rows, NDManager scope) {
        if (images.length != rows) {
            throw new IllegalArgumentException(images.length + " images but " + rows + " questions");
        }
        int s = config.imageSize();
        float[] data = new float[rows * config.pixelsPerImage()];
        for (int i = 0; i < rows; i++) {
            if (images[i].length != config.pixelsPerImage()) {
                throw new IllegalArgumentException("image " + i + " has " + images[i].length + " values; expected "
                        + config.imageChannels() + "x" + s + "x" + s + " (resize to the model's input first)");
            }
            System.arraycopy(images[i], 0, data, i * config.pixelsPerImage(), config.pixelsPerImage());
        }
        return scope.create(data, new Shape(rows, config.imageChannels(), s, s)); // (B, C, S, S)
    }

    private static int[] untilEnd(int[] tokens) {
        for (int j = 0; j < tokens.length; j++) {
            if (tokens[j] == WordTokenizer.END_ID) {
                return Arrays.copyOf(tokens, j + 1);
            }
        }
        return tokens;
    }
}
