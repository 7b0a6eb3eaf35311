package org.ross.benchmarks;

import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ross.core.infer.Accuracy;
import org.ross.core.infer.Answer;
import org.ross.core.infer.DecodingConfig;
import org.ross.core.infer.VqaPredictor;
import org.ross.core.ross.RossModel;

/** Exact-match scoring of greedy answers per question type and template, and the blind answer prior. */
final class VqaScoring {

    /** The key under which a run's accuracy map holds one question template's accuracy. */
    static final String TEMPLATE = "template:";
    /** The prefix under which a run's accuracy map holds its accuracy on training questions. */
    static final String TRAIN = "train:";

    private VqaScoring() {
    }

    /** How many training questions each arm is scored on: as many as there are held-out ones. */
    static int trainingQuestions(VqaData train, VqaData test) {
        return Math.min(train.questions().length, test.questions().length);
    }

    /** Greedy answers to the first {@code n} questions of {@code data}, scored per question type and template. */
    static Map<String, Double> evaluate(RossModel model, VqaData data, int n) {
        Scores scores = new Scores();
        String[] answers = answers(model, data, n);
        for (int i = 0; i < n; i++) {
            scores.add(data, i, answers[i]);
        }
        return scores.accuracy();
    }

    /** Greedy answers (the KV cache, at most four new tokens) to the first {@code n} questions of {@code data}. */
    static String[] answers(RossModel model, VqaData data, int n) {
        String[] out = new String[n];
        int b = 64;
        for (int from = 0; from < n; from += b) {
            int to = Math.min(n, from + b);
            List<Answer> answers = VqaPredictor.answer(model, Arrays.copyOfRange(data.images(), from, to),
                    List.of(data.questions()).subList(from, to), DecodingConfig.greedy(4));
            for (int i = from; i < to; i++) {
                out[i] = answers.get(i - from).text();
            }
        }
        return out;
    }

    /**
     * The blind baseline: accuracy per question type on the test questions when every question gets the training
     * set's most frequent answer to that exact question (ties: the answer seen first), image unseen. A model that
     * has not learned to look scores about this.
     */
    static Map<String, Double> prior(VqaData train, VqaData test) {
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

        void add(VqaData test, int i, String answer) {
            byType.add(test.types()[i], answer, test.answers()[i]);
            if (test.templates() != null) {
                byTemplate.add(TEMPLATE + test.templates()[i], answer, test.answers()[i]);
                if (test.shareOfAnswer() != null && test.shareOfAnswer()[i] != null) {
                    byShare.add(ShareOfAnswer.key(test.templates()[i], test.shareOfAnswer()[i]), answer,
                            test.answers()[i]);
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
}
