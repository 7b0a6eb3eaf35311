package org.ross.core.tuning;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.ross.core.ProgressMonitor;
import org.ross.core.data.DistinctImages;
import org.ross.core.image.Images;
import org.ross.core.ross.LatentSource;
import org.ross.core.table.ColumnSpec;
import org.ross.core.table.ColumnType;
import org.ross.core.table.FloatStore;
import org.ross.core.table.Row;
import org.ross.core.table.TableReader;
import org.ross.core.table.TableSpec;
import org.ross.core.tokenizer.ImageSource;
import org.ross.core.tokenizer.LatentStats;

/**
 * A QA table read in one streaming pass and validated before any training: the distinct images at
 * the model resolution (memory-mapped), each row's question and answer, the latent posterior of
 * each distinct image (memory-mapped; rows holding the same image must hold the same latent), the
 * per-channel moments of the posterior samples, and a digest of everything read (so a checkpoint
 * is only resumed on the data it was written for).
 */
final class QaTable implements AutoCloseable {

    final DistinctImages images;
    final FloatStore latents; // null when not read (TEXT_ONLY)
    final List<String> questions;
    final List<String> answers;
    final LatentStats latentStats; // null when not read
    final int latentChannels; // C of the latent column, 0 when not read
    final int latentGrid; // g of the latent column, 0 when not read
    final String digest;

    private QaTable(DistinctImages images, FloatStore latents, List<String> questions, List<String> answers,
            LatentStats latentStats, int latentChannels, int latentGrid, String digest) {
        this.latentChannels = latentChannels;
        this.latentGrid = latentGrid;
        this.images = images;
        this.latents = latents;
        this.questions = questions;
        this.answers = answers;
        this.latentStats = latentStats;
        this.digest = digest;
    }

    /**
     * @param readLatents whether the latent column is read (every objective but TEXT_ONLY)
     * @throws IllegalArgumentException naming row, column and cause for the first bad value
     */
    static QaTable read(TuningInput in, int imageSize, Images.ColorMode mode, boolean readLatents,
            BufferAllocator allocator, ProgressMonitor monitor) {
        TableSpec spec = TableReader.readSpec(in.table(), allocator);
        int image = spec.require(in.imageColumn(), ColumnType.IMAGE);
        int question = spec.require(in.questionColumn(), ColumnType.TEXT);
        int answer = spec.require(in.answerColumn(), ColumnType.TEXT);
        int latent = readLatents ? spec.require(in.latentColumn(), ColumnType.LATENT) : -1;
        ColumnSpec latentSpec = readLatents ? spec.columns().get(latent) : null;
        int channels = readLatents ? latentSpec.shape().get(1) : 0;
        int grid = readLatents ? latentSpec.shape().get(2) : 0;

        List<String> questions = new ArrayList<>();
        List<String> answers = new ArrayList<>();
        MessageDigest sha = sha256();
        LatentMoments moments = readLatents ? new LatentMoments(channels, grid) : null;
        FloatStore latents = readLatents
                ? FloatStore.create(in.scratchDirectory(), "posteriors", latentSpec.latentLength()) : null;
        float[] known = readLatents ? new float[latentSpec.latentLength()] : null;
        try {
            DistinctImages images = DistinctImages.read(in.table(), in.imageColumn(), imageSize, mode,
                    in.scratchDirectory(), allocator, monitor, (Row row, int distinct, boolean first) -> {
                        String q = text(row, question, in.questionColumn());
                        String a = text(row, answer, in.answerColumn());
                        questions.add(q);
                        answers.add(a);
                        update(sha, q);
                        update(sha, a);
                        sha.update(ByteBuffer.allocate(4).putInt(distinct).array());
                        if (first) {
                            sha.update(row.bytes(image));
                        }
                        if (latents != null) {
                            float[] posterior = posterior(row, latent, in.latentColumn(), known.length);
                            if (first) {
                                latents.append(posterior);
                                moments.add(posterior);
                                ByteBuffer b = ByteBuffer.allocate(4 * posterior.length);
                                b.asFloatBuffer().put(posterior);
                                sha.update(b.array());
                            } else {
                                latents.read(distinct, known);
                                if (!Arrays.equals(known, posterior)) {
                                    throw new IllegalArgumentException("row " + row.index() + ", column '"
                                            + in.latentColumn() + "': the latent differs from the one of an earlier row"
                                            + " with the same image; compute the latent column with one Image Tokenizer run");
                                }
                            }
                        }
                    });
            return new QaTable(images, latents, questions, answers, moments == null ? null : moments.stats(),
                    channels, grid, HexFormat.of().formatHex(sha.digest()));
        } catch (RuntimeException e) {
            if (latents != null) {
                latents.close();
            }
            throw e;
        }
    }

    int rows() {
        return questions.size();
    }

    /** The images of {@code rows}, in that order. */
    ImageSource imagesOf(int[] rows) {
        return new ImageSource() {
            @Override
            public int size() {
                return rows.length;
            }

            @Override
            public int channels() {
                return images.channels();
            }

            @Override
            public int imageSize() {
                return images.imageSize();
            }

            @Override
            public void read(int index, float[] chw) {
                images.read(images.distinctIndexOfRow(rows[index]), chw);
            }
        };
    }

    /** The latent posteriors of {@code rows}, in that order; null when latents were not read. */
    LatentSource latentsOf(int[] rows) {
        if (latents == null) {
            return null;
        }
        return new LatentSource() {
            @Override
            public int size() {
                return rows.length;
            }

            @Override
            public void read(int index, float[] posterior) {
                latents.read(images.distinctIndexOfRow(rows[index]), posterior);
            }
        };
    }

    List<String> select(List<String> values, int[] rows) {
        List<String> out = new ArrayList<>(rows.length);
        for (int r : rows) {
            out.add(values.get(r));
        }
        return out;
    }

    private static String text(Row row, int column, String name) {
        String s = row.isNull(column) ? null : row.text(column);
        if (s == null || s.isBlank()) {
            throw new IllegalArgumentException("row " + row.index() + ", column '" + name + "': "
                    + (s == null ? "missing text (null)" : "empty text") + "; every example needs a question and an answer");
        }
        return s;
    }

    private static float[] posterior(Row row, int column, String name, int length) {
        float[] p = row.isNull(column) ? null : row.floats(column);
        if (p == null) {
            throw new IllegalArgumentException("row " + row.index() + ", column '" + name + "': missing latent (null)");
        }
        if (p.length != length) {
            throw new IllegalArgumentException("row " + row.index() + ", column '" + name + "': " + p.length
                    + " values, expected " + length + " (mean and log-variance)");
        }
        for (int k = 0; k < p.length; k++) {
            if (!Float.isFinite(p[k])) {
                throw new IllegalArgumentException("row " + row.index() + ", column '" + name + "': non-finite value "
                        + p[k] + " at position " + k + " of the " + (k < length / 2 ? "mean" : "log-variance")
                        + "; re-run the Image Tokenizer or drop the row");
            }
        }
        return p;
    }

    private static void update(MessageDigest sha, String s) {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        sha.update(ByteBuffer.allocate(4).putInt(bytes.length).array());
        sha.update(bytes);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java runtime", e);
        }
    }

    @Override
    public void close() {
        try {
            images.close();
        } finally {
            if (latents != null) {
                latents.close();
            }
        }
    }
}
