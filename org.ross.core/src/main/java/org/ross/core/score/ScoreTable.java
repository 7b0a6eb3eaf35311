package org.ross.core.score;

import ai.djl.Device;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.arrow.memory.BufferAllocator;
import org.ross.core.ProgressMonitor;
import org.ross.core.image.Images;
import org.ross.core.ross.RossModel;
import org.ross.core.table.ColumnSpec;
import org.ross.core.table.ColumnType;
import org.ross.core.table.Row;
import org.ross.core.table.TableReader;
import org.ross.core.table.TableSpec;
import org.ross.core.table.TableWriter;
import org.ross.core.tokenizer.KlVae;

/**
 * The Reconstruction Scorer's one engine call: loads the model and tokenizer, checks them and every
 * input row before any scoring, then streams the table in batches through a
 * {@link ReconstructionScorer} and writes the scored table and the evaluation table (AUROC against
 * a label column, or no rows when there is none). Both tables are committed only at the end.
 */
public final class ScoreTable {

    public static final String SCORE = "recon_score";
    public static final String TOKEN_ERRORS = "token_errors";
    public static final String RECON_IMAGE = "recon_image";
    public static final String ERROR_MAP = "error_map";
    public static final String PSNR = "psnr";
    public static final String SSIM = "ssim";

    /**
     * Which columns to read.
     *
     * @param imageColumn    the images (PNG or JPEG)
     * @param questionColumn text column conditioning each row; empty for the configured prompt
     * @param labelColumn    text or int64 column marking the rows; empty for no evaluation
     * @param positiveClass  the label value of anomalous rows (the ones a high score should flag)
     */
    public record Options(String imageColumn, String questionColumn, String labelColumn, String positiveClass) {

        public Options {
            questionColumn = questionColumn == null ? "" : questionColumn;
            labelColumn = labelColumn == null ? "" : labelColumn;
            positiveClass = positiveClass == null ? "" : positiveClass;
        }
    }

    /** What a run did; {@code auroc} is present when a label column was given. */
    public record Result(long rows, double meanScore, Optional<Auroc.Result> auroc) {
    }

    /** An input row the scorer cannot use, with where it is. */
    public static final class BadRowException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;
        private final long row;
        private final String column;
        private final String reason;

        BadRowException(long row, String column, String reason) {
            super("row " + row + ", column '" + column + "': " + reason);
            this.row = row;
            this.column = column;
            this.reason = reason;
        }

        /** The cause without the location. */
        public String reason() {
            return reason;
        }

        public long row() {
            return row;
        }

        public String column() {
            return column;
        }
    }

    private ScoreTable() {
    }

    /** The scored table: the input columns plus the scorer's (replaced when present). */
    public static TableSpec outputSpec(TableSpec in) {
        return in.replaceOrAppend(ColumnSpec.float64(SCORE))
                .replaceOrAppend(ColumnSpec.text(TOKEN_ERRORS))
                .replaceOrAppend(ColumnSpec.image(RECON_IMAGE))
                .replaceOrAppend(ColumnSpec.image(ERROR_MAP))
                .replaceOrAppend(ColumnSpec.float64(PSNR))
                .replaceOrAppend(ColumnSpec.float64(SSIM));
    }

    /** The evaluation table: one row when a label column is set. */
    public static TableSpec evaluationSpec() {
        return TableSpec.of(ColumnSpec.float64("auroc"), ColumnSpec.float64("best_threshold"),
                ColumnSpec.float64("youden_j"), ColumnSpec.float64("tpr"), ColumnSpec.float64("fpr"),
                ColumnSpec.int64("positives"), ColumnSpec.int64("negatives"), ColumnSpec.int64("true_positives"),
                ColumnSpec.int64("false_positives"), ColumnSpec.int64("true_negatives"),
                ColumnSpec.int64("false_negatives"), ColumnSpec.image("roc_curve"));
    }

    /** Checks the input columns named by {@code options}; returns their indices (-1 when unused). */
    static int[] columns(TableSpec spec, Options options) {
        int image = spec.require(options.imageColumn(), ColumnType.IMAGE);
        int question = options.questionColumn().isEmpty() ? -1 : spec.require(options.questionColumn(), ColumnType.TEXT);
        int label = -1;
        if (!options.labelColumn().isEmpty()) {
            label = spec.indexOf(options.labelColumn());
            if (label < 0) {
                throw new IllegalArgumentException("label column '" + options.labelColumn() + "' not found; the table has: "
                        + spec.describe());
            }
            ColumnType t = spec.columns().get(label).type();
            if (t != ColumnType.TEXT && t != ColumnType.INT64) {
                throw new IllegalArgumentException("label column '" + options.labelColumn() + "' has type " + t.tag()
                        + "; expected text or int64");
            }
        }
        return new int[] {image, question, label};
    }

    /**
     * Scores every row of {@code tableIn}.
     *
     * @throws IllegalArgumentException before any scoring, for a model without a denoiser, a tokenizer
     *                                  whose latents differ from the model's, a missing column, an
     *                                  undecodable image ({@link BadRowException}) or labels of one class
     * @throws java.util.concurrent.CancellationException between batches when {@code monitor} cancels;
     *                                  neither output is written then
     */
    public static Result run(Path tableIn, Path modelDir, Path tokenizerDir, Path tableOut, Path evaluationOut,
                             ScorerConfig config, Options options, Device device, BufferAllocator allocator,
                             ProgressMonitor monitor) throws IOException {
        try (RossModel model = RossModel.load(modelDir, device);
             KlVae tokenizer = KlVae.load(tokenizerDir, device)) {
            ReconstructionScorer scorer = new ReconstructionScorer(model, tokenizer, config);
            try (TableReader reader = TableReader.open(tableIn, allocator)) {
                int[] cols = columns(reader.spec(), options);
                validate(reader, cols, options);
            }
            List<Double> scores = new ArrayList<>();
            List<Boolean> positive = new ArrayList<>();
            double sum = 0;
            TableSpec outSpec;
            try (TableReader reader = TableReader.open(tableIn, allocator);
                 TableWriter out = TableWriter.create(tableOut, outputSpec(reader.spec()), allocator);
                 TableWriter evaluation = TableWriter.create(evaluationOut, evaluationSpec(), allocator)) {
                int[] cols = columns(reader.spec(), options);
                outSpec = out.spec();
                long total = reader.rowCount();
                Iterator<Row> rows = reader.rows();
                List<Object[]> pending = new ArrayList<>();
                List<String> keys = new ArrayList<>();
                List<BufferedImage> images = new ArrayList<>();
                List<String> questions = new ArrayList<>();
                Map<String, Integer> inBatch = new HashMap<>();
                ScoreCache cache = new ScoreCache(Math.max(CACHED_IMAGES, config.batchSize())); // holds a whole batch
                long done = 0;
                while (rows.hasNext()) {
                    monitor.checkCancelled();
                    while (rows.hasNext() && pending.size() < config.batchSize()) {
                        Row row = rows.next();
                        Object[] values = new Object[reader.spec().size()];
                        for (int c = 0; c < values.length; c++) {
                            values[c] = row.value(c);
                        }
                        pending.add(values);
                        byte[] bytes = row.bytes(cols[0]);
                        String question = cols[1] < 0 ? null : row.text(cols[1]);
                        String key = ScoreCache.key(bytes, question);
                        keys.add(key);
                        // an image (with its question) already scored in this run is not scored again
                        if (!cache.contains(key) && !inBatch.containsKey(key)) {
                            inBatch.put(key, images.size());
                            images.add(Images.decode(bytes));
                            questions.add(question);
                        }
                        if (cols[2] >= 0 && !row.isNull(cols[2])) {
                            positive.add(String.valueOf(row.value(cols[2])).equals(options.positiveClass()));
                        } else if (cols[2] >= 0) {
                            positive.add(null);
                        }
                    }
                    List<ReconstructionScorer.Scored> scored = images.isEmpty() ? List.of()
                            : scorer.score(images, questions);
                    inBatch.forEach((key, i) -> cache.put(key, scored.get(i)));
                    for (int i = 0; i < pending.size(); i++) {
                        ReconstructionScorer.Scored s = cache.get(keys.get(i));
                        out.addRow(withScores(outSpec, reader.spec(), pending.get(i), s, scorer));
                        scores.add(s.score());
                        sum += s.score();
                    }
                    done += pending.size();
                    pending.clear();
                    keys.clear();
                    images.clear();
                    questions.clear();
                    inBatch.clear();
                    monitor.progress((double) done / Math.max(1, total),
                            String.format(Locale.ROOT, "scored %d of %d images", done, total));
                }
                Optional<Auroc.Result> auroc = Optional.empty();
                if (cols[2] >= 0) {
                    auroc = Optional.of(evaluate(scores, positive));
                    writeEvaluation(evaluation, auroc.get());
                }
                monitor.checkCancelled();
                out.commit();
                evaluation.commit();
                return new Result(done, done == 0 ? Double.NaN : sum / done, auroc);
            }
        }
    }

    /** Distinct (image, question) pairs whose scores are kept for reuse by later identical rows. */
    static final int CACHED_IMAGES = 256;

    /** The output row: the input values in the output's column order, then the scorer's values. */
    private static Object[] withScores(TableSpec outSpec, TableSpec inSpec, Object[] in, ReconstructionScorer.Scored s,
                                       ReconstructionScorer scorer) {
        int c = scorer.imageChannels();
        int size = scorer.imageSize();
        Object[] row = new Object[outSpec.size()];
        for (int i = 0; i < inSpec.size(); i++) {
            int j = outSpec.indexOf(inSpec.columns().get(i).name());
            row[j] = in[i];
        }
        row[outSpec.indexOf(SCORE)] = s.score();
        row[outSpec.indexOf(TOKEN_ERRORS)] = gridJson(s.tokenErrors(), scorer.tokenGrid());
        row[outSpec.indexOf(RECON_IMAGE)] = Images.encodePng(s.recon(), c, size);
        row[outSpec.indexOf(ERROR_MAP)] = ErrorMap.png(s.input(), c, size, s.tokenErrors(), scorer.tokenGrid(), 0);
        row[outSpec.indexOf(PSNR)] = s.psnr();
        row[outSpec.indexOf(SSIM)] = s.ssim();
        return row;
    }

    /** The token grid as a JSON array of rows, e.g. {@code [[0.1,0.2],[0.3,0.4]]}. */
    public static String gridJson(float[] errors, int grid) {
        StringBuilder s = new StringBuilder("[");
        for (int y = 0; y < grid; y++) {
            s.append(y == 0 ? "[" : ",[");
            for (int x = 0; x < grid; x++) {
                s.append(x == 0 ? "" : ",").append(errors[y * grid + x]);
            }
            s.append(']');
        }
        return s.append(']').toString();
    }

    /** Every image decodes and the labels hold both classes, before any model work. */
    private static void validate(TableReader reader, int[] cols, Options options) {
        String imageName = options.imageColumn();
        long positives = 0;
        long negatives = 0;
        Iterator<Row> rows = reader.rows();
        while (rows.hasNext()) {
            Row row = rows.next();
            if (row.isNull(cols[0])) {
                throw new BadRowException(row.index(), imageName, "the image is missing");
            }
            try {
                Images.decode(row.bytes(cols[0]));
            } catch (IllegalArgumentException e) {
                throw new BadRowException(row.index(), imageName, e.getMessage());
            }
            if (cols[2] >= 0 && !row.isNull(cols[2])) {
                if (String.valueOf(row.value(cols[2])).equals(options.positiveClass())) {
                    positives++;
                } else {
                    negatives++;
                }
            }
        }
        if (cols[2] >= 0 && (positives == 0 || negatives == 0)) {
            throw new IllegalArgumentException("label column '" + options.labelColumn() + "' has " + positives
                    + " rows equal to the positive class '" + options.positiveClass() + "' and " + negatives
                    + " other rows; AUROC needs both (check the positive class value, or leave the label column empty)");
        }
    }

    private static Auroc.Result evaluate(List<Double> scores, List<Boolean> positive) {
        int n = 0;
        for (Boolean p : positive) {
            n += p == null ? 0 : 1;
        }
        double[] s = new double[n];
        boolean[] y = new boolean[n];
        int k = 0;
        for (int i = 0; i < scores.size(); i++) {
            if (positive.get(i) != null) {
                s[k] = scores.get(i);
                y[k++] = positive.get(i);
            }
        }
        return Auroc.of(s, y);
    }

    private static void writeEvaluation(TableWriter out, Auroc.Result r) {
        Auroc.Point b = r.best();
        out.addRow(r.auroc(), b.threshold(), r.youdenJ(), b.tpr(), b.fpr(), r.positives(), r.negatives(),
                b.truePositives(), b.falsePositives(), r.negatives() - b.falsePositives(),
                r.positives() - b.truePositives(), RocCurve.png(List.of(SCORE), List.of(r)));
    }
}
