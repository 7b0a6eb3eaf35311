package org.ross.core.infer;

import ai.djl.Device;
import org.apache.arrow.memory.BufferAllocator;
import org.ross.core.ProgressMonitor;
import org.ross.core.image.Images;
import org.ross.core.ross.RossConfig;
import org.ross.core.ross.RossModel;
import org.ross.core.table.ColumnSpec;
import org.ross.core.table.ColumnType;
import org.ross.core.table.Row;
import org.ross.core.table.TableReader;
import org.ross.core.table.TableSpec;
import org.ross.core.table.TableWriter;
import org.ross.core.text.WordTokenizer;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;

/**
 * The VQA Predictor's engine call: streams a question table through {@link VqaPredictor} in batches, appends the
 * prediction and its log-probability to every row, and, when the table has the answer column, writes the accuracy
 * overall and per question type as a second table.
 *
 * <p>Images are decoded and scaled to the model's resolution and colour mode ({@link Images#toChw}: aspect kept,
 * black padding), so any image size is accepted. Question words the vocabulary lacks become {@code <unk>} and are
 * counted in the result.
 */
public final class TableVqa {

    public static final String ANSWER = "answer";
    /** The prediction column's name when the input already has an {@value #ANSWER} column (the ground truth). */
    public static final String PREDICTION = "prediction";
    public static final String LOGPROB = "answer_logprob";

    /**
     * @param candidates       the closed set of answers for every row; empty for open generation
     * @param candidatesColumn a text column of comma-separated candidates per row, or null
     */
    public record Options(String imageColumn, String questionColumn, String answerColumn, String questionTypeColumn,
                          List<String> candidates, String candidatesColumn, int batchSize, DecodingConfig decoding) {

        public Options {
            candidates = List.copyOf(candidates);
            if (batchSize < 1) {
                throw new IllegalArgumentException("batchSize is " + batchSize + "; expected at least 1");
            }
            if (!candidates.isEmpty() && candidatesColumn != null) {
                throw new IllegalArgumentException("both a candidate list and a candidates column are given; "
                        + "choose one (leave the other empty)");
            }
            if (candidates.stream().anyMatch(c -> WordTokenizer.words(c).isEmpty())) {
                throw new IllegalArgumentException("candidates " + candidates + " contain an empty answer");
            }
        }

        boolean closedSet() {
            return !candidates.isEmpty() || candidatesColumn != null;
        }
    }

    /**
     * @param accuracy null when the table has no answer column
     */
    public record Result(long rows, long unknownWords, long rowsWithUnknownWords, String predictionColumn,
                         List<Accuracy.Group> accuracy) {
    }

    private TableVqa() {
    }

    /** The prediction column's name: {@value #ANSWER}, or {@value #PREDICTION} when the input has an answer column. */
    public static String predictionColumn(TableSpec in) {
        return in.indexOf(ANSWER) >= 0 ? PREDICTION : ANSWER;
    }

    /** The input columns plus the prediction and {@value #LOGPROB}; checks the columns the options name. */
    public static TableSpec outputSpec(TableSpec in, Options o) {
        in.require(o.imageColumn(), ColumnType.IMAGE);
        in.require(o.questionColumn(), ColumnType.TEXT);
        if (o.candidatesColumn() != null) {
            in.require(o.candidatesColumn(), ColumnType.TEXT);
        }
        if (in.indexOf(o.answerColumn()) >= 0) {
            in.require(o.answerColumn(), ColumnType.TEXT);
        }
        if (in.indexOf(o.questionTypeColumn()) >= 0) {
            in.require(o.questionTypeColumn(), ColumnType.TEXT);
        }
        String prediction = predictionColumn(in);
        for (String name : List.of(prediction, LOGPROB)) {
            if (in.indexOf(name) >= 0) {
                throw new IllegalArgumentException("the input already has a column '" + name + "', which this node "
                        + "writes; rename or remove it first");
            }
        }
        return in.append(ColumnSpec.text(prediction)).append(ColumnSpec.float64(LOGPROB));
    }

    /** question_type, questions, correct, accuracy: {@value Accuracy#OVERALL} first, then one row per type. */
    public static TableSpec evaluationSpec() {
        return TableSpec.of(ColumnSpec.text("question_type"), ColumnSpec.int64("questions"),
                ColumnSpec.int64("correct"), ColumnSpec.float64("accuracy"));
    }

    public static Result predict(Path tableIn, Path modelDir, Path tableOut, Path evaluationOut, Options o,
                                 Device device, BufferAllocator allocator, ProgressMonitor monitor) throws IOException {
        try (RossModel model = RossModel.load(modelDir, device);
             TableReader reader = TableReader.open(tableIn, allocator)) {
            TableSpec in = reader.spec();
            TableSpec outSpec = outputSpec(in, o);
            int image = in.indexOf(o.imageColumn());
            int question = in.indexOf(o.questionColumn());
            int answer = in.indexOf(o.answerColumn());
            int type = in.indexOf(o.questionTypeColumn());
            int candidates = o.candidatesColumn() == null ? -1 : in.indexOf(o.candidatesColumn());
            RossConfig config = model.config();
            Images.ColorMode mode = config.imageChannels() == 1 ? Images.ColorMode.GRAY : Images.ColorMode.RGB;
            Accuracy accuracy = answer >= 0 ? new Accuracy() : null;
            long unknown = 0;
            long rowsWithUnknown = 0;
            long total = reader.rowCount();
            try (TableWriter out = TableWriter.create(tableOut, outSpec, allocator)) {
                Iterator<Row> rows = reader.rows();
                long done = 0;
                while (rows.hasNext()) {
                    monitor.checkCancelled();
                    List<Object[]> values = new ArrayList<>();
                    List<float[]> images = new ArrayList<>();
                    List<String> questions = new ArrayList<>();
                    List<List<String>> choices = new ArrayList<>();
                    while (rows.hasNext() && values.size() < o.batchSize()) {
                        Row r = rows.next();
                        Object[] v = new Object[in.size()];
                        for (int c = 0; c < v.length; c++) {
                            v[c] = r.value(c);
                        }
                        values.add(v);
                        images.add(preprocess(r, image, o.imageColumn(), config.imageSize(), mode));
                        questions.add(question(r, question, o.questionColumn()));
                        if (o.closedSet()) {
                            choices.add(candidates < 0 ? o.candidates() : candidates(r, candidates, o.candidatesColumn()));
                        }
                    }
                    float[][] batch = images.toArray(new float[0][]);
                    List<Answer> answers = o.closedSet() ? VqaPredictor.choose(model, batch, questions, choices)
                            : VqaPredictor.answer(model, batch, questions, o.decoding());
                    for (int i = 0; i < answers.size(); i++) {
                        Answer a = answers.get(i);
                        Object[] v = Arrays.copyOf(values.get(i), in.size() + 2);
                        v[in.size()] = a.text();
                        v[in.size() + 1] = a.logProb();
                        out.addRow(v);
                        unknown += a.unknownWords();
                        rowsWithUnknown += a.unknownWords() > 0 ? 1 : 0;
                        if (accuracy != null && values.get(i)[answer] != null) {
                            accuracy.add(type < 0 ? null : (String) values.get(i)[type], a.text(),
                                    (String) values.get(i)[answer]);
                        }
                    }
                    done += answers.size();
                    monitor.progress(total == 0 ? 1 : (double) done / total, String.format(Locale.ROOT,
                            "%d of %d questions answered", done, total));
                }
                monitor.checkCancelled();
                writeEvaluation(evaluationOut, accuracy, allocator);
                out.commit();
                return new Result(done, unknown, rowsWithUnknown, predictionColumn(in),
                        accuracy == null ? null : accuracy.rows());
            }
        }
    }

    private static void writeEvaluation(Path target, Accuracy accuracy, BufferAllocator allocator) {
        try (TableWriter eval = TableWriter.create(target, evaluationSpec(), allocator)) {
            if (accuracy != null) {
                for (Accuracy.Group g : accuracy.rows()) {
                    eval.addRow(g.questionType(), g.questions(), g.correct(), g.accuracy());
                }
            }
            eval.commit();
        }
    }

    private static float[] preprocess(Row r, int column, String name, int size, Images.ColorMode mode) {
        if (r.isNull(column)) {
            throw new IllegalArgumentException(at(r, name) + "the image is missing");
        }
        try {
            return Images.toChw(Images.decode(r.bytes(column)), size, mode);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(at(r, name) + e.getMessage(), e);
        }
    }

    private static String question(Row r, int column, String name) {
        String q = r.isNull(column) ? null : r.text(column);
        if (Prompts.isEmpty(q)) {
            throw new IllegalArgumentException(at(r, name) + "the question is empty; every row needs a question");
        }
        return q;
    }

    private static List<String> candidates(Row r, int column, String name) {
        String s = r.isNull(column) ? "" : r.text(column);
        List<String> c = parseCandidates(s);
        if (c.isEmpty()) {
            throw new IllegalArgumentException(at(r, name) + "no candidate answers; expected comma-separated answers");
        }
        return c;
    }

    /** "square, circle" -> [square, circle]; blanks around commas and empty entries are dropped. */
    public static List<String> parseCandidates(String commaSeparated) {
        return Arrays.stream(commaSeparated.split(",")).map(String::strip).filter(c -> !c.isEmpty()).toList();
    }

    private static String at(Row r, String column) {
        return "row " + r.index() + ", column '" + column + "': ";
    }
}
