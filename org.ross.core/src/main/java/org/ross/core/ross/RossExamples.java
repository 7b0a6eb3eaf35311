package org.ross.core.ross;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.ross.core.text.ChatTemplate;
import org.ross.core.tokenizer.ArrayImageSource;
import org.ross.core.tokenizer.ImageSource;
import org.ross.core.train.BatchSource;

import java.util.List;

/**
 * Question-answer examples about images, as {@link RossBatch}es. Texts are encoded once here (the
 * count of unknown words is kept for the node to report); images and latents are read per batch
 * from their sources, which may be memory-mapped stores.
 */
public final class RossExamples implements BatchSource<RossBatch> {

    private final RossConfig config;
    private final ImageSource images;
    private final LatentSource latents;
    private final ChatTemplate.Example[] encoded;
    private final int unknownWords;

    /**
     * @param latents cached posteriors, or null for a TEXT_ONLY model
     */
    public RossExamples(RossConfig config, ChatTemplate chat, ImageSource images, List<String> questions,
                        List<String> answers, LatentSource latents) {
        int n = images.size();
        if (questions.size() != n || answers.size() != n || (latents != null && latents.size() != n)) {
            throw new IllegalArgumentException(n + " images, " + questions.size() + " questions, " + answers.size()
                    + " answers" + (latents == null ? "" : ", " + latents.size() + " latents")
                    + "; every example needs one of each");
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
        this.encoded = new ChatTemplate.Example[n];
        int unknown = 0;
        for (int i = 0; i < n; i++) {
            encoded[i] = chat.encode(questions.get(i), answers.get(i));
            unknown += encoded[i].unknownWords();
            int length = config.tokens() + encoded[i].ids().length - 1;
            if (length > config.maxSequenceLength()) {
                throw new IllegalArgumentException("example " + i + " needs " + length + " positions (" + config.tokens()
                        + " image tokens + question + answer) but maxSequenceLength is " + config.maxSequenceLength()
                        + "; shorten the texts or raise maxSequenceLength");
            }
        }
        this.unknownWords = unknown;
    }

    /** Examples held in Java arrays; {@code posteriors} may be null for TEXT_ONLY. */
    public static RossExamples of(RossConfig config, ChatTemplate chat, float[][] images, String[] questions,
                                  String[] answers, float[][] posteriors) {
        return new RossExamples(config, chat, new ArrayImageSource(images, config.imageChannels(), config.imageSize()),
                List.of(questions), List.of(answers), posteriors == null ? null : LatentSource.of(posteriors));
    }

    @Override
    public int size() {
        return encoded.length;
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
        for (int i = 0; i < b; i++) {
            images.read(indices[i], image);
            System.arraycopy(image, 0, pixelData, i * pixels, pixels);
            ChatTemplate.Example ex = encoded[indices[i]];
            for (int j = 0; j < ex.ids().length; j++) {
                tokens[i * length + j] = ex.ids()[j];
                keep[i * length + j] = 1;
                answer[i * length + j] = ex.answerMask()[j] ? 1 : 0;
            }
        }
        float[] posteriorData = null;
        if (latents != null) {
            int per = config.posteriorLength();
            posteriorData = new float[b * per];
            float[] one = new float[per];
            for (int i = 0; i < b; i++) {
                latents.read(indices[i], one);
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
                        : scope.create(posteriorData, new Shape(b, 2, config.latentChannels(), g, g))); // (B, 2, C, g, g)
    }
}
