package org.ross.knime.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Seeded training gives bit-identical weights in two separate JVMs (the packaged runtime, as
 * {@code ./ross} runs it, with {@code MKL_CBWR=AUTO,STRICT}): a short Sort-of-CLEVR -> Image
 * Tokenizer -> Reconstructive Tuner workflow on the tiny preset, run twice.
 */
class CrossJvmDeterminismTest {

    private static final Path RUNTIME = Path.of("..", "org.ross.runtime", "target").toAbsolutePath().normalize();

    static final String WORKFLOW = "{'name': 'det', 'nodes': ["
            + "{'id': 'clevr', 'type': 'sort-of-clevr', 'settings': {'images': 4, 'imageSize': 32, 'questionsPerType': 2, 'seed': 3}},"
            + "{'id': 'tok', 'type': 'image-tokenizer', 'settings': {'imageSize': 32, 'downsampling': 4, 'latentChannels': 4,"
            + "  'baseWidth': 8, 'epochs': 1, 'batchSize': 4, 'device': 'cpu'}},"
            + "{'id': 'tuner', 'type': 'reconstructive-tuner', 'settings': {'preset': 'tiny', 'epochs': 3, 'batchSize': 4,"
            + "  'validationFraction': 0, 'device': 'cpu'}}],"
            + "'connections': [{'from': 'clevr.0', 'to': 'tok.0'}, {'from': 'tok.latents', 'to': 'tuner.examples'}]}";

    private static void ross(Path dir, String out) throws Exception {
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-opens=java.base/java.nio=ALL-UNNAMED", "-Dai.djl.offline=true",
                "-Darrow.allocation.manager.type=Unsafe",
                "-cp", RUNTIME.resolve("classes") + File.pathSeparator + RUNTIME.resolve("lib") + File.separator + "*",
                "org.ross.runtime.Main", "run", "wf.json", "--out", out);
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile())
                .redirectOutput(dir.resolve(out + ".stdout").toFile()).redirectError(dir.resolve(out + ".stderr").toFile());
        pb.environment().put("MKL_CBWR", "AUTO,STRICT");
        Process p = pb.start();
        assertTrue(p.waitFor(180, TimeUnit.SECONDS), "ross run did not finish");
        assertEquals(0, p.exitValue(), Files.readString(dir.resolve(out + ".stderr"), StandardCharsets.UTF_8));
    }

    @Test
    void twoJvmsTrainBitIdenticalWeights(@TempDir Path dir) throws Exception {
        assertTrue(Files.isDirectory(RUNTIME.resolve("lib")),
                "the runtime is not packaged: run the tests with mvn verify, which packages it first");
        Files.writeString(dir.resolve("wf.json"), WORKFLOW.replace('\'', '"'));
        ross(dir, "a");
        ross(dir, "b");
        assertArrayEquals(Files.readAllBytes(dir.resolve("a/tok/tokenizer/model.safetensors")),
                Files.readAllBytes(dir.resolve("b/tok/tokenizer/model.safetensors")), "tokenizer weights");
        assertArrayEquals(Files.readAllBytes(dir.resolve("a/tuner/model/model.safetensors")),
                Files.readAllBytes(dir.resolve("b/tuner/model/model.safetensors")), "tuner weights");
    }
}
