package org.ross.core.infer;

import org.ross.core.ross.RossConfig;
import org.ross.core.text.ChatTemplate;
import org.ross.core.text.WordTokenizer;

import java.util.List;

/**
 * The chat-template prompts {@code <image> q_1 .. q_m <sep>} of a batch of questions, checked against the model:
 * a question must have words, and image tokens plus prompt must fit the model's positions.
 *
 * @param ids          per row the prompt ids, {@code <image>} first
 * @param unknownWords per row the question words mapped to {@code <unk>}
 */
record Prompts(int[][] ids, int[] unknownWords) {

    static Prompts encode(ChatTemplate chat, RossConfig config, List<String> questions) {
        int[][] ids = new int[questions.size()][];
        int[] unknown = new int[questions.size()];
        for (int i = 0; i < ids.length; i++) {
            String q = questions.get(i);
            if (isEmpty(q)) {
                throw new IllegalArgumentException("question " + i + " is empty; every row needs a question");
            }
            WordTokenizer.Encoding e = chat.prompt(q);
            ids[i] = e.ids();
            unknown[i] = e.unknownWords();
            int length = prefillLength(config, ids[i]);
            if (length >= config.maxSequenceLength()) {
                throw new IllegalArgumentException("question " + i + " needs " + length + " positions with the "
                        + config.tokens() + " image tokens, leaving none of the model's " + config.maxSequenceLength()
                        + " for the answer; shorten the question");
            }
        }
        return new Prompts(ids, unknown);
    }

    /** No words, or punctuation only ("?"). */
    static boolean isEmpty(String question) {
        return question == null || WordTokenizer.words(question).stream()
                .allMatch(w -> w.length() == 1 && "?,.!;:".contains(w));
    }

    int size() {
        return ids.length;
    }

    /** Positions the LM reads before answering: N image tokens replace {@code <image>}. */
    static int prefillLength(RossConfig config, int[] prompt) {
        return config.tokens() + prompt.length - 1;
    }

    /** Tokens row {@code i} may generate: fed tokens must sit at positions below {@code maxSequenceLength}. */
    int budget(RossConfig config, int i, int maxNewTokens) {
        return Math.min(maxNewTokens, config.maxSequenceLength() - prefillLength(config, ids[i]) + 1);
    }
}
