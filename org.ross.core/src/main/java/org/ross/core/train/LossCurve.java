package org.ross.core.train;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/**
 * The loss curve of a {@link TrainingLog}: {@code L_text} and {@code L_visual} per step as two
 * lines, the validation loss per epoch as points, axes with ticks and a legend. Lines are drawn
 * without anti-aliasing so each series keeps its exact colour.
 */
public final class LossCurve {

    public static final Color TEXT = new Color(31, 119, 180);
    public static final Color VISUAL = new Color(255, 127, 14);
    public static final Color VALIDATION = new Color(44, 160, 44);

    private static final int LEFT = 64;
    private static final int RIGHT = 16;
    private static final int TOP = 28;
    private static final int BOTTOM = 44;
    private static final int TICKS = 5;

    private LossCurve() {
    }

    /** Draws the rows into a {@code width x height} image; {@code logY} uses a log10 loss axis. */
    public static BufferedImage render(List<TrainingLog.Row> rows, int width, int height, boolean logY) {
        if (width < 200 || height < 150) {
            throw new IllegalArgumentException("loss curve needs at least 200 x 150 pixels, found " + width
                    + " x " + height);
        }
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, width, height);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
            Axes axes = Axes.of(rows, width, height, logY);
            drawAxes(g, axes, logY);
            g.setStroke(new BasicStroke(2f));
            drawSeries(g, axes, rows, TrainingLog.Row::lossText, TEXT);
            drawSeries(g, axes, rows, TrainingLog.Row::lossVisual, VISUAL);
            g.setColor(VALIDATION);
            for (TrainingLog.Row r : rows) {
                if (axes.plottable(r.valLoss())) {
                    int x = axes.x(r.step());
                    int y = axes.y(r.valLoss());
                    g.fillRect(x - 3, y - 3, 7, 7);
                }
            }
            drawLegend(g, width);
        } finally {
            g.dispose();
        }
        return image;
    }

    /** Maps steps and losses to pixels. */
    private record Axes(double x0, double x1, double y0, double y1, boolean logY, int width, int height) {

        static Axes of(List<TrainingLog.Row> rows, int width, int height, boolean logY) {
            double x1 = rows.isEmpty() ? 1 : Math.max(1, rows.get(rows.size() - 1).step());
            double lo = Double.POSITIVE_INFINITY;
            double hi = Double.NEGATIVE_INFINITY;
            for (TrainingLog.Row r : rows) {
                for (double v : new double[] {r.lossText(), r.lossVisual(), r.valLoss()}) {
                    if (Double.isFinite(v) && (!logY || v > 0)) {
                        double t = logY ? Math.log10(v) : v;
                        lo = Math.min(lo, t);
                        hi = Math.max(hi, t);
                    }
                }
            }
            if (lo > hi) {
                lo = 0;
                hi = 1;
            }
            if (!logY) {
                lo = Math.min(0, lo); // losses are read against zero
            }
            if (hi - lo < 1e-9) {
                hi = lo + 1;
            }
            return new Axes(0, x1, lo, hi + 0.05 * (hi - lo), logY, width, height);
        }

        boolean plottable(double v) {
            return Double.isFinite(v) && (!logY || v > 0);
        }

        int x(double step) {
            return LEFT + (int) Math.round((step - x0) / (x1 - x0) * (width - LEFT - RIGHT));
        }

        int y(double loss) {
            double t = logY ? Math.log10(loss) : loss;
            return height - BOTTOM - (int) Math.round((t - y0) / (y1 - y0) * (height - TOP - BOTTOM));
        }
    }

    private static void drawAxes(Graphics2D g, Axes a, boolean logY) {
        int w = a.width();
        int h = a.height();
        FontMetrics fm = g.getFontMetrics();
        g.setColor(Color.BLACK);
        g.drawLine(LEFT, h - BOTTOM, w - RIGHT, h - BOTTOM);
        g.drawLine(LEFT, TOP, LEFT, h - BOTTOM);
        for (int i = 0; i <= TICKS; i++) {
            double step = a.x0() + (a.x1() - a.x0()) * i / TICKS;
            int x = a.x(step);
            g.drawLine(x, h - BOTTOM, x, h - BOTTOM + 4);
            String label = String.format(Locale.ROOT, "%d", Math.round(step));
            g.drawString(label, x - fm.stringWidth(label) / 2, h - BOTTOM + 6 + fm.getAscent());

            double t = a.y0() + (a.y1() - a.y0()) * i / TICKS;
            int y = h - BOTTOM - (int) Math.round((double) i / TICKS * (h - TOP - BOTTOM));
            g.drawLine(LEFT - 4, y, LEFT, y);
            String value = logY ? String.format(Locale.ROOT, "%.3g", Math.pow(10, t))
                    : String.format(Locale.ROOT, "%.3g", t);
            g.drawString(value, LEFT - 6 - fm.stringWidth(value), y + fm.getAscent() / 2 - 1);
        }
        String xLabel = "optimizer step";
        g.drawString(xLabel, LEFT + (w - LEFT - RIGHT - fm.stringWidth(xLabel)) / 2, h - 6);
        g.drawString(logY ? "loss (log scale)" : "loss", 6, TOP - 10);
    }

    private static void drawSeries(Graphics2D g, Axes a, List<TrainingLog.Row> rows,
            ToDoubleFunction<TrainingLog.Row> value, Color color) {
        g.setColor(color);
        Path2D.Double path = new Path2D.Double();
        boolean drawing = false;
        for (TrainingLog.Row r : rows) {
            double v = value.applyAsDouble(r);
            if (!a.plottable(v)) {
                drawing = false; // a gap where the loss is undefined
                continue;
            }
            if (drawing) {
                path.lineTo(a.x(r.step()), a.y(v));
            } else {
                path.moveTo(a.x(r.step()), a.y(v));
                drawing = true;
            }
        }
        g.draw(path);
    }

    private static void drawLegend(Graphics2D g, int width) {
        String[] names = {"L_text", "L_visual", "validation loss"};
        Color[] colors = {TEXT, VISUAL, VALIDATION};
        FontMetrics fm = g.getFontMetrics();
        int x = width - RIGHT - 110;
        int y = TOP + 6;
        for (int i = 0; i < names.length; i++) {
            g.setColor(colors[i]);
            g.fillRect(x, y + i * 16 + 4, 18, 4);
            g.setColor(Color.BLACK);
            g.drawString(names[i], x + 24, y + i * 16 + fm.getAscent() / 2 + 5);
        }
    }
}
