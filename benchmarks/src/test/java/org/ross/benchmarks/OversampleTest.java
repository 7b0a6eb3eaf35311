package org.ross.benchmarks;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.ross.core.ross.Objective;
import org.ross.core.ross.RossConfig;
import org.ross.core.ross.RossExamples;
import org.ross.core.text.ChatTemplate;
import org.ross.core.text.WordTokenizer;

class OversampleTest {

    /** Per image: shape, left-right, two closest, furthest, count (six questions, two of them closest). */
    private static final String[] TEMPLATES = {"shape", "left-right", "closest", "closest", "furthest", "count"};

    private static VqaData scenes(int images, int size) {
        List<float[]> pixels = new ArrayList<>();
        List<String> questions = new ArrayList<>();
        List<String> answers = new ArrayList<>();
        List<String> templates = new ArrayList<>();
        for (int k = 0; k < images; k++) {
            float[] image = new float[3 * size * size];
            Arrays.fill(image, k / (float) images);
            for (int t = 0; t < TEMPLATES.length; t++) {
                pixels.add(image); // one array per image: rows of one image share it, as VqaData.read does
                questions.add(TEMPLATES[t] + " " + t + " " + k);
                answers.add("answer" + t);
                templates.add(TEMPLATES[t]);
            }
        }
        return new VqaData(pixels.toArray(new float[0][]), questions.toArray(new String[0]),
                answers.toArray(new String[0]), templates.toArray(new String[0]), templates.toArray(new String[0]),
                null, null);
    }

    @Test
    void copiesComeAfterTheOriginalsWhichKeepTheirOrder() {
        VqaData train = scenes(3, 32);
        int[][] without = VqaArm.plan(train, 5, null);
        int[][] with = VqaArm.plan(train, 5, VqaBudget.Oversample.parse("closest=3"));
        assertEquals(18, without[0].length);
        // two more rounds of the two closest questions of each of the three images
        assertEquals(18 + 2 * 3 * 2, with[0].length);
        assertArrayEquals(without[0], Arrays.copyOf(with[0], 18));
        assertArrayEquals(without[1], Arrays.copyOf(with[1], 18));
        for (int r = 18; r < with[0].length; r++) {
            assertEquals("closest", train.templates()[with[0][r]], "copy row " + r);
        }
        // every closest question is there three times, every other question once
        int[] seen = new int[train.questions().length];
        for (int row : with[0]) {
            seen[row]++;
        }
        for (int i = 0; i < seen.length; i++) {
            assertEquals(train.templates()[i].equals("closest") ? 3 : 1, seen[i], "question " + i);
        }
    }

    @Test
    void aCopyNeverSharesAConversationWithTheQuestionItRepeats() {
        VqaData train = scenes(4, 32);
        int[][] plan = VqaArm.plan(train, 5, VqaBudget.Oversample.parse("closest=3"));
        RossConfig config = RossConfig.tiny().withObjective(Objective.TEXT_ONLY);
        List<String> texts = new ArrayList<>(List.of(train.questions()));
        texts.addAll(List.of(train.answers()));
        RossExamples examples = VqaArm.examples(config, new ChatTemplate(WordTokenizer.build(texts)), train, 5,
                VqaBudget.Oversample.parse("closest=3"));
        assertEquals(plan[0].length, examples.rows());
        // 4 images: 6 questions pack into 5 + 1; each copy round is one conversation of the image's 2 closest
        assertEquals(4 * 2 + 2 * 4, examples.size());
        int copyConversations = 0;
        for (int c = 0; c < examples.size(); c++) {
            Set<Integer> questions = new HashSet<>();
            Set<float[]> images = new HashSet<>();
            int copies = 0;
            for (int row : examples.rowsOf(c)) {
                int question = plan[0][row];
                assertTrue(questions.add(question), "conversation " + c + " holds question " + question + " twice");
                images.add(train.images()[question]);
                copies += row >= train.questions().length ? 1 : 0; // the copies follow the 24 originals
            }
            assertEquals(1, images.size(), "conversation " + c + " mixes images");
            if (copies > 0) {
                assertEquals(List.of(2, 2), List.of(copies, examples.rowsOf(c).length),
                        "conversation " + c + " mixes copies and originals");
                copyConversations++;
            }
        }
        assertEquals(2 * 4, copyConversations);
    }

    @Test
    void unpackedCopiesAreExtraSingleQuestionExamples() {
        VqaData train = scenes(2, 32);
        int[][] plan = VqaArm.plan(train, null, VqaBudget.Oversample.parse("closest=2"));
        int[] original = new int[12];
        Arrays.setAll(original, i -> i);
        assertArrayEquals(original, Arrays.copyOf(plan[0], 12));
        assertArrayEquals(new int[] {2, 3, 8, 9}, Arrays.copyOfRange(plan[0], 12, 16));
    }

    @Test
    void badOversampleSettingsFailWithTheirReason() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> VqaBudget.Oversample.parse("closest"))
                .getMessage().contains("TEMPLATE=N"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> VqaBudget.Oversample.parse("closest=1"))
                .getMessage().contains("N >= 2"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> VqaBudget.Oversample.parse("nearest=3"))
                .getMessage().contains("'nearest'"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> VqaBudget.of(new String[] {"--oversample", "closest=3"})).getMessage().contains("--tasks clevr"));
        VqaData fashion = new VqaData(new float[][] {new float[3]}, new String[] {"q"}, new String[] {"a"},
                new String[] {"item"}, null, null, null);
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> VqaArm.plan(fashion, 3, VqaBudget.Oversample.parse("closest=2"))).getMessage()
                .contains("template column"));
    }
}
