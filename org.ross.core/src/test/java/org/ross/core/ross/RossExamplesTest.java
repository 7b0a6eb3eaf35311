package org.ross.core.ross;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import org.junit.jupiter.api.Test;
import org.ross.core.nn.TransformerInitializers;
import org.ross.core.text.ChatTemplate;
import org.ross.core.text.WordTokenizer;
import org.ross.core.tokenizer.ArrayImageSource;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Packing the questions about one image into conversations, and what a packed batch holds. */
class RossExamplesTest {

    private static final RossConfig TINY = RossConfig.tiny().withObjective(Objective.TEXT_ONLY);
    private static final List<String> QUESTIONS = List.of("what shape is the red object?",
            "is the blue object on the left or right?", "what shape is the blue object?",
            "is the red object on the left or right?", "what shape is the green object?");
    private static final List<String> ANSWERS = List.of("circle", "left", "square", "right", "circle");
    private static final WordTokenizer WORDS = WordTokenizer.build(concat(QUESTIONS, ANSWERS));
    private static final ChatTemplate CHAT = new ChatTemplate(WORDS);

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }

    /** Row i shows image {@code keys[i]}, whose pixels are all {@code (key + 1) / 10}. */
    private static RossExamples examples(RossConfig config, List<String> questions, List<String> answers, int[] keys,
                                         int turns) {
        float[][] images = new float[keys.length][];
        for (int i = 0; i < keys.length; i++) {
            images[i] = new float[config.pixelsPerImage()];
            Arrays.fill(images[i], (keys[i] + 1) / 10f);
        }
        return new RossExamples(config, CHAT, new ArrayImageSource(images, config.imageChannels(), config.imageSize()),
                questions, answers, null, keys, turns);
    }

    @Test
    void questionsAboutOneImageArePackedInRowOrderUpToTheTurnLimit() {
        RossExamples packed = examples(TINY, QUESTIONS, ANSWERS, new int[] {0, 1, 0, 0, 1}, 2);
        assertEquals(3, packed.size());
        assertEquals(5, packed.rows());
        assertArrayEquals(new int[] {0, 2}, packed.rowsOf(0));
        assertArrayEquals(new int[] {3}, packed.rowsOf(1));
        assertArrayEquals(new int[] {1, 4}, packed.rowsOf(2));

        RossExamples single = examples(TINY, QUESTIONS, ANSWERS, new int[] {0, 1, 0, 0, 1}, 1);
        assertEquals(5, single.size());
        for (int i = 0; i < 5; i++) {
            assertArrayEquals(new int[] {i}, single.rowsOf(i));
        }
        RossExamples unkeyed = new RossExamples(TINY, CHAT, new ArrayImageSource(new float[5][TINY.pixelsPerImage()],
                TINY.imageChannels(), TINY.imageSize()), QUESTIONS, ANSWERS, null, null, 4);
        assertEquals(5, unkeyed.size()); // without image keys every row is its own image
    }

    @Test
    void aPackedBatchHoldsTheConversationsTokensAnswerMaskAndItsImageOnce() {
        RossExamples packed = examples(TINY, QUESTIONS, ANSWERS, new int[] {0, 1, 0, 0, 1}, 2);
        ChatTemplate.Example first = CHAT.encode(List.of(QUESTIONS.get(0), QUESTIONS.get(2)),
                List.of(ANSWERS.get(0), ANSWERS.get(2)));
        ChatTemplate.Example third = CHAT.encode(List.of(QUESTIONS.get(1), QUESTIONS.get(4)),
                List.of(ANSWERS.get(1), ANSWERS.get(4)));
        try (NDManager scope = NDManager.newBaseManager(Device.cpu())) {
            RossBatch batch = packed.batch(new int[] {0, 2, 1}, scope);
            int length = Math.max(first.ids().length, third.ids().length);
            assertEquals(length, batch.tokens().getShape().get(1));
            int[] tokens = batch.tokens().toIntArray();
            float[] answer = batch.answer().toFloatArray();
            float[] keep = batch.keep().toFloatArray();
            assertRow(first, tokens, answer, keep, 0, length);
            assertRow(third, tokens, answer, keep, 1, length);
            assertRow(CHAT.encode(QUESTIONS.get(3), ANSWERS.get(3)), tokens, answer, keep, 2, length);
            float[] pixels = batch.images().toFloatArray();
            int per = TINY.pixelsPerImage();
            assertEquals(0.1f, pixels[0]); // conversation 0 shows image 0
            assertEquals(0.2f, pixels[per]); // conversation 2 shows image 1
            assertEquals(0.1f, pixels[3 * per - 1]); // conversation 1 (row 3) shows image 0
        }
    }

    private static void assertRow(ChatTemplate.Example e, int[] tokens, float[] answer, float[] keep, int row,
                                  int length) {
        for (int j = 0; j < length; j++) {
            boolean real = j < e.ids().length;
            assertEquals(real ? e.ids()[j] : 0, tokens[row * length + j], "token " + j + " of row " + row);
            assertEquals(real && e.answerMask()[j] ? 1f : 0f, answer[row * length + j], "answer mask " + j);
            assertEquals(real ? 1f : 0f, keep[row * length + j], "keep " + j);
        }
    }

    @Test
    void aConversationEndsWhereTheNextTurnWouldNotFitTheSequence() {
        // tiny: 16 image tokens and 64 positions; "what shape is the red object?" + <sep> circle <end> is 10
        List<String> q = Collections.nCopies(6, QUESTIONS.get(0));
        List<String> a = Collections.nCopies(6, ANSWERS.get(0));
        RossExamples packed = examples(TINY, q, a, new int[6], 10);
        assertEquals(2, packed.size());
        assertArrayEquals(new int[] {0, 1, 2, 3}, packed.rowsOf(0)); // 16 + 4 * 10 = 56 <= 64 < 66
        assertArrayEquals(new int[] {4, 5}, packed.rowsOf(1));
        try (NDManager scope = NDManager.newBaseManager(Device.cpu())) {
            long positions = TINY.tokens() + packed.batch(new int[] {0}, scope).tokens().getShape().get(1) - 1;
            assertTrue(positions <= TINY.maxSequenceLength(), positions + " positions");
        }
    }

    @Test
    void badPackingSettingsAreRejectedWithTheirFix() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> examples(TINY, QUESTIONS, ANSWERS, new int[5], 0));
        assertEquals("turnsPerConversation is 0; it must be at least 1", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new RossExamples(TINY, CHAT,
                new ArrayImageSource(new float[5][TINY.pixelsPerImage()], TINY.imageChannels(), TINY.imageSize()),
                QUESTIONS, ANSWERS, null, new int[4], 2));
        assertEquals("4 image keys for 5 examples", e.getMessage());
    }

    @Test
    void aPackedTurnIsComputedExactlyAsItsSingleTurnExample() {
        // the text loss of packed conversations is the mean over the same answer tokens with the same
        // logits as the single-turn rows, and the image positions' hidden states are the same
        int[] keys = {0, 1, 0, 0, 1};
        RossExamples packed = examples(TINY, QUESTIONS, ANSWERS, keys, 3);
        RossExamples single = examples(TINY, QUESTIONS, ANSWERS, keys, 1);
        assertEquals(2, packed.size());
        try (RossModel model = RossModel.create(TINY, WORDS, 11, Device.cpu());
             NDManager scope = NDManager.newBaseManager(Device.cpu())) {
            float packedLoss = model.loss(packed.batch(new int[] {0, 1}, scope), new SplittableRandom(1), scope)
                    .text().getFloat();
            float singleLoss = model.loss(single.batch(new int[] {0, 1, 2, 3, 4}, scope), new SplittableRandom(1), scope)
                    .text().getFloat();
            assertEquals(singleLoss, packedLoss, 1e-5f);
            float[] packedImage = model.forward(packed.batch(new int[] {0}, scope)).hImage().toFloatArray();
            float[] singleImage = model.forward(single.batch(new int[] {2}, scope)).hImage().toFloatArray();
            assertArrayEquals(singleImage, packedImage, 1e-5f);
        }
    }

    @Test
    void aModelTrainedOnConversationsAnswersEachQuestionOnItsOwn() {
        // two images, each asked two questions; trained only on packed conversations, the model must answer
        // the single-turn prompt (inference's) of every question, the later turn included
        RossConfig config = RossConfig.tiny();
        SplittableRandom rng = new SplittableRandom(3);
        float[][] distinct = {TransformerInitializers.gaussian(config.pixelsPerImage(), 0.5, rng),
                TransformerInitializers.gaussian(config.pixelsPerImage(), 0.5, rng)};
        float[][] posteriors = new float[2][config.posteriorLength()];
        List<String> q = List.of(QUESTIONS.get(0), QUESTIONS.get(1), QUESTIONS.get(0), QUESTIONS.get(1));
        List<String> a = List.of("circle", "left", "square", "right");
        int[] keys = {0, 0, 1, 1};
        float[][] images = {distinct[0], distinct[0], distinct[1], distinct[1]};
        float[][] rowPosteriors = {posteriors[0], posteriors[0], posteriors[1], posteriors[1]};
        RossExamples packed = new RossExamples(config, CHAT, new ArrayImageSource(images, config.imageChannels(),
                config.imageSize()), q, a, LatentSource.of(rowPosteriors), keys, 2);
        assertEquals(2, packed.size());
        try (RossModel model = RossModel.create(config, WORDS, 7, Device.cpu())) {
            var adam = TinyData.adam(1e-2f);
            SplittableRandom noise = new SplittableRandom(5);
            for (int i = 0; i < 40; i++) {
                TinyData.step(model, packed, adam, noise);
            }
            assertEquals(a, model.answer(images, q));
        }
    }
}
