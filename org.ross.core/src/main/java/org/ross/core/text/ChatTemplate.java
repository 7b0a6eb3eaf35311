package org.ross.core.text;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * LLaVA's conversation, word-tokenised: the user turn {@value #USER}, the turn separator
 * {@code <sep>}, the assistant turn {@value #ASSISTANT}. As ids:
 * {@code <image> q_1 .. q_m <sep> a_1 .. a_k <end>}; the answer mask marks {@code a_1 .. a_k <end>},
 * the tokens {@code L_text} is computed on. The model replaces {@code <image>} (always at position
 * 0) by its N image tokens.
 *
 * <p>A training conversation may hold several turns about one image: each later turn follows the
 * previous {@code <end>} as {@code q <sep> a <end>}, without another {@code <image>}. Its first
 * turn is exactly the single-turn example; the model trains every later turn as if it were one too
 * ({@code RossExamples}), so that training matches the single-turn prompt answered at inference.
 */
public final class ChatTemplate {

    public static final String USER = "<image>\n{question}";
    public static final String ASSISTANT = "{answer}<end>";

    /** One encoded example: ids, which of them are answer tokens, and the unknown-word count. */
    public record Example(int[] ids, boolean[] answerMask, int unknownWords) {
    }

    private final WordTokenizer tokenizer;

    public ChatTemplate(WordTokenizer tokenizer) {
        this.tokenizer = tokenizer;
    }

    public Example encode(String question, String answer) {
        return encode(List.of(question), List.of(answer));
    }

    /**
     * A conversation of {@code questions.size()} turns about one image:
     * {@code <image> q1 <sep> a1 <end> q2 <sep> a2 <end> ..}, every answer and its {@code <end>} masked.
     */
    public Example encode(List<String> questions, List<String> answers) {
        if (questions.isEmpty() || questions.size() != answers.size()) {
            throw new IllegalArgumentException(questions.size() + " questions and " + answers.size()
                    + " answers; a conversation needs at least one turn and an answer per question");
        }
        List<Integer> ids = new ArrayList<>();
        List<Boolean> mask = new ArrayList<>();
        ids.add(WordTokenizer.IMAGE_ID);
        mask.add(false);
        int unknown = 0;
        for (int t = 0; t < questions.size(); t++) {
            WordTokenizer.Encoding q = tokenizer.encode(questions.get(t));
            WordTokenizer.Encoding a = tokenizer.encode(answers.get(t));
            unknown += q.unknownWords() + a.unknownWords();
            for (int id : q.ids()) {
                ids.add(id);
                mask.add(false);
            }
            ids.add(WordTokenizer.SEP_ID);
            mask.add(false);
            for (int id : a.ids()) {
                ids.add(id);
                mask.add(true);
            }
            ids.add(WordTokenizer.END_ID);
            mask.add(true);
        }
        boolean[] answerMask = new boolean[mask.size()];
        for (int i = 0; i < answerMask.length; i++) {
            answerMask[i] = mask.get(i);
        }
        return new Example(ids.stream().mapToInt(Integer::intValue).toArray(), answerMask, unknown);
    }

    /** The ids a model continues from when answering: {@code <image> q_1 .. q_m <sep>}. */
    public WordTokenizer.Encoding prompt(String question) {
        WordTokenizer.Encoding q = tokenizer.encode(question);
        int[] ids = new int[q.ids().length + 2];
        ids[0] = WordTokenizer.IMAGE_ID;
        System.arraycopy(q.ids(), 0, ids, 1, q.ids().length);
        ids[ids.length - 1] = WordTokenizer.SEP_ID;
        return new WordTokenizer.Encoding(ids, q.unknownWords());
    }

    /** The answer text of generated ids, up to (not including) the first {@code <end>}. */
    public String decodeAnswer(int[] generated) {
        int end = 0;
        while (end < generated.length && generated[end] != WordTokenizer.END_ID) {
            end++;
        }
        return tokenizer.decode(Arrays.copyOf(generated, end));
    }

    public WordTokenizer tokenizer() {
        return tokenizer;
    }

    public ObjectNode toJson() {
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        n.put("user", USER);
        n.put("separator", WordTokenizer.SEP);
        n.put("assistant", ASSISTANT);
        return n;
    }

    /** Checks that a saved template is the one this version implements. */
    public static ChatTemplate fromJson(JsonNode json, WordTokenizer tokenizer) {
        if (!USER.equals(json.path("user").asText()) || !ASSISTANT.equals(json.path("assistant").asText())
                || !WordTokenizer.SEP.equals(json.path("separator").asText())) {
            throw new IllegalArgumentException("chat template " + json + " is not supported; expected user '"
                    + USER.replace("\n", "\\n") + "', separator '" + WordTokenizer.SEP + "', assistant '" + ASSISTANT + "'");
        }
        return new ChatTemplate(tokenizer);
    }
}
