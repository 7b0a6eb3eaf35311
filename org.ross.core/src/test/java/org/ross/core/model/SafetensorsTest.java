package org.ross.core.model;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SafetensorsTest {

    @Test
    void encodesTheCanonicalBytes() {
        Map<String, FloatTensor> tensors = Map.of(
                "b", new FloatTensor(new long[] {2}, new float[] {1f, -2f}),
                "a", new FloatTensor(new long[] {1, 1}, new float[] {0.5f}));
        byte[] bytes = Safetensors.encode(tensors, Map.of("k", "v"));

        // by hand: names sorted, data in name order, header padded with one space to 136 bytes
        String header = "{\"__metadata__\":{\"k\":\"v\"},"
                + "\"a\":{\"dtype\":\"F32\",\"shape\":[1,1],\"data_offsets\":[0,4]},"
                + "\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[4,12]}} ";
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        expected.writeBytes(new byte[] {(byte) 136, 0, 0, 0, 0, 0, 0, 0});
        expected.writeBytes(header.getBytes(StandardCharsets.UTF_8));
        expected.writeBytes(new byte[] {0, 0, 0, 0x3F}); // 0.5f
        expected.writeBytes(new byte[] {0, 0, (byte) 0x80, 0x3F}); // 1.0f
        expected.writeBytes(new byte[] {0, 0, 0, (byte) 0xC0}); // -2.0f
        assertEquals(136, header.length());
        assertArrayEquals(expected.toByteArray(), bytes);
    }

    @Test
    void roundTripsThroughAFile(@TempDir Path dir) throws Exception {
        float[] values = new float[2 * 3 * 4];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) Math.sin(i) * 1e3f;
        }
        Map<String, FloatTensor> tensors = Map.of(
                "encoder.conv_in.weight", new FloatTensor(new long[] {2, 3, 4}, values),
                "scalar", new FloatTensor(new long[] {}, new float[] {Float.MIN_VALUE}),
                "empty", new FloatTensor(new long[] {0, 5}, new float[0]));
        Path file = dir.resolve("w.safetensors");
        Safetensors.write(file, tensors, Map.of("kind", "tokenizer"));
        Safetensors.Contents back = Safetensors.read(file);
        assertEquals(tensors, back.tensors());
        assertEquals(Map.of("kind", "tokenizer"), back.metadata());
    }

    @Test
    void readsHeadersWithoutMetadataAndRejectsOtherDtypes() {
        String header = "{\"x\":{\"dtype\":\"F16\",\"shape\":[1],\"data_offsets\":[0,2]}}";
        ByteBuffer buf = ByteBuffer.allocate(8 + header.length() + 2).order(ByteOrder.LITTLE_ENDIAN);
        buf.putLong(header.length()).put(header.getBytes(StandardCharsets.UTF_8)).putShort((short) 0);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Safetensors.decode(buf.array()));
        assertTrue(e.getMessage().contains("'x' has dtype F16"), e.getMessage());
        assertTrue(Safetensors.decode(Safetensors.encode(Map.of(), Map.of())).tensors().isEmpty());
    }

    @Test
    void rejectsTruncatedData() {
        byte[] bytes = Safetensors.encode(Map.of("a", new FloatTensor(new long[] {4}, new float[4])), Map.of());
        byte[] cut = java.util.Arrays.copyOf(bytes, bytes.length - 4);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Safetensors.decode(cut));
        assertTrue(e.getMessage().contains("data_offsets"), e.getMessage());
    }
}
