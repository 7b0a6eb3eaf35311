package org.ross.core.score;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Locale;
import org.ross.core.image.Images;

/** A ROC curve as a PNG (Java2D): the curve, the chance diagonal, the best threshold and the AUROC. */
public final class RocCurve {

    static final int SIZE = 360;
    private static final int LEFT = 48;
    private static final int RIGHT = 16;
    private static final int TOP = 28;
    private static final int BOTTOM = 40;

    private RocCurve() {
    }

    /** Draws one or more curves (e.g. two scores on the same labels); the first one's best point is marked. */
    public static byte[] png(List<String> names, List<Auroc.Result> curves) {
        if (names.size() != curves.size() || curves.isEmpty()) {
            throw new IllegalArgumentException(names.size() + " names for " + curves.size() + " curves");
        }
        BufferedImage img = new BufferedImage(SIZE, SIZE, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, SIZE, SIZE);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
            FontMetrics fm = g.getFontMetrics();
            int plot = SIZE - LEFT - RIGHT;
            g.setColor(Color.LIGHT_GRAY);
            g.drawRect(LEFT, TOP, plot, SIZE - TOP - BOTTOM);
            g.setStroke(new BasicStroke(1, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 1, new float[] {4, 4}, 0));
            g.drawLine(px(0), py(0), px(1), py(1));
            g.setStroke(new BasicStroke(1));
            g.setColor(Color.DARK_GRAY);
            for (int i = 0; i <= 4; i++) {
                String label = String.format(Locale.ROOT, "%.2f", i / 4.0);
                g.drawString(label, px(i / 4.0) - fm.stringWidth(label) / 2, SIZE - BOTTOM + 4 + fm.getAscent());
                g.drawString(label, LEFT - 4 - fm.stringWidth(label), py(i / 4.0) + fm.getAscent() / 2 - 1);
            }
            g.drawString("false positive rate", LEFT + (plot - fm.stringWidth("false positive rate")) / 2, SIZE - 6);
            g.drawString("true positive rate", 6, TOP - 10);
            Color[] palette = {new Color(0xd62728), new Color(0x1f77b4), new Color(0x2ca02c), new Color(0x9467bd)};
            g.setStroke(new BasicStroke(2));
            for (int c = 0; c < curves.size(); c++) {
                g.setColor(palette[c % palette.length]);
                List<Auroc.Point> pts = curves.get(c).points();
                for (int i = 1; i < pts.size(); i++) {
                    g.drawLine(px(pts.get(i - 1).fpr()), py(pts.get(i - 1).tpr()), px(pts.get(i).fpr()),
                            py(pts.get(i).tpr()));
                }
                String legend = String.format(Locale.ROOT, "%s  AUROC %.3f", names.get(c), curves.get(c).auroc());
                g.drawString(legend, px(0.35), py(0.05 + 0.07 * (curves.size() - 1 - c)));
            }
            Auroc.Point best = curves.get(0).best();
            g.setColor(Color.BLACK);
            g.fillOval(px(best.fpr()) - 4, py(best.tpr()) - 4, 8, 8);
        } finally {
            g.dispose();
        }
        return Images.encodePng(img);
    }

    private static int px(double fpr) {
        return LEFT + (int) Math.round(fpr * (SIZE - LEFT - RIGHT));
    }

    private static int py(double tpr) {
        return SIZE - BOTTOM - (int) Math.round(tpr * (SIZE - TOP - BOTTOM));
    }
}
