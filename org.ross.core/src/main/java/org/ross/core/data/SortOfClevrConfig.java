package org.ross.core.data;

/**
 * Settings of the Sort-of-CLEVR generator (DESIGN.md section 6).
 *
 * @param images number of scenes to render
 * @param imageSize side S of the square image in pixels; objects are S/6.4 wide
 * @param questionsPerType non-relational and relational questions per image (10 each in the paper)
 * @param seed the same seed gives the same table
 */
public record SortOfClevrConfig(int images, int imageSize, int questionsPerType, long seed) {

    /** Below this the six objects of side S/6.4 hardly fit without overlapping. */
    public static final int MIN_IMAGE_SIZE = 32;

    public SortOfClevrConfig {
        if (images <= 0) {
            throw new IllegalArgumentException("images must be positive, found " + images);
        }
        if (imageSize < MIN_IMAGE_SIZE || imageSize > 1024) {
            throw new IllegalArgumentException("imageSize must be in [" + MIN_IMAGE_SIZE
                    + ", 1024], found " + imageSize + "; the reference size is 64");
        }
        if (questionsPerType < 1 || questionsPerType > 100) {
            throw new IllegalArgumentException("questionsPerType must be in [1, 100], found "
                    + questionsPerType + "; the reference is 10");
        }
    }

    /** The reference form: 64 x 64 images, 10 + 10 questions each. */
    public static SortOfClevrConfig of(int images, long seed) {
        return new SortOfClevrConfig(images, 64, 10, seed);
    }

    public SortOfClevrConfig withImageSize(int size) {
        return new SortOfClevrConfig(images, size, questionsPerType, seed);
    }

    /** Side of a square, and diameter of a circle, in pixels: S / 6.4. */
    public double objectSize() {
        return imageSize / 6.4;
    }

    public long rows() {
        return 2L * images * questionsPerType;
    }
}
