package org.ross.core.text;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Arrays;

/**
 * LLaVA's single-turn conversation, word-tokenised: the user turn {@value #USER}, the turn
 * separator {@code <sep>}, the assistant turn {@value #ASSISTANT}. As ids:
 * {@code <image> q_1 .. q_m <sep> a_1 .. a_k <end>}; the answer mask marks {@code a_1 .. a_k <end>},
 * the tokens {@code L_text} is computed on. The model replaces {@code <image>} (always at position
 * 0) by its N image tokens.
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
        WordTokenizer.Encoding prompt = prompt(question);
        WordTokenizer.Encoding a = tokenizer.encode(answer);
        int[] ids = Arrays.copyOf(prompt.ids(), prompt.ids().length + a.ids().length + 1);
        System.arraycopy(a.ids(), 0, ids, prompt.ids().length, a.ids().length);
        ids[ids.length - 1] = WordTokenizer.END_ID;
        boolean[] mask = new boolean[ids.length];
        Arrays.fill(mask, prompt.ids().length, ids.length, true);
        return new Example(ids, mask, prompt.unknownWords() + a.unknownWords());
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
