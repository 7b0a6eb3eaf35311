package org.ross.core.score;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Area under the ROC curve of a score that should be higher for positive (anomalous) rows, with
 * ties counted half (the Mann-Whitney U statistic divided by {@code P * N}), the ROC points and the
 * best threshold by Youden's J = TPR - FPR (Youden 1950). A row is predicted positive when its
 * score is {@code >= threshold}.
 */
public final class Auroc {

    /** One ROC point: predicting positive at {@code score >= threshold} gives these rates and counts. */
    public record Point(double threshold, double fpr, double tpr, long truePositives, long falsePositives) {
    }

    /**
     * @param auroc     area under the curve, 0.5 for a score that carries no information
     * @param best      the point with the largest Youden's J (the highest threshold among equals)
     * @param positives rows labelled positive
     * @param negatives rows labelled negative
     * @param points    the curve from (0, 0) to (1, 1), one point per distinct score plus the origin
     */
    public record Result(double auroc, Point best, long positives, long negatives, List<Point> points) {

        public Result {
            points = List.copyOf(points);
        }

        public double youdenJ() {
            return best.tpr() - best.fpr();
        }
    }

    private Auroc() {
    }

    /**
     * @throws IllegalArgumentException when the arrays differ in length, a score is NaN, or either
     *                                  class is missing (the area is then undefined)
     */
    public static Result of(double[] scores, boolean[] positive) {
        if (scores.length != positive.length) {
            throw new IllegalArgumentException(scores.length + " scores but " + positive.length + " labels");
        }
        long p = 0;
        for (int i = 0; i < scores.length; i++) {
            if (Double.isNaN(scores[i])) {
                throw new IllegalArgumentException("score of row " + i + " is NaN");
            }
            p += positive[i] ? 1 : 0;
        }
        long n = scores.length - p;
        if (p == 0 || n == 0) {
            throw new IllegalArgumentException("AUROC needs both classes; found " + p + " positive and " + n
                    + " negative rows (check the label column and the positive class value)");
        }
        Integer[] order = new Integer[scores.length];
        Arrays.setAll(order, i -> i);
        Arrays.sort(order, Comparator.comparingDouble((Integer i) -> scores[i]).reversed());

        // Walk thresholds from the highest score down; a group of tied scores moves the point once,
        // and the trapezoid under that step counts each positive-negative tie as one half.
        List<Point> points = new ArrayList<>();
        points.add(new Point(Double.POSITIVE_INFINITY, 0, 0, 0, 0));
        long tp = 0;
        long fp = 0;
        double area = 0;
        Point best = points.get(0);
        for (int start = 0; start < order.length; ) {
            double s = scores[order[start]];
            long groupTp = 0;
            long groupFp = 0;
            int end = start;
            while (end < order.length && scores[order[end]] == s) {
                if (positive[order[end]]) {
                    groupTp++;
                } else {
                    groupFp++;
                }
                end++;
            }
            area += groupFp * (tp + groupTp / 2.0);
            tp += groupTp;
            fp += groupFp;
            Point point = new Point(s, (double) fp / n, (double) tp / p, tp, fp);
            points.add(point);
            if (point.tpr() - point.fpr() > best.tpr() - best.fpr()) {
                best = point;
            }
            start = end;
        }
        return new Result(area / ((double) p * n), best, p, n, points);
    }
}
