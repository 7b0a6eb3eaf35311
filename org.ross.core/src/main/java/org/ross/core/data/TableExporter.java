package org.ross.core.data;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.ross.core.ProgressMonitor;
import org.ross.core.image.Images;
import org.ross.core.table.ColumnSpec;
import org.ross.core.table.ColumnType;
import org.ross.core.table.Row;
import org.ross.core.table.TableReader;
import org.ross.core.table.TableSpec;

/**
 * Writes a table as CSV or JSON Lines for tools outside KNIME. Image cells become files in the
 * sibling folder {@code <name>_images/row-<index>.<png|jpg>} (format sniffed from the bytes) and
 * the cell holds that relative path; latents become JSON arrays of floats. Everything is written
 * under temporary names and moved into place at the end, so a failure leaves earlier exports intact.
 */
public final class TableExporter {

    public enum Format { CSV, JSONL }

    private static final ObjectMapper JSON = new ObjectMapper();

    private TableExporter() {
    }

    /** Exports {@code table} to {@code target}; returns the row count. */
    public static long export(Path table, Path target, Format format, BufferAllocator allocator,
            ProgressMonitor monitor) {
        Path dir = target.toAbsolutePath().getParent();
        String name = target.getFileName().toString();
        String base = name.contains(".") ? name.substring(0, name.lastIndexOf('.')) : name;
        String imagesName = base + "_images";
        String tag = UUID.randomUUID().toString();
        Path tmpFile = dir.resolve("." + name + ".tmp-" + tag);
        Path tmpImages = dir.resolve("." + imagesName + ".tmp-" + tag);
        try (TableReader reader = TableReader.open(table, allocator)) {
            TableSpec spec = reader.spec();
            Files.createDirectories(tmpImages);
            long n = 0;
            try (Writer out = Files.newBufferedWriter(tmpFile, StandardCharsets.UTF_8)) {
                Cells cells = new Cells(spec, tmpImages, imagesName);
                RowSink sink = format == Format.CSV ? csv(out, spec) : jsonl(out, spec);
                var rows = reader.rows();
                while (rows.hasNext()) {
                    Row row = rows.next();
                    if (row.index() % 256 == 0) {
                        monitor.checkCancelled();
                        monitor.progress((double) row.index() / Math.max(1, reader.rowCount()), "row " + row.index());
                    }
                    sink.accept(cells.of(row));
                    n++;
                }
                sink.finish();
            }
            if (spec.columns().stream().anyMatch(c -> c.type() == ColumnType.IMAGE)) {
                replaceFolder(tmpImages, dir.resolve(imagesName), tag);
            }
            Files.move(tmpFile, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return n;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot export " + table + " to " + target + ": " + e.getMessage(), e);
        } finally {
            deleteTree(tmpFile);
            deleteTree(tmpImages);
        }
    }

    private interface RowSink {
        void accept(List<Object> cells) throws IOException;

        void finish() throws IOException;
    }

    private static RowSink csv(Writer out, TableSpec spec) throws IOException {
        CSVPrinter printer = CSVFormat.DEFAULT.builder()
                .setHeader(spec.columns().stream().map(ColumnSpec::name).toArray(String[]::new)).get().print(out);
        return new RowSink() {
            @Override
            public void accept(List<Object> cells) throws IOException {
                List<Object> text = new ArrayList<>();
                for (Object c : cells) {
                    text.add(c instanceof float[] f ? JSON.writeValueAsString(f) : c);
                }
                printer.printRecord(text);
            }

            @Override
            public void finish() throws IOException {
                printer.flush();
            }
        };
    }

    private static RowSink jsonl(Writer out, TableSpec spec) throws IOException {
        JsonGenerator gen = JSON.getFactory().createGenerator(out);
        gen.configure(JsonGenerator.Feature.AUTO_CLOSE_TARGET, false);
        gen.setRootValueSeparator(null);
        return new RowSink() {
            @Override
            public void accept(List<Object> cells) throws IOException {
                gen.writeStartObject();
                for (int c = 0; c < cells.size(); c++) {
                    gen.writeFieldName(spec.columns().get(c).name());
                    JSON.writeValue(gen, cells.get(c));
                }
                gen.writeEndObject();
                gen.flush();
                out.write('\n');
            }

            @Override
            public void finish() throws IOException {
                gen.close();
            }
        };
    }

    /** Turns a row into plain cells, writing image bytes to files on the way. */
    private record Cells(TableSpec spec, Path imagesDir, String imagesName) {
        List<Object> of(Row row) throws IOException {
            List<Object> out = new ArrayList<>();
            for (int c = 0; c < spec.size(); c++) {
                Object v = row.value(c);
                out.add(v instanceof byte[] bytes ? imageFile(row.index(), spec.columns().get(c), bytes) : v);
            }
            return out;
        }

        /** Writes one image cell and returns its path relative to the export; the column name is
         *  added to the file name only when the table has several image columns. */
        private String imageFile(long index, ColumnSpec column, byte[] bytes) throws IOException {
            String ext = Images.extensionOf(bytes).orElseThrow(() -> new IllegalArgumentException("row " + index
                    + ", column '" + column.name() + "': not a PNG or JPEG image (" + bytes.length + " bytes)"));
            long imageColumns = spec.columns().stream().filter(s -> s.type() == ColumnType.IMAGE).count();
            String file = "row-" + index + (imageColumns > 1 ? "-" + column.name() : "") + "." + ext;
            Files.write(imagesDir.resolve(file), bytes);
            return imagesName + "/" + file;
        }
    }

    /** Puts {@code fresh} where {@code folder} is, removing the old folder only after the swap. */
    private static void replaceFolder(Path fresh, Path folder, String tag) throws IOException {
        Path old = folder.resolveSibling("." + folder.getFileName() + ".old-" + tag);
        if (Files.exists(folder)) {
            Files.move(folder, old, StandardCopyOption.ATOMIC_MOVE);
        }
        Files.move(fresh, folder, StandardCopyOption.ATOMIC_MOVE);
        deleteTree(old);
    }

    private static void deleteTree(Path path) {
        if (!Files.exists(path)) {
            return;
        }
        try (Stream<Path> all = Files.walk(path)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException ignored) {
            // a leftover hidden temporary is harmless; the export's own result was already decided
        }
    }
}
