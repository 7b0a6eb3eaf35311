package org.ross.core.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.ross.core.io.JsonProblems;

/**
 * The safetensors weight format (huggingface/safetensors) for float32 tensors: an 8-byte
 * little-endian header length, a JSON header
 * {@code {"__metadata__": {...}, name: {"dtype": "F32", "shape": [...], "data_offsets": [b, e]}}},
 * then the raw little-endian data.
 *
 * <p>DJL 0.36 can encode an {@code NDList} as safetensors, but it writes no {@code __metadata__},
 * orders the header by a hash map and needs the tensors on an engine. We write the canonical form
 * instead: names sorted, data in name order, header padded with spaces to a multiple of 8 bytes
 * (as the Python writer does), so that equal weights always give equal bytes.
 */
public final class Safetensors {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String METADATA = "__metadata__";
    private static final long MAX_HEADER = 100L * 1024 * 1024;

    /** What a file holds: tensors by name (sorted) and the string-to-string metadata. */
    public record Contents(Map<String, FloatTensor> tensors, Map<String, String> metadata) {
        public Contents {
            tensors = Collections.unmodifiableMap(new TreeMap<>(tensors));
            metadata = Collections.unmodifiableMap(new TreeMap<>(metadata));
        }
    }

    private Safetensors() {
    }

    public static void write(Path file, Map<String, FloatTensor> tensors, Map<String, String> metadata)
            throws IOException {
        Files.write(file, encode(tensors, metadata));
    }

    public static Contents read(Path file) throws IOException {
        try {
            return decode(Files.readAllBytes(file));
        } catch (IllegalArgumentException e) {
            throw new IOException(file + ": " + e.getMessage(), e);
        }
    }

    public static byte[] encode(Map<String, FloatTensor> tensors, Map<String, String> metadata) {
        Map<String, FloatTensor> sorted = new TreeMap<>(tensors);
        Map<String, Object> header = new LinkedHashMap<>();
        if (!metadata.isEmpty()) {
            header.put(METADATA, new TreeMap<>(metadata));
        }
        long offset = 0;
        for (Map.Entry<String, FloatTensor> e : sorted.entrySet()) {
            if (e.getKey().equals(METADATA)) {
                throw new IllegalArgumentException("a tensor may not be named " + METADATA);
            }
            long end = offset + 4L * e.getValue().data().length;
            Map<String, Object> info = new LinkedHashMap<>();
            info.put("dtype", "F32");
            info.put("shape", e.getValue().shape());
            info.put("data_offsets", new long[] {offset, end});
            header.put(e.getKey(), info);
            offset = end;
        }
        byte[] json;
        try {
            json = JSON.writeValueAsString(header).getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a safetensors header", e);
        }
        int padded = (json.length + 7) / 8 * 8;
        ByteBuffer out = ByteBuffer.allocate(Math.toIntExact(8 + padded + offset))
                .order(ByteOrder.LITTLE_ENDIAN);
        out.putLong(padded);
        out.put(json);
        for (int i = json.length; i < padded; i++) {
            out.put((byte) ' ');
        }
        for (FloatTensor t : sorted.values()) {
            out.asFloatBuffer().put(t.data());
            out.position(out.position() + 4 * t.data().length);
        }
        return out.array();
    }

    public static Contents decode(byte[] bytes) {
        ByteBuffer in = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        if (bytes.length < 8) {
            throw new IllegalArgumentException("not a safetensors file: " + bytes.length + " bytes, "
                    + "expected at least an 8-byte header length");
        }
        long headerLength = in.getLong();
        if (headerLength < 2 || headerLength > MAX_HEADER || 8 + headerLength > bytes.length) {
            throw new IllegalArgumentException("not a safetensors file: header length " + headerLength
                    + " does not fit a file of " + bytes.length + " bytes");
        }
        JsonNode header;
        try {
            header = JSON.readTree(new String(bytes, 8, (int) headerLength, StandardCharsets.UTF_8));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("safetensors header is not JSON: " + JsonProblems.message(e), e);
        }
        int dataStart = 8 + (int) headerLength;
        long dataLength = bytes.length - dataStart;
        Map<String, FloatTensor> tensors = new TreeMap<>();
        Map<String, String> metadata = new TreeMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = header.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String name = e.getKey();
            JsonNode info = e.getValue();
            if (name.equals(METADATA)) {
                info.fields().forEachRemaining(m -> metadata.put(m.getKey(), m.getValue().asText()));
                continue;
            }
            String dtype = info.path("dtype").asText();
            if (!dtype.equals("F32")) {
                throw new IllegalArgumentException("tensor '" + name + "' has dtype " + dtype
                        + "; only F32 is supported (convert the weights to float32)");
            }
            List<Long> dims = new ArrayList<>();
            info.path("shape").forEach(d -> dims.add(d.asLong()));
            long[] shape = dims.stream().mapToLong(Long::longValue).toArray();
            long begin = info.path("data_offsets").path(0).asLong(-1);
            long end = info.path("data_offsets").path(1).asLong(-1);
            long count = 1;
            for (long d : shape) {
                count *= d;
            }
            if (begin < 0 || end < begin || end > dataLength || end - begin != 4 * count) {
                throw new IllegalArgumentException("tensor '" + name + "' has data_offsets [" + begin
                        + ", " + end + "] but shape " + dims + " needs " + 4 * count
                        + " bytes within " + dataLength + " data bytes");
            }
            float[] data = new float[(int) count];
            ByteBuffer.wrap(bytes, dataStart + (int) begin, (int) (end - begin))
                    .order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(data);
            tensors.put(name, new FloatTensor(shape, data));
        }
        return new Contents(tensors, metadata);
    }
}
