package org.ross.core.data;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.ross.core.ProgressMonitor;
import org.ross.core.io.JsonProblems;
import org.ross.core.table.ColumnSpec;
import org.ross.core.table.TableSpec;
import org.ross.core.table.TableWriter;

/**
 * Imports a folder of PNG/JPEG files. Without annotations: one row per file (sorted by relative
 * path, recursive) with columns image, path. With a CSV (header image,question,answer; further
 * columns are copied as text) or JSONL file (objects with image, question, answer): one row per
 * record, columns image, path, question, answer[, extras], the image looked up by relative path.
 */
public final class ImageFolderImporter {

    private static final List<String> REQUIRED = List.of("image", "question", "answer");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path folder;
    private final Optional<Path> annotations;
    private TableSpec spec; // read once per importer: configure and execute each make their own

    /** {@code annotations} is a .csv or .jsonl file, or empty for the plain folder listing. */
    public ImageFolderImporter(Path folder, Optional<Path> annotations) {
        this.folder = folder;
        this.annotations = annotations;
        annotations.ifPresent(ImageFolderImporter::isCsv); // fails early on other extensions
    }

    /** The output columns; reads only the CSV header line, on the first call. */
    public TableSpec spec() {
        if (spec == null) {
            spec = readSpec();
        }
        return spec;
    }

    private TableSpec readSpec() {
        TableSpec columns = TableSpec.of(ColumnSpec.image("image"), ColumnSpec.text("path"));
        if (annotations.isEmpty()) {
            return columns;
        }
        for (String q : List.of("question", "answer")) {
            columns = columns.append(ColumnSpec.text(q));
        }
        if (isCsv(annotations.get())) {
            for (String extra : csvHeader()) {
                if (!REQUIRED.contains(extra) && !extra.equals("path")) {
                    columns = columns.append(ColumnSpec.text(extra));
                }
            }
        }
        return columns;
    }

    /** Writes the table at {@code target}; returns its row count. */
    public long write(Path target, BufferAllocator allocator, ProgressMonitor monitor) {
        ImageFiles images = new ImageFiles(folder);
        TableSpec spec = spec();
        try (TableWriter out = TableWriter.create(target, spec, allocator)) {
            if (annotations.isEmpty()) {
                List<String> files = images.list();
                for (int i = 0; i < files.size(); i++) {
                    tick(monitor, i, files.size());
                    out.addRow(images.read(files.get(i), "file " + (i + 1)), files.get(i));
                }
            } else if (isCsv(annotations.get())) {
                writeCsv(out, spec, images, monitor);
            } else {
                writeJsonl(out, images, monitor);
            }
            out.commit();
            return out.rowsWritten();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + annotations.orElse(folder) + ": " + e.getMessage(), e);
        }
    }

    private void writeCsv(TableWriter out, TableSpec spec, ImageFiles images, ProgressMonitor monitor) throws IOException {
        Path csv = annotations.get();
        try (Reader in = Files.newBufferedReader(csv, StandardCharsets.UTF_8);
                CSVParser parser = csvFormat().parse(in)) {
            for (CSVRecord record : parser) {
                String where = csv.getFileName() + " line " + parser.getCurrentLineNumber();
                tick(monitor, record.getRecordNumber(), -1);
                Object[] row = new Object[spec.size()];
                String path = record.get("image");
                row[0] = images.read(path, where);
                row[1] = path;
                for (int c = 2; c < spec.size(); c++) {
                    String name = spec.columns().get(c).name();
                    row[c] = record.isSet(name) ? record.get(name) : null;
                }
                out.addRow(row);
            }
        }
    }

    private void writeJsonl(TableWriter out, ImageFiles images, ProgressMonitor monitor) throws IOException {
        Path jsonl = annotations.get();
        try (BufferedReader in = Files.newBufferedReader(jsonl, StandardCharsets.UTF_8)) {
            String line;
            int number = 0;
            while ((line = in.readLine()) != null) {
                number++;
                if (line.isBlank()) {
                    continue;
                }
                String where = jsonl.getFileName() + " line " + number;
                tick(monitor, number, -1);
                JsonNode node;
                try {
                    node = JSON.readTree(line);
                } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                    throw new IllegalArgumentException(where + ": not a JSON object: " + JsonProblems.message(e), e);
                }
                String[] values = new String[REQUIRED.size()];
                for (int k = 0; k < values.length; k++) {
                    JsonNode v = node.get(REQUIRED.get(k));
                    if (v == null || !v.isTextual()) {
                        throw new IllegalArgumentException(where + ": expected a text field '" + REQUIRED.get(k)
                                + "', found " + (v == null ? "none" : v.getNodeType().toString().toLowerCase(Locale.ROOT)));
                    }
                    values[k] = v.asText();
                }
                out.addRow(images.read(values[0], where), values[0], values[1], values[2]);
            }
        }
    }

    private List<String> csvHeader() {
        try (Reader in = Files.newBufferedReader(annotations.get(), StandardCharsets.UTF_8);
                CSVParser parser = csvFormat().parse(in)) {
            List<String> header = new ArrayList<>(parser.getHeaderNames());
            if (!header.containsAll(REQUIRED)) {
                throw new IllegalArgumentException(annotations.get() + ": CSV header must contain "
                        + REQUIRED + ", found " + header);
            }
            return header;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + annotations.get() + ": " + e.getMessage(), e);
        }
    }

    private static CSVFormat csvFormat() {
        return CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get();
    }

    private static boolean isCsv(Path annotations) {
        String name = annotations.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".csv")) {
            return true;
        }
        if (name.endsWith(".jsonl")) {
            return false;
        }
        throw new IllegalArgumentException("annotations file " + annotations + " must end in .csv or .jsonl");
    }

    private static void tick(ProgressMonitor monitor, long i, long total) {
        if (i % 256 == 0) {
            monitor.checkCancelled();
            monitor.progress(total > 0 ? (double) i / total : 0, "record " + i);
        }
    }
}
