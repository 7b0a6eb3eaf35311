package org.ross.runtime.workflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WorkflowFileTest {

    @Test
    void readsTheDocumentedFormat(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("demo.json");
        Files.writeString(file, """
                {"name": "demo", "description": "two nodes",
                 "nodes": [{"id": "clevr", "type": "sort-of-clevr", "settings": {"images": 64, "noise": 0.5}},
                           {"id": "tok", "type": "image-tokenizer"}],
                 "connections": [{"from": "clevr.0", "to": "tok.images"}]}
                """);
        WorkflowFile wf = WorkflowFile.read(file);
        assertEquals("demo", wf.name());
        assertEquals("two nodes", wf.description());
        assertEquals(List.of("clevr", "tok"), wf.nodes().stream().map(WorkflowFile.NodeEntry::id).toList());
        assertEquals(64, wf.nodes().get(0).settings().get("images"));
        assertEquals(0.5, wf.nodes().get(0).settings().get("noise"));
        assertTrue(wf.nodes().get(1).settings().isEmpty());
        assertEquals(List.of(new WorkflowFile.Connection("clevr.0", "tok.images")), wf.connections());
    }

    @Test
    void unknownFieldIsNamedWithTheKnownOnes() {
        var e = assertThrows(WorkflowException.class, () -> WorkflowFile.parse("""
                {"name": "x", "nodez": []}"""));
        assertTrue(e.getMessage().contains("unknown field 'nodez'; known fields: connections, description, name, nodes"),
                e.getMessage());
    }

    @Test
    void malformedJsonGivesTheLine() {
        var e = assertThrows(WorkflowException.class, () -> WorkflowFile.parse("{\"name\": \"x\",\n \"nodes\": [}"));
        assertTrue(e.getMessage().startsWith("workflow (line 2, column"), e.getMessage());
    }

    @Test
    void unclosedJsonNamesWhereTheOpenListStarts() {
        var e = assertThrows(WorkflowException.class, () -> WorkflowFile.parse("{\"name\": \"x\",\n \"nodes\": ["));
        assertEquals("workflow (line 2, column 12): Unexpected end-of-input: expected close marker for Array"
                + " opened at line 2, column 11", e.getMessage());
    }

    @Test
    void wrongKindOfValueNamesThePathAndBothKinds() {
        assertEquals("workflow (line 1, column 1): the workflow must be an object such as {\"name\": ...,"
                + " \"nodes\": [...], \"connections\": [...]}, found a list", message("[1, 2"));
        assertEquals("workflow (line 1, column 1): the workflow must be an object such as {\"name\": ...,"
                + " \"nodes\": [...], \"connections\": [...]}, found a text", message("\"hello\""));
        assertEquals("workflow (line 1, column 11): 'nodes' must be a list, found a text",
                message("{\"nodes\": \"abc\"}"));
        assertEquals("workflow (line 1, column 49): 'nodes[0].settings' must be an object, found a list",
                message("{\"nodes\": [{\"id\": \"a\", \"type\": \"t\", \"settings\": [1]}]}"));
        assertEquals("workflow (line 1, column 25): 'connections[0].to' must be a text, found an object",
                message("{\"connections\": [{\"to\": {}}]}"));
    }

    @Test
    void nullEntriesAreKeptForTheCompilerToName() throws Exception {
        WorkflowFile wf = WorkflowFile.parse("{\"nodes\": [null], \"connections\": [null]}");
        assertEquals(java.util.Arrays.asList((WorkflowFile.NodeEntry) null), wf.nodes());
        assertEquals(java.util.Arrays.asList((WorkflowFile.Connection) null), wf.connections());
    }

    @Test
    void emptyFileSaysSo(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("empty.json");
        Files.writeString(file, "  \n");
        var e = assertThrows(WorkflowException.class, () -> WorkflowFile.read(file));
        assertEquals(file + ": no JSON in it; expected an object such as {\"name\": ..., \"nodes\": [...],"
                + " \"connections\": [...]}", e.getMessage());
    }

    private static String message(String json) {
        return assertThrows(WorkflowException.class, () -> WorkflowFile.parse(json)).getMessage();
    }

    @Test
    void missingFileIsNamed(@TempDir Path dir) {
        var e = assertThrows(WorkflowException.class, () -> WorkflowFile.read(dir.resolve("none.json")));
        assertEquals(dir.resolve("none.json") + ": no such file", e.getMessage());
    }
}
