package org.ross.core.infer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.ross.core.nn.CausalLm;
import org.ross.core.ross.RossConfig;

import java.util.Arrays;

/**
 * Decoding without a cache: every step runs the training forward ({@link CausalLm#forward}) over each row's whole
 * sequence {@code [image tokens, prompt, generated]}, right-padded, and reads the logits at the row's last real
 * position. Quadratic in the answer length; kept as the oracle for {@link KvCacheState} and as the baseline of the
 * throughput benchmark.
 */
final class RecomputeState implements DecoderState {

    private final CausalLm lm;
    private final RossConfig config;
    private final NDManager scope;
    private final NDManager imageScope;
    private NDArray imageTokens; // (B, N, D)
    private int[][] text;        // per row: question ids after <image>, <sep>, generated ids
    private float[][] logProbs;

    RecomputeState(CausalLm lm, RossConfig config, NDArray imageTokens, Prompts prompts, NDManager scope) {
        this.lm = lm;
        this.config = config;
        this.scope = scope;
        this.imageScope = scope.newSubManager();
        this.imageTokens = imageTokens.duplicate();
        this.imageTokens.attach(imageScope);
        this.text = new int[prompts.size()][];
        for (int i = 0; i < text.length; i++) {
            text[i] = Arrays.copyOfRange(prompts.ids()[i], 1, prompts.ids()[i].length);
        }
        recompute();
    }

    @Override
    public float[][] logProbs() {
        return logProbs;
    }

    @Override
    public void append(int[] tokens) {
        for (int i = 0; i < text.length; i++) {
            // a row past its budget stops growing; its outputs are never read
            if (config.tokens() + text[i].length < lm.maxLength()) {
                text[i] = Arrays.copyOf(text[i], text[i].length + 1);
                text[i][text[i].length - 1] = tokens[i];
            }
        }
        recompute();
    }

    @Override
    public void reorder(int[] parents) {
        int[][] t = new int[parents.length][];
        float[][] lp = new float[parents.length][];
        long[] index = new long[parents.length];
        for (int i = 0; i < parents.length; i++) {
            t[i] = text[parents[i]];
            lp[i] = logProbs[parents[i]];
            index[i] = parents[i];
        }
        NDArray selected = KvCacheState.selectRows(imageTokens, index, imageScope); // (B', N, D)
        imageTokens.close();
        imageTokens = selected;
        text = t;
        logProbs = lp;
    }

    private void recompute() {
        int b = text.length;
        int n = config.tokens();
        int lt = Arrays.stream(text).mapToInt(r -> r.length).max().orElse(0);
        int[] ids = new int[b * lt];
        float[] keep = new float[b * (n + lt)];
        long[] last = new long[b];
        for (int i = 0; i < b; i++) {
            System.arraycopy(text[i], 0, ids, i * lt, text[i].length);
            Arrays.fill(keep, i * (n + lt), i * (n + lt) + n + text[i].length, 1f);
            last[i] = n + text[i].length - 1;
        }
        try (NDManager step = scope.newSubManager()) {
            NDArray inputs = imageTokens.concat(lm.embed(step.create(ids, new Shape(b, lt))), 1); // (B, N + Lt, D)
            inputs.attach(step);
            CausalLm.Output out = lm.forward(inputs, step.create(keep, new Shape(b, n + lt)));
            NDArray index = step.create(last, new Shape(b, 1, 1)).broadcast(b, 1, out.logits().getShape().get(2)); // (B, 1, V)
            logProbs = KvCacheState.rows(out.logits().gather(index, 1).logSoftmax(-1), b); // (B, 1, V)
        }
    }

    @Override
    public void close() {
        imageScope.close();
    }
}
