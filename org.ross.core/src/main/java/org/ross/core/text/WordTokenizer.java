package org.ross.core.text;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A word-level vocabulary built from the training texts. Tokenisation is deliberately simple and
 * predictable: lower-case (root locale), separate the punctuation marks {@value #PUNCTUATION} from
 * words, split on whitespace. Ids {@code 0 .. 4} are the special tokens; then the words by
 * descending count, ties alphabetically. A word not in the vocabulary becomes {@code <unk>} and is
 * counted in the {@link Encoding}.
 */
public final class WordTokenizer {

    public static final String PAD = "<pad>";
    public static final String UNK = "<unk>";
    public static final String IMAGE = "<image>";
    public static final String END = "<end>";
    /** Separates the user turn from the assistant's answer. */
    public static final String SEP = "<sep>";
    public static final List<String> SPECIALS = List.of(PAD, UNK, IMAGE, END, SEP);
    public static final int PAD_ID = 0;
    public static final int UNK_ID = 1;
    public static final int IMAGE_ID = 2;
    public static final int END_ID = 3;
    public static final int SEP_ID = 4;
    static final String PUNCTUATION = "?,.!;:";
    private static final Pattern PUNCT = Pattern.compile("([?,.!;:])");
    private static final Pattern SPACE = Pattern.compile("\\s+");

    /** Token ids of one text and how many of its words were unknown. */
    public record Encoding(int[] ids, int unknownWords) {
    }

    private final List<String> vocabulary;
    private final Map<String, Integer> ids = new HashMap<>();

    private WordTokenizer(List<String> vocabulary) {
        this.vocabulary = List.copyOf(vocabulary);
        for (int i = 0; i < vocabulary.size(); i++) {
            if (ids.put(vocabulary.get(i), i) != null) {
                throw new IllegalArgumentException("vocabulary lists '" + vocabulary.get(i) + "' twice");
            }
        }
    }

    /** Builds the vocabulary from every word of {@code texts}. */
    public static WordTokenizer build(Iterable<String> texts) {
        Map<String, Integer> counts = new HashMap<>();
        for (String text : texts) {
            for (String w : words(text)) {
                if (!SPECIALS.contains(w)) {
                    counts.merge(w, 1, Integer::sum);
                }
            }
        }
        List<String> words = new ArrayList<>(counts.keySet());
        words.sort((a, b) -> counts.get(a).equals(counts.get(b)) ? a.compareTo(b) : counts.get(b) - counts.get(a));
        List<String> vocabulary = new ArrayList<>(SPECIALS);
        vocabulary.addAll(words);
        return new WordTokenizer(vocabulary);
    }

    /** Restores a saved vocabulary (e.g. from model.json); the special tokens must come first. */
    public static WordTokenizer fromVocabulary(List<String> vocabulary) {
        if (vocabulary.size() < SPECIALS.size() || !vocabulary.subList(0, SPECIALS.size()).equals(SPECIALS)) {
            throw new IllegalArgumentException("vocabulary must start with the special tokens " + SPECIALS
                    + "; found " + vocabulary.subList(0, Math.min(vocabulary.size(), SPECIALS.size()))
                    + "; the model was written by an incompatible version");
        }
        return new WordTokenizer(vocabulary);
    }

    /** The words of {@code text} as this tokenizer sees them. */
    public static List<String> words(String text) {
        String spaced = PUNCT.matcher(text.toLowerCase(Locale.ROOT)).replaceAll(" $1 ").strip();
        return spaced.isEmpty() ? List.of() : List.of(SPACE.split(spaced));
    }

    public Encoding encode(String text) {
        List<String> words = words(text);
        int[] out = new int[words.size()];
        int unknown = 0;
        for (int i = 0; i < out.length; i++) {
            Integer id = ids.get(words.get(i));
            if (id == null || id < SPECIALS.size()) {
                unknown++;
                out[i] = UNK_ID;
            } else {
                out[i] = id;
            }
        }
        return new Encoding(out, unknown);
    }

    /** Words joined by spaces, punctuation attached to the word before it; special tokens dropped. */
    public String decode(int[] tokenIds) {
        StringBuilder sb = new StringBuilder();
        for (int id : tokenIds) {
            if (id < SPECIALS.size() && id != UNK_ID) {
                continue;
            }
            String w = token(id);
            if (sb.length() > 0 && !(w.length() == 1 && PUNCTUATION.contains(w))) {
                sb.append(' ');
            }
            sb.append(w);
        }
        return sb.toString();
    }

    public String token(int id) {
        if (id < 0 || id >= vocabulary.size()) {
            throw new IllegalArgumentException("token id " + id + " is outside the vocabulary 0.." + (vocabulary.size() - 1));
        }
        return vocabulary.get(id);
    }

    public int size() {
        return vocabulary.size();
    }

    public List<String> vocabulary() {
        return Collections.unmodifiableList(vocabulary);
    }
}
