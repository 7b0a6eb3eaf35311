package org.ross.benchmarks;

import ai.djl.Device;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Locale;
import org.apache.arrow.memory.BufferAllocator;
import org.ross.core.ProgressMonitor;
import org.ross.core.data.FashionMnist;
import org.ross.core.image.Images;
import org.ross.core.table.Allocators;
import org.ross.core.table.ColumnType;
import org.ross.core.table.Row;
import org.ross.core.table.TableReader;
import org.ross.core.tokenizer.KlVae;
import org.ross.core.tokenizer.TableTokenizer;
import org.ross.core.tokenizer.TokenizerConfig;
import org.ross.core.tokenizer.TokenizerTrainingConfig;

/**
 * Image Tokenizer on Fashion-MNIST (issue 2): fit on the train split through the same engine call
 * the node makes (Arrow table in, latents + model out), then on the test split measure PSNR of
 * decode(encode(x)), encode throughput and the process's peak RSS.
 *
 * <p>Baseline measured in the same run: bilinear down-sampling to the same number of floats as the
 * latent (7x7x4 = 196 = 14x14) and back up. The tokenizer must beat it clearly to be worth its cost.
 *
 * <p>{@code --quick}: 6,000 training images, 2 epochs, 1,000 test images.
 */
public final class TokenizerFashionMnist {

    private static final String NAME = "tokenizer-fashion-mnist";

    public static void main(String[] args) throws Exception {
        boolean quick = Arrays.asList(args).contains("--quick");
        Path work = Path.of("benchmarks", "scratch", NAME);
        Files.createDirectories(work);
        int trainLimit = quick ? 6_000 : 60_000;
        int testLimit = quick ? 1_000 : 10_000;
        TokenizerConfig config = new TokenizerConfig(28, 1, 4, 4, TokenizerConfig.DEFAULT_BASE_WIDTH,
                TokenizerConfig.DEFAULT_BETA);
        TokenizerTrainingConfig training = TokenizerTrainingConfig.defaults(1)
                .withEpochs(quick ? 2 : TokenizerTrainingConfig.DEFAULT_EPOCHS);
        BenchmarkReport report = new BenchmarkReport(NAME,
                "./ross bench " + NAME + (quick ? " --quick" : ""));
        report.columns("stage", "images", "seconds", "images/s", "PSNR dB", "peak RSS MiB");

        try (BufferAllocator root = Allocators.newRoot();
             BufferAllocator allocator = root.newChildAllocator(NAME, 0, Long.MAX_VALUE)) {
            Path trainTable = work.resolve("train.arrow");
            Path testTable = work.resolve("test.arrow");
            long t0 = System.nanoTime();
            long trainRows = new FashionMnist(new FashionMnist.Config(FashionMnist.DEFAULT_DIRECTORY,
                    FashionMnist.Split.TRAIN, trainLimit)).write(trainTable, allocator, ProgressMonitor.NONE);
            new FashionMnist(new FashionMnist.Config(FashionMnist.DEFAULT_DIRECTORY,
                    FashionMnist.Split.TEST, testLimit)).write(testTable, allocator, ProgressMonitor.NONE);
            double importSeconds = seconds(t0);
            report.row("import train+test to Arrow", trainRows + testLimit, importSeconds,
                    (trainRows + testLimit) / importSeconds, "", Machine.peakRssMib());

            TableTokenizer.Options options = new TableTokenizer.Options("image", "latent",
                    TableTokenizer.ColorPolicy.GRAY, work.resolve("scratch"));
            Path modelDir = work.resolve("tokenizer");
            t0 = System.nanoTime();
            TableTokenizer.Result fit = TableTokenizer.fitAndApply(trainTable, work.resolve("train-latents.arrow"),
                    modelDir, config, training, options, Device.cpu(), allocator, new ConsoleProgress("fit", 10));
            double fitSeconds = seconds(t0);
            report.row("fit " + training.epochs() + " epochs + encode train (node call)", fit.rows(), fitSeconds,
                    fit.rows() / fitSeconds, "", Machine.peakRssMib());

            try (KlVae vae = KlVae.load(modelDir, Device.cpu())) {
                Measurement m = measure(vae, testTable, allocator);
                report.row("encode test (mean latents)", m.images, m.encodeSeconds, m.images / m.encodeSeconds,
                        "", Machine.peakRssMib());
                report.row("decode(encode(x)) test", m.images, m.decodeSeconds, m.images / m.decodeSeconds,
                        m.psnr, Machine.peakRssMib());
                report.row("baseline: bilinear 14x14 and back (same 196 floats)", m.images, "", "",
                        m.baselinePsnr, "");
                double peak = Machine.peakRssMib();
                report.note(String.format(Locale.ROOT,
                        "Tokenizer: %dx%d grey, downsampling %d, %d latent channels, base width %d, beta %.1e; "
                                + "%d epochs, batch %d, lr %.1e, seed %d. PSNR is the mean over test images of "
                                + "per-image PSNR on [0, 1] pixels. PSNR gain over the baseline: %.2f dB.",
                        config.imageSize(), config.imageSize(), config.downsampling(), config.latentChannels(),
                        config.baseWidth(), config.beta(), training.epochs(), training.batchSize(),
                        training.learningRate(), training.seed(), m.psnr - m.baselinePsnr));
                report.note(String.format(Locale.ROOT, "Targets (issue 2): PSNR >= 26 dB -> %s; peak RSS < 2048 MiB "
                                + "for the %d-image table -> %s (%.0f MiB).",
                        m.psnr >= 26 ? "met" : "MISSED", trainRows, peak < 2048 ? "met" : "MISSED", peak));
                report.result("psnr_db", m.psnr)
                        .result("encode_images_per_s", m.images / m.encodeSeconds)
                        .result("peak_rss_mib", peak);
            }
        }
        report.write(Path.of("benchmarks", "results"), quick);
    }

    private record Measurement(int images, double encodeSeconds, double decodeSeconds, double psnr,
                               double baselinePsnr) {
    }

    /** Streams the test table in batches of 256: encode, decode, compare. */
    private static Measurement measure(KlVae vae, Path table, BufferAllocator allocator) {
        int batch = 256;
        int size = vae.config().imageSize();
        int c = vae.config().latentChannels();
        int g = vae.config().latentSize();
        double encodeNs = 0;
        double decodeNs = 0;
        double psnrSum = 0;
        double baselineSum = 0;
        int n = 0;
        try (TableReader reader = TableReader.open(table, allocator)) {
            int column = reader.spec().require("image", ColumnType.IMAGE);
            Iterator<Row> rows = reader.rows();
            float[][] images = new float[batch][];
            int k = 0;
            while (rows.hasNext() || k > 0) {
                if (rows.hasNext()) {
                    images[k++] = Images.toChw(Images.decode(rows.next().bytes(column)), size, Images.ColorMode.GRAY);
                    if (k < batch && rows.hasNext()) {
                        continue;
                    }
                }
                float[][] chunk = Arrays.copyOf(images, k);
                long t = System.nanoTime();
                float[][] posterior = vae.encode(chunk);                      // (k, 2*C*g*g)
                encodeNs += System.nanoTime() - t;
                float[][] means = new float[k][];
                for (int i = 0; i < k; i++) {
                    means[i] = Arrays.copyOf(posterior[i], c * g * g);         // mean half
                }
                t = System.nanoTime();
                float[][] recon = vae.decode(means);                           // (k, S*S)
                decodeNs += System.nanoTime() - t;
                for (int i = 0; i < k; i++) {
                    psnrSum += Images.psnr(chunk[i], recon[i]);
                    baselineSum += Images.psnr(chunk[i], bilinearRoundTrip(chunk[i], size, size / 2));
                }
                n += k;
                k = 0;
            }
        }
        return new Measurement(n, encodeNs / 1e9, decodeNs / 1e9, psnrSum / n, baselineSum / n);
    }

    /** Grey image down to {@code small}x{@code small} (area average) and back up (bilinear). */
    static float[] bilinearRoundTrip(float[] image, int size, int small) {
        float[] low = new float[small * small];
        double r = (double) size / small;
        for (int y = 0; y < small; y++) {
            for (int x = 0; x < small; x++) {
                double sum = 0;
                int count = 0;
                for (int yy = (int) (y * r); yy < (int) ((y + 1) * r); yy++) {
                    for (int xx = (int) (x * r); xx < (int) ((x + 1) * r); xx++) {
                        sum += image[yy * size + xx];
                        count++;
                    }
                }
                low[y * small + x] = (float) (sum / count);
            }
        }
        float[] out = new float[size * size];
        for (int y = 0; y < size; y++) {
            double sy = Math.min(Math.max((y + 0.5) / r - 0.5, 0), small - 1);
            int y0 = (int) sy;
            int y1 = Math.min(y0 + 1, small - 1);
            double fy = sy - y0;
            for (int x = 0; x < size; x++) {
                double sx = Math.min(Math.max((x + 0.5) / r - 0.5, 0), small - 1);
                int x0 = (int) sx;
                int x1 = Math.min(x0 + 1, small - 1);
                double fx = sx - x0;
                double top = low[y0 * small + x0] * (1 - fx) + low[y0 * small + x1] * fx;
                double bottom = low[y1 * small + x0] * (1 - fx) + low[y1 * small + x1] * fx;
                out[y * size + x] = (float) (top * (1 - fy) + bottom * fy);
            }
        }
        return out;
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }
}
