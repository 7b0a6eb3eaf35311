package org.ross.core.infer;

import org.ross.core.text.WordTokenizer;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Beam search over {@code W} hypotheses per row, scored by their summed token log-probability (no length
 * normalisation: the answers are short, and the sum is what {@code answer_logprob} reports and closed-set mode
 * ranks by). A hypothesis ends at {@code <end>} or at its row's budget; ended hypotheses stay in the beam with their
 * score and compete with the extensions of live ones. Since extending never raises a score, the search stops once
 * every hypothesis in every beam has ended, and returns the best one. Ties go to the earlier beam slot, then the
 * lower token id, so width 1 reproduces greedy decoding token for token.
 */
final class BeamSearch {

    private BeamSearch() {
    }

    private record Hypothesis(int[] tokens, double score, boolean ended) {
    }

    private record Candidate(int slot, int token, double score) {
    }

    static GreedySearch.Result run(DecoderState state, int[] budgets, int width) {
        int b = budgets.length;
        float[][] first = state.logProbs();
        List<List<Hypothesis>> beams = new ArrayList<>();
        for (int i = 0; i < b; i++) {
            List<Candidate> c = new ArrayList<>();
            for (int v = 0; v < first[i].length; v++) {
                c.add(new Candidate(0, v, first[i][v]));
            }
            List<Hypothesis> beam = new ArrayList<>();
            for (Candidate k : top(c, width)) {
                beam.add(new Hypothesis(new int[] {k.token()}, k.score(), ended(k.token(), 1, budgets[i])));
            }
            beams.add(beam);
        }
        int[] parents = new int[b * width];
        for (int s = 0; s < parents.length; s++) {
            parents[s] = s / width; // every slot of a row starts from the row's prefill
        }
        state.reorder(parents);
        while (beams.stream().flatMap(List::stream).anyMatch(h -> !h.ended())) {
            int[] fed = new int[b * width];
            for (int i = 0; i < b; i++) {
                List<Hypothesis> beam = beams.get(i);
                for (int j = 0; j < width; j++) {
                    Hypothesis h = j < beam.size() ? beam.get(j) : null;
                    fed[i * width + j] = h == null || h.ended() ? WordTokenizer.PAD_ID : h.tokens()[h.tokens().length - 1];
                }
            }
            state.append(fed);
            float[][] lp = state.logProbs();
            for (int i = 0; i < b; i++) {
                List<Hypothesis> beam = beams.get(i);
                List<Candidate> c = new ArrayList<>();
                for (int j = 0; j < beam.size(); j++) {
                    Hypothesis h = beam.get(j);
                    if (h.ended()) {
                        c.add(new Candidate(j, -1, h.score()));
                        continue;
                    }
                    float[] row = lp[i * width + j];
                    for (int v = 0; v < row.length; v++) {
                        c.add(new Candidate(j, v, h.score() + row[v]));
                    }
                }
                List<Hypothesis> next = new ArrayList<>();
                int j = 0;
                for (Candidate k : top(c, width)) {
                    Hypothesis parent = beam.get(k.slot());
                    if (k.token() < 0) {
                        next.add(parent);
                    } else {
                        int[] t = Arrays.copyOf(parent.tokens(), parent.tokens().length + 1);
                        t[t.length - 1] = k.token();
                        next.add(new Hypothesis(t, k.score(), ended(k.token(), t.length, budgets[i])));
                    }
                    parents[i * width + j++] = i * width + k.slot();
                }
                for (; j < width; j++) {
                    parents[i * width + j] = i * width;
                }
                beams.set(i, next);
            }
            state.reorder(parents);
        }
        int[][] tokens = new int[b][];
        double[] scores = new double[b];
        for (int i = 0; i < b; i++) {
            Hypothesis best = beams.get(i).get(0); // beams are kept sorted by score
            tokens[i] = best.tokens();
            scores[i] = best.score();
        }
        return new GreedySearch.Result(tokens, scores);
    }

    private static boolean ended(int token, int length, int budget) {
        return token == WordTokenizer.END_ID || length >= budget;
    }

    /** The {@code width} best candidates: score descending, then slot, then token id. */
    private static List<Candidate> top(List<Candidate> candidates, int width) {
        return candidates.stream()
                .sorted(Comparator.comparingDouble(Candidate::score).reversed()
                        .thenComparingInt(Candidate::slot).thenComparingInt(Candidate::token))
                .limit(width).toList();
    }
}
