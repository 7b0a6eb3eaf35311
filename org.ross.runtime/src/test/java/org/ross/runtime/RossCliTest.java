package org.ross.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ross.runtime.exec.CancelToken;
import org.ross.runtime.testnodes.TestNodes;

class RossCliTest {

    @TempDir
    Path dir;

    private String stdout = "";
    private String stderr = "";

    private int ross(CancelToken cancel, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Ross.execute(args, TestNodes.registry(), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), cancel, false);
        stdout = out.toString(StandardCharsets.UTF_8);
        stderr = err.toString(StandardCharsets.UTF_8);
        return code;
    }

    private int ross(String... args) {
        return ross(new CancelToken(), args);
    }

    private String workflow(String json) throws Exception {
        Path file = dir.resolve("wf.json");
        Files.writeString(file, json.replace('\'', '"'));
        return file.toString();
    }

    private String twoNodes() throws Exception {
        return workflow("{'name': 'two', 'nodes': [{'id': 'src', 'type': 'test-source'},"
                + "{'id': 'copy', 'type': 'test-copy'}], 'connections': [{'from': 'src.0', 'to': 'copy.0'}]}");
    }

    @Test
    void runSucceedsWithZeroAndPrintsTheSummary() throws Exception {
        assertEquals(0, ross("run", twoNodes(), "--out", dir.resolve("o").toString()), stderr);
        assertTrue(stdout.contains("copy.table  " + dir.resolve("o/copy/table.arrow")), stdout);
        assertTrue(stdout.contains("table, 3 rows; columns: id (int64), label (text)"), stdout);
        assertTrue(stderr.contains("[2/2] copy  done in"), stderr);
    }

    @Test
    void setOverridesASetting() throws Exception {
        assertEquals(0, ross("run", twoNodes(), "--out", dir.resolve("o").toString(), "--set", "src.rows=7"), stderr);
        assertTrue(stdout.contains("table, 7 rows"), stdout);
    }

    @Test
    void badWorkflowExitsWithTwoAndNoStackTrace() throws Exception {
        String wf = workflow("{'nodes': [{'id': 'copy', 'type': 'test-copy'}]}");
        assertEquals(2, ross("run", wf));
        assertEquals("ross: node 'copy' (test-copy): required input 0 'table' (table) is not connected\n", stderr);
    }

    @Test
    void badSetExitsWithTwo() throws Exception {
        assertEquals(2, ross("run", twoNodes(), "--set", "rows=3"));
        assertEquals("ross: --set rows=3: expected NODE.SETTING=VALUE, for example --set tok.epochs=5\n", stderr);
        assertEquals(2, ross("run", twoNodes(), "--set", "src.rows=-1"));
        assertTrue(stderr.contains("setting 'rows' expected an integer in [0, 1000], found \"-1\""), stderr);
    }

    @Test
    void outThatIsAFileExitsWithTwoBeforeAnyNodeRuns() throws Exception {
        Path file = Files.writeString(dir.resolve("taken"), "keep me");
        assertEquals(2, ross("run", twoNodes(), "--out", file.toString()));
        assertEquals("ross: --out " + file + " is a file; give a directory (it is created if missing)\n", stderr);
        assertEquals("keep me", Files.readString(file));
    }

    @Test
    void fileSystemProblemsAreNamedWithoutExceptionClasses() {
        assertEquals("/o/x: permission denied", RunCommand.describe(new AccessDeniedException("/o/x")));
        assertEquals("/o/x: not a directory", RunCommand.describe(new NotDirectoryException("/o/x")));
        assertEquals("/o/x: No space left on device",
                RunCommand.describe(new FileSystemException("/o/x", null, "No space left on device")));
        assertEquals("disk gone", RunCommand.describe(new IOException("disk gone")));
    }

    @Test
    void unreadableJsonAndUnknownOptionsExitWithTwo() throws Exception {
        assertEquals(2, ross("run", workflow("{'nodes': [")));
        assertFalse(stderr.contains("\tat "), stderr);
        assertEquals(2, ross("run", twoNodes(), "--bogus"));
        assertEquals(2, ross());
    }

    @Test
    void nodeFailureExitsWithOneNamingNodeAndCause() throws Exception {
        String out = dir.resolve("o").toString();
        assertEquals(1, ross("run", twoNodes(), "--out", out, "--set", "copy.failAtRow=2"));
        assertTrue(stderr.contains("ross: node 'copy' (test-copy) failed: row 2, column 'id': test failure\n"), stderr);
        assertFalse(stderr.contains("\tat "), stderr);
        assertEquals(1, ross("run", twoNodes(), "--out", out, "--set", "copy.failAtRow=2", "--verbose"));
        assertTrue(stderr.contains("\tat org.ross.runtime.testnodes.CopyNode.execute"), stderr);
    }

    @Test
    void cancelExitsWith130() throws Exception {
        CancelToken cancel = new CancelToken();
        cancel.cancel();
        assertEquals(130, ross(cancel, "run", twoNodes(), "--out", dir.resolve("o").toString()));
        assertTrue(stderr.startsWith("ross: cancelled"), stderr);
    }

    @Test
    void nodesListsEveryTypeWithPortsAndSettings() {
        assertEquals(0, ross("nodes"));
        for (String type : TestNodes.registry().types()) {
            assertTrue(stdout.contains(type + "  Test " + type), stdout);
        }
        assertTrue(stdout.contains("    1 base             model, optional; model to start from"), stdout);
        assertTrue(stdout.contains("    rows                 an integer in [0, 1000], default 3; rows to write"), stdout);
    }

    @Test
    void describeOneTypeOrExitTwoForAnUnknownOne() {
        assertEquals(0, ross("describe", "test-copy"));
        assertTrue(stdout.startsWith("test-copy  Test test-copy\n  A node for runtime tests.\n  inputs:\n"), stdout);
        assertEquals(2, ross("describe", "nope"));
        assertEquals("ross: unknown node type 'nope'; known types: test-source, test-copy, test-model, test-leak\n",
                stderr);
    }
}
