package org.ross.benchmarks;

import ai.djl.Device;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.ross.core.data.SortOfClevrScene;
import org.ross.core.data.SortOfClevrTemplate;
import org.ross.core.infer.Answer;
import org.ross.core.infer.DecodingConfig;
import org.ross.core.infer.VqaPredictor;
import org.ross.core.nn.TransformerInitializers;
import org.ross.core.ross.Objective;
import org.ross.core.ross.RossConfig;
import org.ross.core.ross.RossModel;
import org.ross.core.text.WordTokenizer;

/**
 * VQA Predictor decoding throughput (issue 4): answers per second at batch sizes 1, 16 and 64, greedy, with and
 * without the KV cache, decoding forced to 20 new tokens per answer (no early stop at {@code <end>}) so that the
 * cache matters. Small preset with random weights (speed does not depend on what the weights learned); the
 * vocabulary is that of the Sort-of-CLEVR questions and answers. Baseline in the same run: recomputation of the
 * whole sequence at every step. Each configuration is warmed up with one batch before it is timed.
 *
 * <p>{@code --quick}: fewer timed batches.
 */
public final class VqaThroughput {

    private static final String NAME = "vqa-throughput";
    private static final int NEW_TOKENS = 20;

    public static void main(String[] args) throws Exception {
        boolean quick = Arrays.asList(args).contains("--quick");
        RossConfig config = RossConfig.small().withObjective(Objective.TEXT_ONLY);
        List<String> texts = new ArrayList<>();
        for (SortOfClevrTemplate t : SortOfClevrTemplate.values()) {
            for (SortOfClevrScene.Colour c : SortOfClevrScene.Colour.values()) {
                texts.add(t.question(c));
            }
        }
        texts.addAll(List.of("square circle left right top bottom 1 2 3 4 5 6"));
        WordTokenizer tokenizer = WordTokenizer.build(texts);
        BenchmarkReport report = new BenchmarkReport(NAME, "./ross bench " + NAME + (quick ? " --quick" : ""));
        report.columns("batch", "KV cache", "answers", "seconds", "answers/s", "ms per step (whole batch)", "speedup (cache/recompute)");
        SplittableRandom rng = new SplittableRandom(1);
        double speedup64 = 0;
        double answersPerSecond64 = 0;
        try (RossModel model = RossModel.create(config, tokenizer, 1, Device.cpu())) {
            for (int batch : new int[] {1, 16, 64}) {
                int batches = quick ? 1 : Math.max(2, 32 / batch);
                float[][] images = new float[batch][];
                List<String> questions = new ArrayList<>();
                for (int i = 0; i < batch; i++) {
                    images[i] = TransformerInitializers.gaussian(config.pixelsPerImage(), 0.5, rng);
                    questions.add(texts.get(rng.nextInt(texts.size() - 1)));
                }
                double[] rate = new double[2];
                for (boolean cache : new boolean[] {false, true}) {
                    DecodingConfig decoding = DecodingConfig.greedy(NEW_TOKENS).withStopAtEnd(false).withKvCache(cache);
                    check(VqaPredictor.answer(model, images, questions, decoding)); // warm-up
                    long t0 = System.nanoTime();
                    for (int k = 0; k < batches; k++) {
                        check(VqaPredictor.answer(model, images, questions, decoding));
                    }
                    double seconds = (System.nanoTime() - t0) / 1e9;
                    int answers = batches * batch;
                    rate[cache ? 1 : 0] = answers / seconds;
                    report.row(batch, cache ? "yes" : "no", answers, seconds, answers / seconds,
                            1000 * seconds / batches / NEW_TOKENS, cache ? rate[1] / rate[0] : 1.0);
                }
                if (batch == 64) {
                    speedup64 = rate[1] / rate[0];
                    answersPerSecond64 = rate[1];
                }
            }
        }
        report.note(String.format(Locale.ROOT, "Small preset (image 64, N = 64 image tokens, LM 192 wide x 4 layers), "
                + "random weights, greedy, exactly %d new tokens per answer, prompts of 8-12 words; the image "
                + "encoder runs once per answer in both modes. Target (issue 4): the cache makes batch-64 decoding at "
                + "least 3x faster than recomputation -> %s (%.2fx).", NEW_TOKENS, speedup64 >= 3 ? "met" : "MISSED",
                speedup64));
        report.result("kv_cache_speedup", speedup64).result("answers_per_s_batch64", answersPerSecond64);
        report.write(Path.of("benchmarks", "results"), quick);
    }

    /** Every row must have produced the forced number of tokens (the cache-vs-recompute equality is a unit test). */
    private static void check(List<Answer> answers) {
        for (Answer a : answers) {
            if (a.tokens().length == 0) {
                throw new IllegalStateException("an empty answer: decoding did not run");
            }
        }
    }
}
