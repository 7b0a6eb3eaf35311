package org.ross.core.infer;

import org.ross.core.text.WordTokenizer;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Exact-match accuracy overall and per question type. Answers are compared as the tokenizer sees them (lower case,
 * punctuation split off, blanks collapsed), so "Circle." matches "circle .".
 */
public final class Accuracy {

    /** The row of all questions in {@link #rows}. */
    public static final String OVERALL = "all";

    /** Questions and correct answers of one group. */
    public record Group(String questionType, long questions, long correct) {

        public double accuracy() {
            return questions == 0 ? Double.NaN : (double) correct / questions;
        }
    }

    private long questions;
    private long correct;
    private final Map<String, long[]> byType = new TreeMap<>();

    public static boolean matches(String predicted, String expected) {
        return WordTokenizer.words(predicted).equals(WordTokenizer.words(expected));
    }

    /** Counts one question; {@code questionType} may be null when the table has no type column. */
    public void add(String questionType, String predicted, String expected) {
        boolean ok = matches(predicted, expected);
        questions++;
        correct += ok ? 1 : 0;
        if (questionType != null) {
            long[] c = byType.computeIfAbsent(questionType, k -> new long[2]);
            c[0]++;
            c[1] += ok ? 1 : 0;
        }
    }

    /** {@value #OVERALL} first, then each question type in alphabetical order. */
    public List<Group> rows() {
        List<Group> out = new ArrayList<>();
        out.add(new Group(OVERALL, questions, correct));
        byType.forEach((type, c) -> out.add(new Group(type, c[0], c[1])));
        return out;
    }
}
