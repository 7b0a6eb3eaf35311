package org.ross.core.tokenizer;

import ai.djl.Device;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Objects;
import java.util.Optional;
import org.apache.arrow.memory.BufferAllocator;
import org.ross.core.ProgressMonitor;
import org.ross.core.data.DistinctImages;
import org.ross.core.image.Images;
import org.ross.core.table.ColumnSpec;
import org.ross.core.table.ColumnType;
import org.ross.core.table.FloatStore;
import org.ross.core.table.Row;
import org.ross.core.table.TableReader;
import org.ross.core.table.TableSpec;
import org.ross.core.table.TableWriter;

/**
 * The Image Tokenizer's one engine call: fit a {@link KlVae} on the images of a table (or take a
 * given one) and append each row's latent posterior (mean, log-variance) as a new column.
 *
 * <p>Streaming in three passes, so a 60,000-image table is never held as Java objects:
 * <ol>
 *   <li>read the table once; decode each <em>distinct</em> image (identical bytes are decoded,
 *       trained on and encoded once) into a memory-mapped store ({@link DistinctImages});</li>
 *   <li>fit the VAE on that store (unless a tokenizer model was given), then encode every distinct
 *       image into a second store;</li>
 *   <li>read the table again and write it out with the latent column appended.</li>
 * </ol>
 * The model directory and the table are written atomically, the model first; a failure or
 * cancellation leaves earlier outputs in place.
 */
public final class TableTokenizer {

    /** How grey and colour images are reconciled; see the README's Image Tokenizer section. */
    public enum ColorPolicy {
        /** The first image decides; a later image of the other kind is an error naming its row. */
        AUTO,
        /** Colour images are converted to luminance. */
        GRAY,
        /** Grey images are replicated into three channels. */
        RGB
    }

    /** Which columns to read and write, and how images are prepared. */
    public record Options(String imageColumn, String latentColumn, ColorPolicy colorPolicy, Path scratchDirectory) {
        public Options {
            Objects.requireNonNull(imageColumn, "imageColumn");
            Objects.requireNonNull(latentColumn, "latentColumn");
            Objects.requireNonNull(colorPolicy, "colorPolicy");
            Objects.requireNonNull(scratchDirectory, "scratchDirectory");
            if (imageColumn.isBlank() || latentColumn.isBlank()) {
                throw new IllegalArgumentException("image and latent column names must not be blank");
            }
        }

        /** These options with scratch files kept in {@code directory}. */
        public Options withScratch(Path directory) {
            return new Options(imageColumn, latentColumn, colorPolicy, directory);
        }
    }

    /** What a run did, for the node's summary. */
    public record Result(long rows, int distinctImages, TokenizerConfig config, Optional<TrainingReport> training) {
    }

    private TableTokenizer() {
    }

    /** The output spec: the input with {@code latentColumn} appended (or replaced). */
    public static TableSpec outputSpec(TableSpec input, Options options, TokenizerConfig config) {
        input.require(options.imageColumn(), ColumnType.IMAGE);
        int g = config.latentSize();
        return input.replaceOrAppend(
                ColumnSpec.latent(options.latentColumn(), config.latentChannels(), g, g));
    }

    /**
     * Fits a tokenizer with {@code config}/{@code training} on the table's images, saves it to
     * {@code modelOut}, and writes the table with latents to {@code tableOut}.
     */
    public static Result fitAndApply(Path tableIn, Path tableOut, Path modelOut, TokenizerConfig config,
            TokenizerTrainingConfig training, Options options, Device device, BufferAllocator allocator,
            ProgressMonitor monitor) throws IOException {
        ColorPolicy policy = options.colorPolicy();
        try (DistinctImages images = readImages(tableIn, options, config.imageSize(), policy, allocator,
                monitor.slice(0, 0.1))) {
            TokenizerConfig fitted = new TokenizerConfig(config.imageSize(), images.channels(),
                    config.downsampling(), config.latentChannels(), config.baseWidth(), config.beta());
            try (KlVae vae = KlVae.create(fitted, training.seed(), device)) {
                TrainingReport report = vae.fit(images, training, monitor.slice(0.1, 0.85));
                vae.save(modelOut);
                encodeAndWrite(vae, images, tableIn, tableOut, options, allocator, monitor.slice(0.85, 1));
                return new Result(images.rows(), images.size(), fitted, Optional.of(report));
            }
        }
    }

    /** Applies the tokenizer saved in {@code modelDir} and writes the table with latents. */
    public static Result apply(Path tableIn, Path modelDir, Path tableOut, Options options, Device device,
            BufferAllocator allocator, ProgressMonitor monitor) throws IOException {
        try (KlVae vae = KlVae.load(modelDir, device)) {
            TokenizerConfig config = vae.config();
            ColorPolicy policy = config.imageChannels() == 1 ? ColorPolicy.GRAY : ColorPolicy.RGB;
            try (DistinctImages images = readImages(tableIn, options, config.imageSize(), policy, allocator,
                    monitor.slice(0, 0.3))) {
                encodeAndWrite(vae, images, tableIn, tableOut, options, allocator, monitor.slice(0.3, 1));
                return new Result(images.rows(), images.size(), config, Optional.empty());
            }
        }
    }

    private static DistinctImages readImages(Path tableIn, Options options, int imageSize, ColorPolicy policy,
            BufferAllocator allocator, ProgressMonitor monitor) {
        Images.ColorMode mode = switch (policy) {
            case GRAY -> Images.ColorMode.GRAY;
            case RGB -> Images.ColorMode.RGB;
            case AUTO -> null; // the first image decides
        };
        return DistinctImages.read(tableIn, options.imageColumn(), imageSize, mode, options.scratchDirectory(),
                allocator, monitor, DistinctImages.RowVisitor.NONE);
    }

    private static void encodeAndWrite(KlVae vae, DistinctImages images, Path tableIn, Path tableOut,
            Options options, BufferAllocator allocator, ProgressMonitor monitor) {
        TokenizerConfig config = vae.config();
        int g = config.latentSize();
        int latentLength = 2 * config.latentChannels() * g * g;
        int batch = 64;
        try (FloatStore latents = FloatStore.create(options.scratchDirectory(), "latents", latentLength)) {
            // Encode each distinct image once, in batches.                          (U, 2*C*g*g)
            float[][] chunk = new float[0][];
            for (int start = 0; start < images.size(); start += batch) {
                monitor.checkCancelled();
                int n = Math.min(batch, images.size() - start);
                if (chunk.length != n) {
                    chunk = new float[n][images.recordLength()];
                }
                for (int i = 0; i < n; i++) {
                    images.read(start + i, chunk[i]);
                }
                for (float[] latent : vae.encode(chunk)) {
                    latents.append(latent);
                }
                monitor.progress(0.7 * (start + n) / images.size(), "encoding images " + (start + n) + "/" + images.size());
            }
            // Second pass over the table: every row gets the latent of its distinct image.
            try (TableReader reader = TableReader.open(tableIn, allocator)) {
                TableSpec outSpec = outputSpec(reader.spec(), options, config);
                int replaced = reader.spec().indexOf(options.latentColumn());
                float[] latent = new float[latentLength];
                try (TableWriter writer = TableWriter.create(tableOut, outSpec, allocator)) {
                    Iterator<Row> rows = reader.rows();
                    int inColumns = reader.spec().size();
                    while (rows.hasNext()) {
                        Row row = rows.next();
                        if (row.index() % 1024 == 0) {
                            monitor.checkCancelled();
                            monitor.progress(0.7 + 0.3 * row.index() / Math.max(1, images.rows()),
                                    "writing rows " + row.index() + "/" + images.rows());
                        }
                        Object[] values = new Object[outSpec.size()];
                        int k = 0;
                        for (int c = 0; c < inColumns; c++) {
                            if (c != replaced) {
                                values[k++] = row.value(c);
                            }
                        }
                        latents.read(images.distinctIndexOfRow(row.index()), latent);
                        values[k] = latent.clone();
                        writer.addRow(values);
                    }
                    writer.commit();
                }
            }
        }
    }
}
