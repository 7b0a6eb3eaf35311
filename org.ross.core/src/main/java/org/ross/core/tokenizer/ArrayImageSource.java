package org.ross.core.tokenizer;

/** Images held in memory, one {@code float[C*S*S]} per image. */
public final class ArrayImageSource implements ImageSource {

    private final float[][] images;
    private final int channels;
    private final int imageSize;

    public ArrayImageSource(float[][] images, int channels, int imageSize) {
        int length = channels * imageSize * imageSize;
        for (int i = 0; i < images.length; i++) {
            if (images[i].length != length) {
                throw new IllegalArgumentException("image " + i + " has " + images[i].length
                        + " values; expected " + channels + "x" + imageSize + "x" + imageSize + " = " + length);
            }
        }
        this.images = images;
        this.channels = channels;
        this.imageSize = imageSize;
    }

    @Override
    public int size() {
        return images.length;
    }

    @Override
    public int channels() {
        return channels;
    }

    @Override
    public int imageSize() {
        return imageSize;
    }

    @Override
    public void read(int index, float[] chw) {
        System.arraycopy(images[index], 0, chw, 0, chw.length);
    }
}
