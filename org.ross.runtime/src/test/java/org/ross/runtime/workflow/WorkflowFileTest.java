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
    void missingFileIsNamed(@TempDir Path dir) {
        var e = assertThrows(WorkflowException.class, () -> WorkflowFile.read(dir.resolve("none.json")));
        assertEquals(dir.resolve("none.json") + ": no such file", e.getMessage());
    }
}
