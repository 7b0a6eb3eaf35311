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

    @Test
    void aConversationChainsTurnsAfterOneImageAndMasksEveryAnswer() {
        ChatTemplate chat = new ChatTemplate(tok);
        ChatTemplate.Example two = chat.encode(List.of("What shape is the red object?", "Is the red object on the left or right?"),
                List.of("circle", "left"));
        ChatTemplate.Example first = chat.encode("What shape is the red object?", "circle");
        int[] q2 = tok.encode("Is the red object on the left or right?").ids();
        int[] expected = new int[first.ids().length + q2.length + 3];
        System.arraycopy(first.ids(), 0, expected, 0, first.ids().length);
        System.arraycopy(q2, 0, expected, first.ids().length, q2.length);
        expected[expected.length - 3] = WordTokenizer.SEP_ID;
        expected[expected.length - 2] = tok.encode("left").ids()[0];
        expected[expected.length - 1] = WordTokenizer.END_ID;
        assertArrayEquals(expected, two.ids()); // the first turn is exactly the single-turn example
        boolean[] mask = new boolean[expected.length];
        mask[first.ids().length - 2] = true; // circle
        mask[first.ids().length - 1] = true; // <end>
        mask[expected.length - 2] = true; // left
        mask[expected.length - 1] = true; // <end>
        assertArrayEquals(mask, two.answerMask());
        assertEquals(1, java.util.Arrays.stream(two.ids()).filter(id -> id == WordTokenizer.IMAGE_ID).count());
        // "colour", "size" and "blue" are not in the vocabulary
        assertEquals(3, chat.encode(List.of("what colour?", "what size?"), List.of("blue", "left")).unknownWords());
        assertThrows(IllegalArgumentException.class, () -> chat.encode(List.of(), List.of()));
        assertThrows(IllegalArgumentException.class, () -> chat.encode(List.of("what shape is the red object?"),
                List.of("circle", "left")));
    }
}
