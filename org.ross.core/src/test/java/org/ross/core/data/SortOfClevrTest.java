package org.ross.core.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.arrow.memory.BufferAllocator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ross.core.ProgressMonitor;
import org.ross.core.data.SortOfClevrScene.Colour;
import org.ross.core.data.SortOfClevrScene.Item;
import org.ross.core.data.SortOfClevrScene.Shape;
import org.ross.core.image.Images;
import org.ross.core.table.Allocators;
import org.ross.core.table.TableReader;

class SortOfClevrTest {

    @TempDir
    Path dir;

    /** Hand-placed scene at S = 64; distances worked out in the comments. */
    static SortOfClevrScene handScene() {
        return new SortOfClevrScene(64, List.of(
                new Item(Colour.RED, Shape.SQUARE, 10, 10),
                new Item(Colour.GREEN, Shape.CIRCLE, 54, 12), // from red: 44.05
                new Item(Colour.BLUE, Shape.SQUARE, 10, 54), // from red: 44
                new Item(Colour.ORANGE, Shape.CIRCLE, 54, 54), // from red: 62.2 (furthest)
                new Item(Colour.GRAY, Shape.SQUARE, 25, 30), // from red: 25 (closest)
                new Item(Colour.YELLOW, Shape.CIRCLE, 40, 45))); // from red: 46.1; from orange: 16.6
    }

    @Test
    void answersOnAHandBuiltScene() {
        SortOfClevrScene s = handScene();
        assertEquals("square", SortOfClevr.answer(s, SortOfClevrTemplate.SHAPE, Colour.RED));
        assertEquals("circle", SortOfClevr.answer(s, SortOfClevrTemplate.SHAPE, Colour.YELLOW));
        assertEquals("left", SortOfClevr.answer(s, SortOfClevrTemplate.LEFT_RIGHT, Colour.GRAY));
        assertEquals("right", SortOfClevr.answer(s, SortOfClevrTemplate.LEFT_RIGHT, Colour.YELLOW));
        assertEquals("top", SortOfClevr.answer(s, SortOfClevrTemplate.TOP_BOTTOM, Colour.GRAY));
        assertEquals("bottom", SortOfClevr.answer(s, SortOfClevrTemplate.TOP_BOTTOM, Colour.BLUE));
        assertEquals("square", SortOfClevr.answer(s, SortOfClevrTemplate.CLOSEST, Colour.RED));
        assertEquals("circle", SortOfClevr.answer(s, SortOfClevrTemplate.FURTHEST, Colour.RED));
        assertEquals("circle", SortOfClevr.answer(s, SortOfClevrTemplate.CLOSEST, Colour.ORANGE));
        assertEquals("square", SortOfClevr.answer(s, SortOfClevrTemplate.FURTHEST, Colour.ORANGE));
        assertEquals("3", SortOfClevr.answer(s, SortOfClevrTemplate.COUNT, Colour.BLUE));
        assertFalse(SortOfClevrTemplate.hasDistanceTie(s));
    }

    @Test
    void questionsAreWordForWord() {
        assertEquals("what shape is the red object?", SortOfClevrTemplate.SHAPE.question(Colour.RED));
        assertEquals("is the gray object on the left or right?", SortOfClevrTemplate.LEFT_RIGHT.question(Colour.GRAY));
        assertEquals("is the blue object at the top or bottom?", SortOfClevrTemplate.TOP_BOTTOM.question(Colour.BLUE));
        assertEquals("what shape is the object closest to the green object?", SortOfClevrTemplate.CLOSEST.question(Colour.GREEN));
        assertEquals("what shape is the object furthest from the orange object?", SortOfClevrTemplate.FURTHEST.question(Colour.ORANGE));
        assertEquals("how many objects have the same shape as the yellow object?", SortOfClevrTemplate.COUNT.question(Colour.YELLOW));
    }

    @Test
    void renderingPaintsPureColoursOnWhite() {
        BufferedImage img = handScene().render();
        assertEquals(0xffffff, img.getRGB(32, 2) & 0xffffff);
        assertEquals(0xff0000, img.getRGB(10, 10) & 0xffffff);
        assertEquals(0xff0000, img.getRGB(5, 5) & 0xffffff); // square corner pixel (centre 5.5, 5.5)
        assertEquals(0xffffff, img.getRGB(49, 7) & 0xffffff); // circle's bounding-box corner stays white
        assertEquals(0xffa500, img.getRGB(54, 54) & 0xffffff);
        assertEquals(0x808080, img.getRGB(25, 30) & 0xffffff);
    }

    @Test
    void sampledScenesHaveNoOverlapNoMidlineAndNoTies() {
        Random rng = new Random(1);
        for (int n = 0; n < 200; n++) {
            SortOfClevrScene s = SortOfClevrScene.sample(rng, 64);
            assertEquals(6, s.items().size());
            assertFalse(SortOfClevrTemplate.hasDistanceTie(s));
            for (Item a : s.items()) {
                assertTrue(a.x() >= 5 && a.x() <= 59 && a.y() >= 5 && a.y() <= 59 && a.x() != 32 && a.y() != 32);
                for (Item b : s.items()) {
                    assertTrue(a == b || Math.max(Math.abs(a.x() - b.x()), Math.abs(a.y() - b.y())) >= 10);
                }
            }
        }
    }

    @Test
    void tableIsSeededAndEveryAnswerMatchesItsScene() {
        SortOfClevrConfig config = new SortOfClevrConfig(3, 64, 10, 42);
        List<String> first = new ArrayList<>();
        try (BufferAllocator root = Allocators.newRoot()) {
            assertEquals(60, new SortOfClevr(config).write(dir.resolve("a.arrow"), root, ProgressMonitor.NONE));
            new SortOfClevr(config).write(dir.resolve("b.arrow"), root, ProgressMonitor.NONE);
            Map<Long, byte[]> pngs = new HashMap<>();
            int[] relational = new int[3];
            try (TableReader a = TableReader.open(dir.resolve("a.arrow"), root);
                    TableReader b = TableReader.open(dir.resolve("b.arrow"), root)) {
                assertEquals(SortOfClevr.spec(), a.spec());
                var rowsB = b.rows();
                a.forEachRow(row -> {
                    long id = row.int64(5);
                    byte[] png = row.bytes(0);
                    byte[] seen = pngs.putIfAbsent(id, png);
                    if (seen != null) {
                        assertArrayEquals(seen, png, "rows of image " + id + " share their PNG");
                    }
                    SortOfClevrTemplate t = SortOfClevrTemplate.ofTag(row.text(4));
                    Colour c = colourIn(row.text(1));
                    assertEquals(t.question(c), row.text(1));
                    assertEquals(t.answer(new SortOfClevr(config).scene(id), c), row.text(2), "row " + row.index());
                    assertEquals(t.questionType(), row.text(3));
                    relational[(int) id] += t.relational() ? 1 : 0;
                    first.add(row.text(1) + "|" + row.text(2));
                    assertEquals(row.text(1), rowsB.next().text(1), "same seed, same questions");
                });
            }
            assertArrayEquals(new int[] {10, 10, 10}, relational);
            BufferedImage img = Images.decode(pngs.get(0L));
            assertEquals(64, img.getWidth());
            for (Item it : new SortOfClevr(config).scene(0).items()) {
                assertEquals(it.colour().rgb(), img.getRGB((int) it.x(), (int) it.y()) & 0xffffff);
            }
        }
        assertEquals(60, first.size());
    }

    @Test
    void templatesAreFoundByTheirColumnValueAndAnUnknownOneIsNamed() {
        for (SortOfClevrTemplate t : SortOfClevrTemplate.values()) {
            assertEquals(t, SortOfClevrTemplate.ofTag(t.tag()));
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SortOfClevrTemplate.ofTag("colour"));
        assertTrue(e.getMessage().contains("'colour'"), e.getMessage());
    }

    @Test
    void configRejectsBadValuesWithTheFix() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new SortOfClevrConfig(10, 16, 10, 0));
        assertTrue(e.getMessage().contains("imageSize") && e.getMessage().contains("16"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new SortOfClevrConfig(0, 64, 10, 0));
        assertThrows(IllegalArgumentException.class, () -> new SortOfClevrConfig(1, 64, 0, 0));
    }

    private static Colour colourIn(String question) {
        for (Colour c : Colour.values()) {
            if (question.contains(" " + c.word() + " ")) {
                return c;
            }
        }
        throw new AssertionError("no colour in " + question);
    }
}
