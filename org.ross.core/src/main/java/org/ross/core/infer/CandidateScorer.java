package org.ross.core.infer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import org.ross.core.nn.CausalLm;
import org.ross.core.ross.RossConfig;
import org.ross.core.text.ChatTemplate;
import org.ross.core.text.WordTokenizer;

import java.util.Arrays;
import java.util.List;

/**
 * Closed-set answering: every candidate {@code a} of a row is scored by its log-likelihood
 * {@code sum_j log p(a_j | image, question, a_<j)} over its tokens and the closing {@code <end>}, by teacher
 * forcing (one training-layout forward over all (row, candidate) sequences, right-padded); the best candidate wins,
 * the first listed on a tie. The closing {@code <end>} matters: without it "square" would score above any longer
 * answer that starts with it.
 */
final class CandidateScorer {

    private CandidateScorer() {
    }

    /** Per row the index of the best candidate, its log-likelihood and token ids. */
    record Choice(int index, double logProb, int[] tokens, int unknownWords) {
    }

    static Choice[] choose(CausalLm lm, RossConfig config, ChatTemplate chat, NDArray imageTokens, Prompts prompts,
                           List<List<String>> candidates, NDManager scope) {
        int b = prompts.size();
        int n = config.tokens();
        int[] rowOf = candidates.stream().mapToInt(List::size).toArray();
        int total = Arrays.stream(rowOf).sum();
        int[][] seq = new int[total][];     // text after <image>: question, <sep>, candidate, <end>
        int[] answerStart = new int[total]; // index in seq of the candidate's first token
        int[][] candidateIds = new int[total][];
        int[] unknown = new int[b];
        long[] imageRow = new long[total];
        int s = 0;
        for (int i = 0; i < b; i++) {
            if (candidates.get(i).isEmpty()) {
                throw new IllegalArgumentException("row " + i + " has no candidate answers");
            }
            unknown[i] = prompts.unknownWords()[i];
            for (String c : candidates.get(i)) {
                WordTokenizer.Encoding a = chat.tokenizer().encode(c);
                unknown[i] += a.unknownWords();
                int[] p = prompts.ids()[i];
                seq[s] = new int[p.length - 1 + a.ids().length + 1];
                System.arraycopy(p, 1, seq[s], 0, p.length - 1);
                System.arraycopy(a.ids(), 0, seq[s], p.length - 1, a.ids().length);
                seq[s][seq[s].length - 1] = WordTokenizer.END_ID;
                answerStart[s] = p.length - 1;
                candidateIds[s] = Arrays.copyOf(a.ids(), a.ids().length + 1);
                candidateIds[s][a.ids().length] = WordTokenizer.END_ID;
                if (n + seq[s].length - 1 > lm.maxLength()) {
                    throw new IllegalArgumentException("row " + i + ": candidate '" + c + "' does not fit the model's "
                            + lm.maxLength() + " positions after the question; shorten it");
                }
                imageRow[s++] = i;
            }
        }
        double[] logLikelihood = teacherForced(lm, n, imageTokens, imageRow, seq, answerStart, scope);
        Choice[] out = new Choice[b];
        s = 0;
        for (int i = 0; i < b; i++) {
            int best = 0;
            for (int k = 1; k < rowOf[i]; k++) {
                if (logLikelihood[s + k] > logLikelihood[s + best]) {
                    best = k;
                }
            }
            out[i] = new Choice(best, logLikelihood[s + best], candidateIds[s + best], unknown[i]);
            s += rowOf[i];
        }
        return out;
    }

    /** Sum of log p over positions {@code answerStart..end} of each sequence, given image and the tokens before. */
    private static double[] teacherForced(CausalLm lm, int n, NDArray imageTokens, long[] imageRow, int[][] seq,
                                          int[] answerStart, NDManager scope) {
        int m = seq.length;
        int lt = Arrays.stream(seq).mapToInt(r -> r.length).max().orElse(0);
        int[] ids = new int[m * lt];
        float[] keep = new float[m * (n + lt)];
        long[] targets = new long[m * lt];
        float[] answer = new float[m * lt];
        for (int r = 0; r < m; r++) {
            System.arraycopy(seq[r], 0, ids, r * lt, seq[r].length);
            Arrays.fill(keep, r * (n + lt), r * (n + lt) + n + seq[r].length, 1f);
            for (int j = answerStart[r]; j < seq[r].length; j++) {
                targets[r * lt + j] = seq[r][j];
                answer[r * lt + j] = 1f;
            }
        }
        try (NDManager step = scope.newSubManager()) {
            NDArray images = KvCacheState.selectRows(imageTokens, imageRow, step); // (M, N, D)
            NDArray inputs = images.concat(lm.embed(step.create(ids, new Shape(m, lt))), 1); // (M, N + Lt, D)
            CausalLm.Output out = lm.forward(inputs, step.create(keep, new Shape(m, n + lt)));
            // position N - 1 + j predicts text token j (position N - 1 is the last image token)
            NDArray predicting = out.logits().get(":, " + (n - 1) + ":" + (n - 1 + lt)); // (M, Lt, V)
            NDArray logp = predicting.logSoftmax(-1); // (M, Lt, V)
            NDArray picked = logp.gather(step.create(targets, new Shape(m, lt, 1)), -1).squeeze(-1); // (M, Lt)
            float[] sums = picked.mul(step.create(answer, new Shape(m, lt))).sum(new int[] {1})
                    .toType(DataType.FLOAT32, false).toFloatArray(); // (M)
            double[] result = new double[m];
            for (int r = 0; r < m; r++) {
                result[r] = sums[r];
            }
            return result;
        }
    }
}
