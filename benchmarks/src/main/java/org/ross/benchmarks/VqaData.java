package org.ross.benchmarks;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.ross.core.image.Images;
import org.ross.core.table.ColumnType;
import org.ross.core.table.Row;
import org.ross.core.table.TableReader;
import org.ross.core.table.TableSpec;

/**
 * Examples read from a table: images (shared per distinct image), texts, the Sort-of-CLEVR question template
 * when the table has one (else null), optional posteriors.
 */
record VqaData(float[][] images, String[] questions, String[] answers, String[] types, String[] templates,
               float[][] posteriors, String[] shareOfAnswer) {

    /**
     * The same examples with, per question, {@link ShareOfAnswer#MAJORITY} or {@link ShareOfAnswer#MINORITY} (null:
     * not split), so that accuracy is also scored separately on the two groups.
     */
    VqaData withShareOfAnswer(String[] groups) {
        if (groups.length != questions.length) {
            throw new IllegalArgumentException(groups.length + " groups for " + questions.length + " questions");
        }
        return new VqaData(images, questions, answers, types, templates, posteriors, groups);
    }

    /** Reads examples; images are decoded once per distinct byte content and shared between their rows. */
    static VqaData read(Path table, String typeColumn, int size, Images.ColorMode mode, BufferAllocator allocator) {
        List<float[]> images = new ArrayList<>();
        List<String> questions = new ArrayList<>();
        List<String> answers = new ArrayList<>();
        List<String> types = new ArrayList<>();
        List<String> templates = new ArrayList<>();
        List<float[]> posteriors = new ArrayList<>();
        Map<ByteBuffer, float[]> decoded = new HashMap<>();
        try (TableReader reader = TableReader.open(table, allocator)) {
            TableSpec s = reader.spec();
            int image = s.require("image", ColumnType.IMAGE);
            int question = s.require("question", ColumnType.TEXT);
            int answer = s.require("answer", ColumnType.TEXT);
            int type = s.require(typeColumn, ColumnType.TEXT);
            int latent = s.indexOf("latent");
            int template = s.indexOf("template");
            reader.forEachRow((Row r) -> {
                byte[] bytes = r.bytes(image);
                // rows of one image share identical PNG bytes (a wrapped buffer compares by content)
                images.add(decoded.computeIfAbsent(ByteBuffer.wrap(bytes),
                        k -> Images.toChw(Images.decode(bytes), size, mode)));
                questions.add(r.text(question));
                answers.add(r.text(answer));
                types.add(r.text(type));
                if (template >= 0) {
                    templates.add(r.text(template));
                }
                if (latent >= 0) {
                    posteriors.add(r.floats(latent));
                }
            });
        }
        return new VqaData(images.toArray(new float[0][]), questions.toArray(new String[0]),
                answers.toArray(new String[0]), types.toArray(new String[0]),
                templates.isEmpty() ? null : templates.toArray(new String[0]),
                posteriors.isEmpty() ? null : posteriors.toArray(new float[0][]), null);
    }
}
