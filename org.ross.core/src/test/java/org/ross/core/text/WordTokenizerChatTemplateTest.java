package org.ross.core.text;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class WordTokenizerChatTemplateTest {

    private final WordTokenizer tok = WordTokenizer.build(List.of(
            "What shape is the red object?", "circle", "Is the red object on the left or right?", "left"));

    @Test
    void vocabularyIsSpecialsThenWordsByCountThenAlphabetically() {
        assertEquals(WordTokenizer.SPECIALS, tok.vocabulary().subList(0, 5));
        // "the" appears three times; "?", "is", "left", "object", "red" twice, alphabetically among themselves
        assertEquals(List.of("the", "?", "is", "left", "object", "red"), tok.vocabulary().subList(5, 11));
        assertEquals(List.of("is", "the", "red", "object", "on", "the", "left", "or", "right", "?"),
                WordTokenizer.words("Is the RED object on the left or right?"));
    }

    @Test
    void unknownWordsBecomeUnkAndAreCounted() {
        WordTokenizer.Encoding e = tok.encode("what colour is the blue object?");
        assertEquals(2, e.unknownWords());
        assertEquals(WordTokenizer.UNK_ID, e.ids()[1]);
        assertEquals("what <unk> is the <unk> object?", tok.decode(e.ids()));
        assertEquals(1, tok.encode("<image>").unknownWords());
    }

    @Test
    void chatTemplateMarksAnswerTokensAndEnd() {
        ChatTemplate chat = new ChatTemplate(tok);
        ChatTemplate.Example ex = chat.encode("What shape is the red object?", "circle");
        int[] ids = ex.ids();
        assertEquals(WordTokenizer.IMAGE_ID, ids[0]);
        assertEquals(WordTokenizer.SEP_ID, ids[ids.length - 3]);
        assertEquals("circle", tok.token(ids[ids.length - 2]));
        assertEquals(WordTokenizer.END_ID, ids[ids.length - 1]);
        boolean[] expected = new boolean[ids.length];
        expected[ids.length - 2] = true;
        expected[ids.length - 1] = true;
        assertArrayEquals(expected, ex.answerMask());
        assertArrayEquals(java.util.Arrays.copyOf(ids, ids.length - 2), chat.prompt("what shape is the red object?").ids());
        assertEquals("circle", chat.decodeAnswer(new int[] {ids[ids.length - 2], WordTokenizer.END_ID, 7}));
        ChatTemplate back = ChatTemplate.fromJson(chat.toJson(), WordTokenizer.fromVocabulary(tok.vocabulary()));
        assertArrayEquals(ids, back.encode("What shape is the red object?", "circle").ids());
        assertThrows(IllegalArgumentException.class, () -> WordTokenizer.fromVocabulary(List.of("a", "b")));
    }
}
