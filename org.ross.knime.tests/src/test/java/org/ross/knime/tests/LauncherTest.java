package org.ross.knime.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command line as the launcher runs it: a separate JVM on {@code target/classes} plus the
 * dependencies the runtime module copies to {@code target/lib} at package time.
 */
class LauncherTest {

    private static final Path RUNTIME = Path.of("..", "org.ross.runtime", "target").toAbsolutePath().normalize();

    record Result(int code, String out, String err) {
    }

    private static Result ross(Path workDir, String... args) throws Exception {
        assertTrue(Files.isDirectory(RUNTIME.resolve("lib")),
                "the runtime is not packaged: run the tests with mvn verify, which packages it first");
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-opens=java.base/java.nio=ALL-UNNAMED", "-Dai.djl.offline=true",
                "-Darrow.allocation.manager.type=Unsafe",
                "-cp", RUNTIME.resolve("classes") + File.pathSeparator + RUNTIME.resolve("lib") + File.separator + "*",
                "org.ross.runtime.Main"));
        command.addAll(List.of(args));
        Path out = workDir.resolve("stdout.txt");
        Path err = workDir.resolve("stderr.txt");
        Process p = new ProcessBuilder(command).directory(workDir.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "ross " + String.join(" ", args) + " did not finish");
        return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }

    @Test
    void nodesRunsFromThePackagedClassPath(@TempDir Path dir) throws Exception {
        Result r = ross(dir, "nodes");
        assertEquals(0, r.code(), r.err());
        assertEquals("", r.err());
    }

    @Test
    void badWorkflowExitsTwoWithAMessageAndNoStackTrace(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("wf.json"), "{\"name\": \"bad\", \"nodes\": [{\"id\": \"x\", \"type\": \"nope\"}]}");
        Result r = ross(dir, "run", "wf.json");
        assertEquals(2, r.code());
        assertTrue(r.err().startsWith("ross: node 'x': unknown node type 'nope'; known types:"), r.err());
        assertFalse(r.err().contains("\tat "), r.err());
        assertFalse(Files.exists(dir.resolve("out")), "nothing may be written for a bad workflow");
    }

    @Test
    void usageErrorsExitTwo(@TempDir Path dir) throws Exception {
        assertEquals(2, ross(dir).code());
        assertEquals(2, ross(dir, "describe", "nope").code());
        assertEquals(2, ross(dir, "run").code());
    }
}
