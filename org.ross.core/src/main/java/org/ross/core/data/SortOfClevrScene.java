package org.ross.core.data;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * One Sort-of-CLEVR scene (Santoro et al. 2017, in the exact form of DESIGN.md section 6): six
 * objects of distinct colours on a white S x S canvas, each a square of side S/6.4 or a circle of
 * that diameter, positioned by its centre (y grows downwards).
 */
public record SortOfClevrScene(int size, List<Item> items) {

    public enum Colour {
        RED(255, 0, 0), GREEN(0, 255, 0), BLUE(0, 0, 255), ORANGE(255, 165, 0), GRAY(128, 128, 128),
        YELLOW(255, 255, 0);

        private final int rgb;

        Colour(int r, int g, int b) {
            this.rgb = r << 16 | g << 8 | b;
        }

        public int rgb() {
            return rgb;
        }

        /** The word used in questions: "red", ..., "gray". */
        public String word() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public enum Shape {
        SQUARE, CIRCLE;

        public String word() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** One object; (x, y) is its centre in pixels. */
    public record Item(Colour colour, Shape shape, double x, double y) {
    }

    public SortOfClevrScene {
        items = List.copyOf(items);
    }

    /** Side of a square and diameter of a circle: S / 6.4 (10 px at S = 64). */
    public double objectSize() {
        return size / 6.4;
    }

    public Item item(Colour colour) {
        return items.stream().filter(i -> i.colour() == colour).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no " + colour.word() + " object in the scene"));
    }

    /**
     * A random scene. Objects sit on whole-pixel boxes fully inside the canvas, never overlap,
     * never have a centre on a midline (left/right and top/bottom would be ambiguous), and no object
     * has two others at the same distance for closest or furthest (the scene is drawn again).
     */
    public static SortOfClevrScene sample(Random rng, int size) {
        double d = size / 6.4;
        int maxOffset = (int) Math.floor(size - d);
        while (true) {
            List<Item> items = new ArrayList<>();
            for (Colour colour : Colour.values()) {
                Item placed = null;
                for (int attempt = 0; attempt < 1000 && placed == null; attempt++) {
                    double x = rng.nextInt(maxOffset + 1) + d / 2;
                    double y = rng.nextInt(maxOffset + 1) + d / 2;
                    Shape shape = rng.nextBoolean() ? Shape.SQUARE : Shape.CIRCLE;
                    Item candidate = new Item(colour, shape, x, y);
                    if (x != size / 2.0 && y != size / 2.0 && items.stream().allMatch(o -> apart(o, candidate, d))) {
                        placed = candidate;
                    }
                }
                if (placed == null) {
                    break;
                }
                items.add(placed);
            }
            if (items.size() == Colour.values().length) {
                SortOfClevrScene scene = new SortOfClevrScene(size, items);
                if (!SortOfClevrTemplate.hasDistanceTie(scene)) {
                    return scene;
                }
            }
        }
    }

    /** The scene on white: a pixel belongs to an object when its centre lies inside the shape. */
    public BufferedImage render() {
        BufferedImage img = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
        double r = objectSize() / 2;
        for (int py = 0; py < size; py++) {
            for (int px = 0; px < size; px++) {
                int rgb = 0xffffff;
                for (Item it : items) {
                    double dx = px + 0.5 - it.x();
                    double dy = py + 0.5 - it.y();
                    boolean inside = it.shape() == Shape.SQUARE
                            ? Math.abs(dx) <= r && Math.abs(dy) <= r
                            : dx * dx + dy * dy <= r * r;
                    if (inside) {
                        rgb = it.colour().rgb();
                    }
                }
                img.setRGB(px, py, rgb);
            }
        }
        return img;
    }

    /** Bounding boxes do not overlap (they may touch). */
    private static boolean apart(Item a, Item b, double d) {
        return Math.max(Math.abs(a.x() - b.x()), Math.abs(a.y() - b.y())) >= d;
    }
}
