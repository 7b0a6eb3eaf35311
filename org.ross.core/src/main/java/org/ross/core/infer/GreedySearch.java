package org.ross.core.infer;

import org.ross.core.text.WordTokenizer;

import java.util.Arrays;

/** Greedy decoding: each row takes the most probable next token (the lowest id on a tie) until {@code <end>} or its budget. */
final class GreedySearch {

    private GreedySearch() {
    }

    /** Generated ids and log-probability per row. */
    record Result(int[][] tokens, double[] logProbs) {
    }

    static Result run(DecoderState state, int[] budgets, boolean stopAtEnd) {
        int b = budgets.length;
        int[][] out = new int[b][];
        int[] length = new int[b];
        double[] logp = new double[b];
        boolean[] ended = new boolean[b]; // saw <end>: text and log-probability are complete
        int steps = Arrays.stream(budgets).max().orElse(0);
        for (int i = 0; i < b; i++) {
            out[i] = new int[budgets[i]];
        }
        for (int t = 0; t < steps; t++) {
            float[][] lp = state.logProbs();
            int[] fed = new int[b];
            boolean more = false;
            for (int i = 0; i < b; i++) {
                boolean active = length[i] < budgets[i] && !(stopAtEnd && ended[i]);
                if (!active) {
                    fed[i] = WordTokenizer.PAD_ID;
                    continue;
                }
                int next = argmax(lp[i]);
                out[i][length[i]++] = next;
                if (!ended[i]) {
                    logp[i] += lp[i][next];
                    ended[i] = next == WordTokenizer.END_ID;
                }
                fed[i] = next;
                more |= length[i] < budgets[i] && !(stopAtEnd && ended[i]);
            }
            if (!more) {
                break;
            }
            state.append(fed);
        }
        int[][] tokens = new int[b][];
        for (int i = 0; i < b; i++) {
            tokens[i] = Arrays.copyOf(out[i], length[i]);
        }
        return new Result(tokens, logp);
    }

    static int argmax(float[] v) {
        int best = 0;
        for (int k = 1; k < v.length; k++) {
            if (v[k] > v[best]) {
                best = k;
            }
        }
        return best;
    }
}
