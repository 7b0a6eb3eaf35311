package org.ross.core.infer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.ross.core.nn.AttentionMask;
import org.ross.core.nn.CausalLm;
import org.ross.core.nn.MultiHeadAttention.KeyValue;
import org.ross.core.nn.MultiHeadAttention.Output;
import org.ross.core.nn.TransformerBlock;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Incremental decoding with a key/value cache.
 *
 * <p>Layout. The prefill is the training layout: per row {@code [N image tokens, q_1 .. q_m, <sep>]}
 * right-padded to the longest row ({@code Lp} columns), positions {@code 0 .. Lp-1}, causal mask plus key
 * padding. Each step then appends one column for every row: the cache holds, per layer, keys and values
 * (B, H, Lp + t, hd). A generated token gets its row's own position id ({@code P_i + t}, where {@code P_i} is
 * the row's real prefill length), so padding columns shift nothing; they stay masked as keys for the rest of the
 * decode. Right padding keeps the prefill bit-identical to the training forward of the same row.
 *
 * <p>Memory: every step runs in a sub-scope of the call's scope; the grown cache is attached to a fresh cache
 * scope and the previous one closed, so native memory stays at one cache however many steps run.
 */
final class KvCacheState implements DecoderState {

    private final CausalLm lm;
    private final NDManager scope;
    private NDManager cacheScope;
    private List<KeyValue> cache;
    private float[][] prefillKeep; // per row (Lp), 1 real, 0 padding
    private int[] nextPosition;    // per row, the position id of the next fed token
    private int appended;
    private float[][] logProbs;

    /** Runs the prefill over {@code imageTokens} (B, N, D) and the prompts. */
    KvCacheState(CausalLm lm, NDArray imageTokens, Prompts prompts, NDManager scope) {
        this.lm = lm;
        this.scope = scope;
        int b = prompts.size();
        int n = (int) imageTokens.getShape().get(1); // N
        int lt = 0;
        for (int[] p : prompts.ids()) {
            lt = Math.max(lt, p.length - 1);
        }
        int lp = n + lt;
        int[] text = new int[b * lt]; // <pad> = 0
        prefillKeep = new float[b][lp];
        nextPosition = new int[b];
        for (int i = 0; i < b; i++) {
            int[] p = prompts.ids()[i];
            System.arraycopy(p, 1, text, i * lt, p.length - 1); // <image> is replaced by the image tokens
            Arrays.fill(prefillKeep[i], 0, n + p.length - 1, 1f);
            nextPosition[i] = n + p.length - 1;
        }
        try (NDManager step = scope.newSubManager()) {
            NDArray ids = step.create(text, new Shape(b, lt)); // (B, Lt)
            NDArray inputs = imageTokens.concat(lm.embed(ids), 1); // (B, Lp, D)
            inputs.attach(step); // the concat belongs to the image tokens' scope; keep the prefill in the step's
            NDArray mask = AttentionMask.causal(step, lp, lp).add(AttentionMask.keyPadding(keep(step, 0))); // (B, 1, Lp, Lp)
            NDArray positions = step.arange(0, lp).toType(ai.djl.ndarray.types.DataType.INT64, false).expandDims(0); // (1, Lp)
            NDArray x = inputs.add(lm.wpe.forward(positions)); // (B, Lp, D)
            List<KeyValue> kv = new ArrayList<>();
            for (TransformerBlock block : lm.blocks) {
                Output o = block.forward(x, null, mask);
                x = o.y(); // (B, Lp, D)
                kv.add(o.keyValue());
            }
            long[] last = new long[b];
            for (int i = 0; i < b; i++) {
                last[i] = nextPosition[i] - 1;
            }
            NDArray index = step.create(last, new Shape(b, 1, 1)).broadcast(b, 1, x.getShape().get(2)); // (B, 1, D)
            NDArray h = lm.lnF.forward(x.gather(index, 1)); // (B, 1, D)
            logProbs = rows(lm.logits(h).logSoftmax(-1), b); // (B, 1, V)
            keepCache(kv);
        }
    }

    @Override
    public float[][] logProbs() {
        return logProbs;
    }

    @Override
    public void append(int[] tokens) {
        int b = nextPosition.length;
        if (tokens.length != b) {
            throw new IllegalArgumentException(tokens.length + " tokens for " + b + " rows");
        }
        long[] positions = new long[b];
        for (int i = 0; i < b; i++) {
            // a row past its budget is fed <pad> at a clamped position; its outputs are never read
            positions[i] = Math.min(nextPosition[i]++, lm.maxLength() - 1);
        }
        try (NDManager step = scope.newSubManager()) {
            NDArray ids = step.create(tokens, new Shape(b, 1)); // (B, 1)
            NDArray x = lm.embed(ids).add(lm.wpe.forward(step.create(positions, new Shape(b, 1)))); // (B, 1, D)
            appended++;
            NDArray mask = AttentionMask.keyPadding(keep(step, appended)); // (B, 1, 1, Lp + t)
            List<KeyValue> kv = new ArrayList<>();
            for (int l = 0; l < lm.blocks.size(); l++) {
                Output o = lm.blocks.get(l).forward(x, cache.get(l), mask);
                x = o.y(); // (B, 1, D)
                kv.add(o.keyValue()); // (B, H, Lp + t, hd) each
            }
            logProbs = rows(lm.logits(lm.lnF.forward(x)).logSoftmax(-1), b); // (B, 1, V)
            keepCache(kv);
        }
    }

    @Override
    public void reorder(int[] parents) {
        float[][] keep = new float[parents.length][];
        int[] next = new int[parents.length];
        float[][] lp = new float[parents.length][];
        long[] index = new long[parents.length];
        for (int i = 0; i < parents.length; i++) {
            keep[i] = prefillKeep[parents[i]];
            next[i] = nextPosition[parents[i]];
            lp[i] = logProbs[parents[i]];
            index[i] = parents[i];
        }
        try (NDManager step = scope.newSubManager()) {
            List<KeyValue> kv = new ArrayList<>();
            for (KeyValue layer : cache) {
                kv.add(new KeyValue(selectRows(layer.key(), index, step), selectRows(layer.value(), index, step)));
            }
            keepCache(kv);
        }
        prefillKeep = keep;
        nextPosition = next;
        logProbs = lp;
    }

    /** Rows {@code index} of {@code a} (B, ...), in {@code step}. */
    static NDArray selectRows(NDArray a, long[] index, NDManager step) {
        Shape s = a.getShape();
        long[] broadcast = s.getShape();
        broadcast[0] = index.length;
        long[] unit = new long[s.dimension()];
        Arrays.fill(unit, 1);
        unit[0] = index.length;
        NDArray idx = step.create(index, new Shape(unit)).broadcast(new Shape(broadcast)); // (B', ...)
        return a.gather(idx, 0);
    }

    /** Key-padding of the cache columns: the prefill's keep, then {@code appended} real columns. */
    private NDArray keep(NDManager step, int appended) { // (B, Lp + appended)
        int b = prefillKeep.length;
        int lp = prefillKeep[0].length;
        float[] k = new float[b * (lp + appended)];
        for (int i = 0; i < b; i++) {
            System.arraycopy(prefillKeep[i], 0, k, i * (lp + appended), lp);
            Arrays.fill(k, i * (lp + appended) + lp, (i + 1) * (lp + appended), 1f);
        }
        return step.create(k, new Shape(b, lp + appended));
    }

    /** Moves the new cache into its own scope and frees the previous one. */
    private void keepCache(List<KeyValue> kv) {
        NDManager next = scope.newSubManager();
        for (KeyValue layer : kv) {
            layer.key().attach(next);
            layer.value().attach(next);
        }
        if (cacheScope != null) {
            cacheScope.close();
        }
        cacheScope = next;
        cache = kv;
    }

    static float[][] rows(NDArray logProbs, int b) { // (B, 1, V) -> B x V
        float[] flat = logProbs.toFloatArray();
        int v = flat.length / b;
        float[][] out = new float[b][];
        for (int i = 0; i < b; i++) {
            out[i] = Arrays.copyOfRange(flat, i * v, (i + 1) * v);
        }
        return out;
    }

    @Override
    public void close() {
        if (cacheScope != null) {
            cacheScope.close();
        }
    }
}
