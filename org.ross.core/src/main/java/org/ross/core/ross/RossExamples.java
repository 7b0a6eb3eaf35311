package org.ross.core.ross;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.ross.core.text.ChatTemplate;
import org.ross.core.text.WordTokenizer;
import org.ross.core.tokenizer.ArrayImageSource;
import org.ross.core.tokenizer.ImageSource;
import org.ross.core.train.BatchSource;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Question-answer examples about images, as {@link RossBatch}es. Texts are encoded once here (the
 * count of unknown words is kept for the node to report); images and latents are read per batch
 * from their sources, which may be memory-mapped stores.
 *
 * <p>One example is one conversation: by default a single question and its answer. With
 * {@code turns > 1} the questions about one image (rows with equal image keys, in row order) are
 * packed into conversations of up to {@code turns} turns ({@link ChatTemplate#encode(List, List)});
 * a conversation also ends early where one more turn would not fit in {@code maxSequenceLength}.
 * The batch marks each token's turn ({@link RossBatch#turns}), and the model computes every turn as
 * if it followed the image alone: it attends to the image tokens and to itself, at the positions a
 * single-turn example has. So a packed turn is trained exactly as the prompt the VQA Predictor
 * answers, while the image is encoded, and {@code L_visual} taken, once for all of its turns.
 */
public final class RossExamples implements BatchSource<RossBatch> {

    private final RossConfig config;
    private final ImageSource images;
    private final LatentSource latents;
    private final int[][] conversations;
    private final ChatTemplate.Example[] encoded;
    private final int unknownWords;
    private final boolean packed;

    /**
     * One single-turn example per row.
     *
     * @param latents cached posteriors, or null for a TEXT_ONLY model
     */
    public RossExamples(RossConfig config, ChatTemplate chat, ImageSource images, List<String> questions,
                        List<String> answers, LatentSource latents) {
        this(config, chat, images, questions, answers, latents, null, 1);
    }

    /**
     * @param latents   cached posteriors, or null for a TEXT_ONLY model
     * @param imageKeys per row, the identity of its image (equal keys: the same image); null when
     *                  every row is its own image. Only read when {@code turns > 1}
     * @param turns     the most questions one conversation holds, at least 1
     */
    public RossExamples(RossConfig config, ChatTemplate chat, ImageSource images, List<String> questions,
                        List<String> answers, LatentSource latents, int[] imageKeys, int turns) {
        int n = images.size();
        if (questions.size() != n || answers.size() != n || (latents != null && latents.size() != n)) {
            throw new IllegalArgumentException(n + " images, " + questions.size() + " questions, " + answers.size()
                    + " answers" + (latents == null ? "" : ", " + latents.size() + " latents")
                    + "; every example needs one of each");
        }
        if (imageKeys != null && imageKeys.length != n) {
            throw new IllegalArgumentException(imageKeys.length + " image keys for " + n + " examples");
        }
        if (turns < 1) {
            throw new IllegalArgumentException("turnsPerConversation is " + turns + "; it must be at least 1");
        }
        if (images.channels() != config.imageChannels() || images.imageSize() != config.imageSize()) {
            throw new IllegalArgumentException("images are " + images.channels() + "x" + images.imageSize() + "x"
                    + images.imageSize() + " but the model expects " + config.imageChannels() + "x" + config.imageSize()
                    + "x" + config.imageSize() + "; preprocess the images to the model's size and colour mode");
        }
        if (latents == null && config.objective() != Objective.TEXT_ONLY) {
            throw new IllegalArgumentException("objective " + config.objective() + " needs the tokenizer latents of "
                    + "every image; add the latent column or choose TEXT_ONLY");
        }
        this.config = config;
        this.images = images;
        this.latents = config.objective() == Objective.TEXT_ONLY ? null : latents;
        int unknown = 0;
        ChatTemplate.Example[] single = new ChatTemplate.Example[n];
        int[] turnLength = new int[n]; // positions a row takes as a turn: question, <sep>, answer, <end>
        for (int i = 0; i < n; i++) { // every row must fit on its own; the message names it
            ChatTemplate.Example one = chat.encode(questions.get(i), answers.get(i));
            single[i] = one;
            unknown += one.unknownWords();
            turnLength[i] = one.ids().length - 1;
            int length = length(one);
            if (length > config.maxSequenceLength()) {
                throw new IllegalArgumentException("example " + i + " needs " + length + " positions (" + config.tokens()
                        + " image tokens + question + answer) but maxSequenceLength is " + config.maxSequenceLength()
                        + "; shorten the texts or raise maxSequenceLength");
            }
        }
        this.unknownWords = unknown;
        this.packed = turns > 1 && imageKeys != null;
        this.conversations = pack(turnLength, packed ? imageKeys : null, turns).toArray(new int[0][]);
        this.encoded = new ChatTemplate.Example[conversations.length];
        for (int c = 0; c < conversations.length; c++) {
            int[] rows = conversations[c];
            encoded[c] = rows.length == 1 ? single[rows[0]]
                    : chat.encode(select(questions, rows), select(answers, rows));
        }
    }

    /** Positions an encoded example takes in the LM: its ids with {@code <image>} replaced by N tokens. */
    private int length(ChatTemplate.Example e) {
        return config.tokens() + e.ids().length - 1;
    }

    /**
     * Rows grouped by image key in order of first appearance, each group cut in row order into runs of
     * at most {@code turns} rows that fit in {@code maxSequenceLength}; with no keys, one row each.
     */
    private List<int[]> pack(int[] turnLength, int[] keys, int turns) {
        List<int[]> out = new ArrayList<>();
        if (keys == null) {
            for (int i = 0; i < turnLength.length; i++) {
                out.add(new int[] {i});
            }
            return out;
        }
        Map<Integer, List<Integer>> byImage = new LinkedHashMap<>();
        for (int i = 0; i < keys.length; i++) {
            byImage.computeIfAbsent(keys[i], k -> new ArrayList<>()).add(i);
        }
        for (List<Integer> rows : byImage.values()) {
            List<Integer> current = new ArrayList<>();
            int length = config.tokens(); // image tokens; each turn adds its question, <sep>, answer and <end>
            for (int row : rows) {
                int turn = turnLength[row];
                if (!current.isEmpty() && (current.size() == turns || length + turn > config.maxSequenceLength())) {
                    out.add(current.stream().mapToInt(Integer::intValue).toArray());
                    current.clear();
                    length = config.tokens();
                }
                current.add(row);
                length += turn;
            }
            out.add(current.stream().mapToInt(Integer::intValue).toArray());
        }
        return out;
    }

    private static List<String> select(List<String> values, int[] rows) {
        List<String> out = new ArrayList<>(rows.length);
        for (int r : rows) {
            out.add(values.get(r));
        }
        return out;
    }

    /** Examples held in Java arrays; {@code posteriors} may be null for TEXT_ONLY. */
    public static RossExamples of(RossConfig config, ChatTemplate chat, float[][] images, String[] questions,
                                  String[] answers, float[][] posteriors) {
        return new RossExamples(config, chat, new ArrayImageSource(images, config.imageChannels(), config.imageSize()),
                List.of(questions), List.of(answers), posteriors == null ? null : LatentSource.of(posteriors));
    }

    /** The conversations, one training example each. */
    @Override
    public int size() {
        return encoded.length;
    }

    /** The question-answer rows the conversations hold. */
    public int rows() {
        return images.size();
    }

    /** The rows of conversation {@code i}, in turn order. */
    public int[] rowsOf(int i) {
        return conversations[i].clone();
    }

    /** Words of the questions and answers that the vocabulary does not know (encoded as {@code <unk>}). */
    public int unknownWords() {
        return unknownWords;
    }

    @Override
    public RossBatch batch(int[] indices, NDManager scope) {
        int b = indices.length;
        int pixels = config.pixelsPerImage();
        int s = config.imageSize();
        float[] pixelData = new float[b * pixels];
        float[] image = new float[pixels];
        int length = 0;
        for (int index : indices) {
            length = Math.max(length, encoded[index].ids().length);
        }
        int[] tokens = new int[b * length]; // <pad> = 0
        float[] keep = new float[b * length];
        float[] answer = new float[b * length];
        int[] turns = packed ? new int[b * length] : null;
        for (int i = 0; i < b; i++) {
            images.read(conversations[indices[i]][0], image);
            System.arraycopy(image, 0, pixelData, i * pixels, pixels);
            ChatTemplate.Example ex = encoded[indices[i]];
            for (int j = 0; j < ex.ids().length; j++) {
                tokens[i * length + j] = ex.ids()[j];
                keep[i * length + j] = 1;
                answer[i * length + j] = ex.answerMask()[j] ? 1 : 0;
            }
            if (turns != null) { // turn t runs from after the previous <end> to its own <end>
                int turn = 1;
                for (int j = 1; j < ex.ids().length; j++) {
                    turns[i * length + j] = turn;
                    turn += ex.ids()[j] == WordTokenizer.END_ID ? 1 : 0;
                }
            }
        }
        float[] posteriorData = null;
        if (latents != null) {
            int per = config.posteriorLength();
            posteriorData = new float[b * per];
            float[] one = new float[per];
            for (int i = 0; i < b; i++) {
                latents.read(conversations[indices[i]][0], one);
                System.arraycopy(one, 0, posteriorData, i * per, per);
            }
        }
        int g = config.latentGrid();
        return new RossBatch(
                scope.create(pixelData, new Shape(b, config.imageChannels(), s, s)), // (B, C, S, S)
                scope.create(tokens, new Shape(b, length)), // (B, L)
                scope.create(keep, new Shape(b, length)), // (B, L)
                scope.create(answer, new Shape(b, length)), // (B, L)
                posteriorData == null ? null
                        : scope.create(posteriorData, new Shape(b, 2, config.latentChannels(), g, g)), // (B, 2, C, g, g)
                turns);
    }
}
