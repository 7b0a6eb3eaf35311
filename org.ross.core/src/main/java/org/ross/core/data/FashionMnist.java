package org.ross.core.data;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.ross.core.ProgressMonitor;
import org.ross.core.image.Images;
import org.ross.core.table.ColumnSpec;
import org.ross.core.table.TableSpec;
import org.ross.core.table.TableWriter;

/**
 * Imports Fashion-MNIST (Xiao et al. 2017) from its original gzip-compressed IDX files into a
 * table of 8-bit grayscale PNGs with their labels, one image at a time. The Debian package
 * {@code dataset-fashion-mnist} installs the files under {@link #DEFAULT_DIRECTORY}.
 */
public final class FashionMnist {

    public static final Path DEFAULT_DIRECTORY = Path.of("/usr/share/datasets/fashion-mnist");

    /** The class names, indexed by label. */
    public static final List<String> LABEL_NAMES = List.of("t-shirt/top", "trouser", "pullover",
            "dress", "coat", "sandal", "shirt", "sneaker", "bag", "ankle boot");

    public enum Split {
        TRAIN("train"), TEST("t10k");

        private final String prefix;

        Split(String prefix) {
            this.prefix = prefix;
        }

        public String imagesFile() {
            return prefix + "-images-idx3-ubyte.gz";
        }

        public String labelsFile() {
            return prefix + "-labels-idx1-ubyte.gz";
        }
    }

    /**
     * What to import.
     *
     * @param directory where the four .gz files are
     * @param split train (60,000 images) or test (10,000)
     * @param limit import only the first {@code limit} images; 0 imports all
     */
    public record Config(Path directory, Split split, int limit) {
        public Config {
            java.util.Objects.requireNonNull(directory, "directory");
            java.util.Objects.requireNonNull(split, "split");
            if (limit < 0) {
                throw new IllegalArgumentException("limit must be 0 (all) or positive, found " + limit);
            }
        }

        public static Config of(Split split) {
            return new Config(DEFAULT_DIRECTORY, split, 0);
        }
    }

    private final Config config;

    public FashionMnist(Config config) {
        this.config = config;
    }

    /** The output columns: image, label, label_name. */
    public static TableSpec spec() {
        return TableSpec.of(ColumnSpec.image("image"), ColumnSpec.int64("label"), ColumnSpec.text("label_name"));
    }

    /** Writes the table at {@code target}; returns its row count. */
    public long write(Path target, BufferAllocator allocator, ProgressMonitor monitor) {
        Path imagesPath = config.directory().resolve(config.split().imagesFile());
        Path labelsPath = config.directory().resolve(config.split().labelsFile());
        try (IdxFile images = IdxFile.open(imagesPath, IdxFile.IMAGES);
                IdxFile labels = IdxFile.open(labelsPath, IdxFile.LABELS);
                TableWriter out = TableWriter.create(target, spec(), allocator)) {
            if (images.count() != labels.count()) {
                throw new IllegalArgumentException(imagesPath + " holds " + images.count() + " images but "
                        + labelsPath + " holds " + labels.count() + " labels");
            }
            int n = config.limit() == 0 ? images.count() : Math.min(config.limit(), images.count());
            byte[] pixels = new byte[images.itemSize()];
            byte[] label = new byte[1];
            for (int i = 0; i < n; i++) {
                if (i % 1024 == 0) {
                    monitor.checkCancelled();
                    monitor.progress((double) i / n, "image " + i + " of " + n);
                }
                images.next(pixels);
                labels.next(label);
                int y = label[0] & 0xff;
                if (y >= LABEL_NAMES.size()) {
                    throw new IllegalArgumentException(labelsPath + ": label " + i + " is " + y
                            + ", expected 0.." + (LABEL_NAMES.size() - 1));
                }
                out.addRow(grayPng(pixels, images.cols(), images.rows()), (long) y, LABEL_NAMES.get(y));
            }
            out.commit();
            monitor.progress(1, "imported " + n + " images");
            return n;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot import Fashion-MNIST from " + config.directory() + ": "
                    + e.getMessage(), e);
        }
    }

    /** An 8-bit grayscale PNG of row-major pixels (0 = black, as stored in the IDX file). */
    static byte[] grayPng(byte[] pixels, int width, int height) {
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
        img.getRaster().setDataElements(0, 0, width, height, pixels);
        return Images.encodePng(img);
    }
}
