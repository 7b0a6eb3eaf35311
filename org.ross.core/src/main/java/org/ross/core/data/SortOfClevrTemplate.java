package org.ross.core.data;

import java.util.Comparator;
import org.ross.core.data.SortOfClevrScene.Colour;
import org.ross.core.data.SortOfClevrScene.Item;

/**
 * The six Sort-of-CLEVR question templates, word for word as in DESIGN.md section 6, with their
 * answers computed from the scene. Left/right and top/bottom compare the centre with S/2;
 * distances are Euclidean between centres.
 */
public enum SortOfClevrTemplate {
    SHAPE("shape", false, "what shape is the %s object?"),
    LEFT_RIGHT("left-right", false, "is the %s object on the left or right?"),
    TOP_BOTTOM("top-bottom", false, "is the %s object at the top or bottom?"),
    CLOSEST("closest", true, "what shape is the object closest to the %s object?"),
    FURTHEST("furthest", true, "what shape is the object furthest from the %s object?"),
    COUNT("count", true, "how many objects have the same shape as the %s object?");

    /** Distances closer than this count as a tie, which the generator never lets through. */
    static final double TIE = 1e-9;

    private final String tag;
    private final boolean relational;
    private final String pattern;

    SortOfClevrTemplate(String tag, boolean relational, String pattern) {
        this.tag = tag;
        this.relational = relational;
        this.pattern = pattern;
    }

    /** The value of the {@code template} column. */
    public String tag() {
        return tag;
    }

    /** The template whose {@link #tag()} is {@code tag}; an unknown tag is an error that names it. */
    public static SortOfClevrTemplate ofTag(String tag) {
        for (SortOfClevrTemplate t : values()) {
            if (t.tag.equals(tag)) {
                return t;
            }
        }
        throw new IllegalArgumentException("unknown Sort-of-CLEVR template '" + tag + "'");
    }

    public boolean relational() {
        return relational;
    }

    /** The value of the {@code question_type} column. */
    public String questionType() {
        return relational ? "relational" : "non-relational";
    }

    public String question(Colour colour) {
        return String.format(java.util.Locale.ROOT, pattern, colour.word());
    }

    /** The answer about the object of {@code colour} in {@code scene}. */
    public String answer(SortOfClevrScene scene, Colour colour) {
        Item a = scene.item(colour);
        double half = scene.size() / 2.0;
        return switch (this) {
            case SHAPE -> a.shape().word();
            case LEFT_RIGHT -> a.x() < half ? "left" : "right";
            case TOP_BOTTOM -> a.y() < half ? "top" : "bottom";
            case CLOSEST -> others(scene, a).min(byDistanceFrom(a)).orElseThrow().shape().word();
            case FURTHEST -> others(scene, a).max(byDistanceFrom(a)).orElseThrow().shape().word();
            case COUNT -> Long.toString(scene.items().stream().filter(o -> o.shape() == a.shape()).count());
        };
    }

    /** True when some object has two others equally close, or equally far, as its closest or furthest. */
    static boolean hasDistanceTie(SortOfClevrScene scene) {
        for (Item a : scene.items()) {
            double[] d = others(scene, a).mapToDouble(o -> distance(a, o)).sorted().toArray();
            if (d.length > 1 && (d[1] - d[0] < TIE || d[d.length - 1] - d[d.length - 2] < TIE)) {
                return true;
            }
        }
        return false;
    }

    static double distance(Item a, Item b) {
        return Math.hypot(a.x() - b.x(), a.y() - b.y());
    }

    private static java.util.stream.Stream<Item> others(SortOfClevrScene scene, Item a) {
        return scene.items().stream().filter(o -> o != a);
    }

    private static Comparator<Item> byDistanceFrom(Item a) {
        return Comparator.comparingDouble(o -> distance(a, o));
    }
}
