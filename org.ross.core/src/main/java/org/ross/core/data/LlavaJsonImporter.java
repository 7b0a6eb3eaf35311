package org.ross.core.data;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import org.apache.arrow.memory.BufferAllocator;
import org.ross.core.ProgressMonitor;
import org.ross.core.io.JsonProblems;
import org.ross.core.table.ColumnSpec;
import org.ross.core.table.TableSpec;
import org.ross.core.table.TableWriter;

/**
 * Imports LLaVA-style instruction data: a JSON array of
 * {@code {"id", "image", "conversations": [{"from": "human", "value": "<image>\nQ"},
 * {"from": "gpt", "value": "A"}, ...]}} plus the folder its image paths are relative to. Each
 * (human, gpt) pair becomes one row; {@code turn} counts pairs from 0 within an entry. The array is
 * streamed: only one entry is held as a tree at a time. Entries without an image are an error,
 * since every row of our tables needs one.
 */
public final class LlavaJsonImporter {

    static final String PLACEHOLDER = "<image>";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path json;
    private final Path imageFolder;

    public LlavaJsonImporter(Path json, Path imageFolder) {
        this.json = json;
        this.imageFolder = imageFolder;
    }

    /** The output columns: id, image, question, answer, turn. */
    public static TableSpec spec() {
        return TableSpec.of(ColumnSpec.text("id"), ColumnSpec.image("image"), ColumnSpec.text("question"),
                ColumnSpec.text("answer"), ColumnSpec.int64("turn"));
    }

    /** Writes the table at {@code target}; returns its row count. */
    public long write(Path target, BufferAllocator allocator, ProgressMonitor monitor) {
        ImageFiles images = new ImageFiles(imageFolder);
        try (JsonParser parser = new JsonFactory(JSON).createParser(json.toFile());
                TableWriter out = TableWriter.create(target, spec(), allocator)) {
            if (parser.nextToken() != JsonToken.START_ARRAY) {
                throw new IllegalArgumentException(json + ": expected a JSON array of entries");
            }
            int index = 0;
            while (parser.nextToken() == JsonToken.START_OBJECT) {
                if (index % 256 == 0) {
                    monitor.checkCancelled();
                    monitor.progress(0, "entry " + index);
                }
                JsonNode entry = parser.readValueAsTree();
                writeEntry(entry, index++, images, out);
            }
            if (parser.currentToken() != JsonToken.END_ARRAY) {
                throw new IllegalArgumentException(json + ": entry " + index + " is not a JSON object");
            }
            out.commit();
            return out.rowsWritten();
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            var at = e.getLocation();
            throw new IllegalArgumentException(json + ": invalid JSON at line " + at.getLineNr() + ", column "
                    + at.getColumnNr() + ": " + JsonProblems.message(e), e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + json + ": " + e.getMessage(), e);
        }
    }

    private void writeEntry(JsonNode entry, int index, ImageFiles images, TableWriter out) {
        String id = entry.hasNonNull("id") ? entry.get("id").asText() : Integer.toString(index);
        String where = json.getFileName() + " entry " + index + " (id '" + id + "')";
        JsonNode image = entry.get("image");
        if (image == null || !image.isTextual()) {
            throw new IllegalArgumentException(where + ": expected a text field 'image'");
        }
        JsonNode turns = entry.get("conversations");
        if (turns == null || !turns.isArray() || turns.isEmpty() || turns.size() % 2 != 0) {
            throw new IllegalArgumentException(where + ": expected 'conversations' as a non-empty array of"
                    + " alternating human and gpt turns, found " + (turns == null ? "none" : turns.size() + " elements"));
        }
        byte[] bytes = images.read(image.asText(), where);
        for (int k = 0; k < turns.size(); k += 2) {
            String question = value(turns.get(k), "human", where, k);
            String answer = value(turns.get(k + 1), "gpt", where, k + 1);
            out.addRow(id, bytes, stripPlaceholder(question), answer, (long) (k / 2));
        }
    }

    private static String value(JsonNode turn, String from, String where, int k) {
        if (turn == null || !turn.isObject() || !turn.path("from").asText().equals(from)
                || !turn.path("value").isTextual()) {
            throw new IllegalArgumentException(where + ": conversation turn " + k + " should be {\"from\": \""
                    + from + "\", \"value\": text}, found " + turn);
        }
        return turn.get("value").asText();
    }

    /** The question without the {@code <image>} placeholder and the newline that separates it. */
    static String stripPlaceholder(String value) {
        return value.replace(PLACEHOLDER + "\n", "").replace("\n" + PLACEHOLDER, "").replace(PLACEHOLDER, "").strip();
    }
}
