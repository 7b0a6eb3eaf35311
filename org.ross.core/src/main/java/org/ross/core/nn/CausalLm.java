package org.ross.core.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

import java.util.ArrayList;
import java.util.List;

/**
 * A decoder-only language model in the GPT-2 / nanoGPT form: token embeddings {@code wte}, learned
 * positions {@code wpe}, pre-norm blocks under a causal (and key-padding) mask, a final layer norm
 * {@code ln_f}, and an output head tied to {@code wte} or separate ({@code lm_head}, no bias).
 * The forward takes input embeddings rather than ids, so that a multimodal model can splice
 * projected image tokens into the sequence.
 */
public final class CausalLm {

    /** Final normed hidden states (B, L, D) and next-token logits (B, L, V). */
    public record Output(NDArray hidden, NDArray logits) {
    }

    public final Embedding wte;
    public final Embedding wpe; // (maxLength, D)
    public final List<TransformerBlock> blocks = new ArrayList<>();
    public final LayerNorm lnF;
    public final Linear lmHead; // null when tied
    private final int maxLength;

    public CausalLm(ParameterSet ps, String name, int vocabulary, int maxLength, int width, int layers,
                    int heads, int mlpHidden, boolean tiedHead) {
        this.wte = new Embedding(ps, name + ".wte", vocabulary, width);
        this.wpe = new Embedding(ps, name + ".wpe", maxLength, width);
        for (int i = 0; i < layers; i++) {
            blocks.add(new TransformerBlock(ps, name + ".blocks." + i, width, heads, mlpHidden));
        }
        this.lnF = new LayerNorm(ps, name + ".ln_f", width);
        this.lmHead = tiedHead ? null : new Linear(ps, name + ".lm_head", width, vocabulary, false);
        this.maxLength = maxLength;
    }

    public NDArray embed(NDArray ids) { // (B, L) -> (B, L, D)
        return wte.forward(ids);
    }

    /**
     * @param inputs embeddings (B, L, D) of the whole sequence
     * @param keep   (B, L) 1 for real positions and 0 for padding, or null when nothing is padded
     */
    public Output forward(NDArray inputs, NDArray keep) {
        return forward(inputs, keep, null);
    }

    /**
     * @param inputs   embeddings (B, L, D) of the whole sequence
     * @param keep     (B, L) 1 for real positions and 0 for padding, or null when nothing is padded
     * @param segments (B * L) packed independent segments after a shared prefix
     *                 ({@link AttentionMask#segments}), or null for one causal sequence per row
     */
    public Output forward(NDArray inputs, NDArray keep, int[] segments) {
        Shape s = inputs.getShape();
        int b = (int) s.get(0);
        int l = (int) s.get(1);
        if (l > maxLength) {
            throw new IllegalArgumentException("sequence of " + l + " positions exceeds maxSequenceLength "
                    + maxLength + "; shorten the questions/answers or raise maxSequenceLength");
        }
        NDArray mask = segments == null ? AttentionMask.causal(inputs.getManager(), l, l) // (1, 1, L, L)
                : AttentionMask.segments(inputs.getManager(), segments, b, l); // (B, 1, L, L)
        if (keep != null) {
            mask = mask.add(AttentionMask.keyPadding(keep)); // (B, 1, L, L)
        }
        NDArray positions = segments == null
                ? inputs.getManager().arange(0, l, 1, DataType.INT64).expandDims(0) // (1, L)
                : inputs.getManager().create(AttentionMask.segmentPositions(segments, b, l), new Shape(b, l)); // (B, L)
        NDArray x = inputs.add(wpe.forward(positions)); // (B, L, D)
        for (TransformerBlock block : blocks) {
            x = block.forward(x, mask); // (B, L, D)
        }
        NDArray hidden = lnF.forward(x); // (B, L, D)
        return new Output(hidden, logits(hidden));
    }

    public NDArray logits(NDArray hidden) { // (B, L, D) -> (B, L, V)
        return lmHead == null ? Linear.apply(hidden, wte.weight.array(), null) : lmHead.forward(hidden);
    }

    public int maxLength() {
        return maxLength;
    }
}
