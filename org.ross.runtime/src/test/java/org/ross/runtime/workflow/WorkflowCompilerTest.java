package org.ross.runtime.workflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.ross.knime.nodes.spi.TablePortSpec;
import org.ross.runtime.testnodes.TestNodes;
import org.ross.runtime.testnodes.TestTables;

class WorkflowCompilerTest {

    /** JSON with ' for ", so workflows fit on a line. */
    static WorkflowFile workflow(String json) throws WorkflowException {
        return WorkflowFile.parse(json.replace('\'', '"'));
    }

    private static CompiledWorkflow compile(String json, Map<String, Map<String, String>> overrides)
            throws WorkflowException {
        return new WorkflowCompiler(TestNodes.registry()).compile(workflow(json), overrides);
    }

    private static CompiledWorkflow compile(String json) throws WorkflowException {
        return compile(json, Map.of());
    }

    /** The single problem compiling {@code json} reports. */
    private static String problem(String json) {
        var e = assertThrows(WorkflowException.class, () -> compile(json));
        assertEquals(1, e.problems().size(), e.getMessage());
        return e.getMessage();
    }

    private static final String SRC = "{'id': 'src', 'type': 'test-source'}";
    private static final String COPY = "{'id': 'copy', 'type': 'test-copy'}";

    @Test
    void ordersNodesSoInputsComeFirstKeepingFileOrderForTies() throws Exception {
        CompiledWorkflow wf = compile("{'name': 'w', 'nodes': ["
                + "{'id': 'c2', 'type': 'test-copy'}, {'id': 'm', 'type': 'test-model'},"
                + "{'id': 'c1', 'type': 'test-copy'}, {'id': 'b', 'type': 'test-source'}, " + SRC + "],"
                + "'connections': [{'from': 'c1.0', 'to': 'c2.0'}, {'from': 'src.0', 'to': 'c1.0'},"
                + "{'from': 'b.0', 'to': 'm.0'}]}");
        assertEquals(List.of("b", "m", "src", "c1", "c2"), wf.order().stream().map(PlannedNode::id).toList());
    }

    @Test
    void propagatesSpecsAndAcceptsPortNames() throws Exception {
        CompiledWorkflow wf = compile("{'name': 'w', 'nodes': [" + SRC + ", " + COPY + "],"
                + "'connections': [{'from': 'src.table', 'to': 'copy.table'}]}");
        PlannedNode copy = wf.order().get(1);
        assertEquals(List.of(new TablePortSpec(TestTables.SPEC)), copy.inSpecs());
        assertEquals(List.of(new PlannedNode.Source("src", 0)), copy.inputs());
    }

    @Test
    void unknownTypeListsKnownTypes() {
        assertEquals("node 'x': unknown node type 'nope'; known types: test-source, test-copy,"
                + " test-model, test-leak", problem("{'nodes': [{'id': 'x', 'type': 'nope'}]}"));
    }

    @Test
    void duplicateAndInvalidIds() {
        assertEquals("duplicate node id 'src' (node 2)", problem("{'nodes': [" + SRC + ", " + SRC + "]}"));
        assertEquals("node 1: id must start with a letter and contain only letters, digits, '_' or '-',"
                + " found 'a.b'", problem("{'nodes': [{'id': 'a.b', 'type': 'test-source'}]}"));
    }

    @Test
    void unknownAndInvalidSettings() {
        assertEquals("node 'src' (test-source): unknown setting 'row'; known settings: rows, prefix",
                problem("{'nodes': [{'id': 'src', 'type': 'test-source', 'settings': {'row': 3}}]}"));
        assertEquals("node 'src' (test-source): setting 'rows' expected an integer in [0, 1000], found 5000",
                problem("{'nodes': [{'id': 'src', 'type': 'test-source', 'settings': {'rows': 5000}}]}"));
    }

    @Test
    void connectionToMissingNodeOrPort() {
        assertEquals("connection src.0 -> nope.0: no node 'nope'; nodes: src",
                problem("{'nodes': [" + SRC + "], 'connections': [{'from': 'src.0', 'to': 'nope.0'}]}"));
        assertEquals("connection src.1 -> copy.0: node 'src' (test-source) has no output port '1';"
                + " outputs: 0 'table' (table)", problem("{'nodes': [" + SRC + ", " + COPY + "],"
                        + " 'connections': [{'from': 'src.1', 'to': 'copy.0'}]}"));
        assertEquals("connection src.0 -> copy.tabel: node 'copy' (test-copy) has no input port 'tabel';"
                + " inputs: 0 'table' (table)", problem("{'nodes': [" + SRC + ", " + COPY + "],"
                        + " 'connections': [{'from': 'src.0', 'to': 'copy.tabel'}]}"));
        assertEquals("connection src -> copy.0: 'from' and 'to' must be <node>.<port>, the port an index"
                + " or a name", problem("{'nodes': [" + SRC + ", " + COPY + "],"
                        + " 'connections': [{'from': 'src', 'to': 'copy.0'}]}"));
    }

    @Test
    void portKindMismatch() {
        assertEquals("connection src.0 -> m.1: output 0 'table' (table) of 'src' is a table but input"
                + " 1 'base' (model) of 'm' takes a model", problem("{'nodes': [" + SRC + ","
                        + " {'id': 'm', 'type': 'test-model'}], 'connections': [{'from': 'src.0', 'to': 'm.0'},"
                        + " {'from': 'src.0', 'to': 'm.1'}]}"));
    }

    @Test
    void twoConnectionsIntoOneInput() {
        assertEquals("connection b.0 -> copy.0: input 0 'table' (table) of 'copy' is already connected"
                + " to src.0; an input takes one connection", problem("{'nodes': [" + SRC + ", "
                        + "{'id': 'b', 'type': 'test-source'}, " + COPY + "], 'connections': ["
                        + "{'from': 'src.0', 'to': 'copy.0'}, {'from': 'b.0', 'to': 'copy.0'}]}"));
    }

    @Test
    void requiredInputLeftUnconnected() {
        assertEquals("node 'copy' (test-copy): required input 0 'table' (table) is not connected",
                problem("{'nodes': [" + COPY + "]}"));
    }

    @Test
    void optionalInputMayStayUnconnected() throws Exception {
        CompiledWorkflow wf = compile("{'nodes': [" + SRC + ", {'id': 'm', 'type': 'test-model'}],"
                + " 'connections': [{'from': 'src.0', 'to': 'm.0'}]}");
        assertEquals(null, wf.order().get(1).inputs().get(1));
    }

    @Test
    void cycleNamesItsNodes() {
        assertEquals("cycle: a -> b -> c -> a", problem("{'nodes': [" + SRC + ", "
                + "{'id': 'a', 'type': 'test-copy'}, {'id': 'b', 'type': 'test-copy'},"
                + "{'id': 'c', 'type': 'test-copy'}, {'id': 'd', 'type': 'test-copy'}], 'connections': ["
                + "{'from': 'c.0', 'to': 'a.0'}, {'from': 'a.0', 'to': 'b.0'}, {'from': 'b.0', 'to': 'c.0'},"
                + "{'from': 'c.0', 'to': 'd.0'}]}"));
    }

    @Test
    void reportsAllStructuralProblemsTogether() {
        var e = assertThrows(WorkflowException.class, () -> compile("{'nodes': [" + SRC + ", " + SRC
                + ", {'id': 'x', 'type': 'nope'}, " + COPY + "]}"));
        assertEquals(3, e.problems().size(), e.getMessage());
        assertEquals("3 problems:\n  duplicate node id 'src' (node 2)\n"
                + "  node 'x': unknown node type 'nope'; known types: test-source, test-copy, test-model, test-leak\n"
                + "  node 'copy' (test-copy): required input 0 'table' (table) is not connected", e.getMessage());
    }

    @Test
    void missingColumnIsFoundByConfigureBeforeExecution() {
        assertEquals("node 'copy' (test-copy): column 'nope' (int64) not found; the table has:"
                + " id (int64), label (text)", problem("{'nodes': [" + SRC + ", {'id': 'copy', 'type':"
                        + " 'test-copy', 'settings': {'column': 'nope'}}], 'connections': [{'from': 'src.0', 'to': 'copy.0'}]}"));
    }

    @Test
    void nullEntriesInTheFileAreNamedNotACrash() {
        var e = assertThrows(WorkflowException.class, () -> compile(
                "{'nodes': [{'id': 'src', 'type': 'test-source'}, null], 'connections': [null]}"));
        assertEquals(List.of("node 2: empty entry", "connection: empty entry"), e.problems());
    }

    @Test
    void anEngineErrorEscapingConfigureIsOneLineNamingTheNode() {
        var e = assertThrows(WorkflowException.class, () -> compile(
                "{'nodes': [{'id': 'src', 'type': 'test-source', 'settings': {'prefix': ' '}}]}"));
        assertEquals("node 'src' (test-source): label prefix is blank", e.getMessage());
    }

    @Test
    void overridesReplaceFileSettingsAndAreValidated() throws Exception {
        String json = "{'nodes': [{'id': 'src', 'type': 'test-source', 'settings': {'rows': 4}}]}";
        assertEquals(4, compile(json).order().get(0).settings().getInt("rows"));
        assertEquals(7, compile(json, Map.of("src", Map.of("rows", "7"))).order().get(0).settings().getInt("rows"));
        var e = assertThrows(WorkflowException.class, () -> compile(json, Map.of("src", Map.of("rows", "many"))));
        assertEquals("node 'src' (test-source): setting 'rows' expected an integer in [0, 1000], found \"many\"",
                e.getMessage());
        e = assertThrows(WorkflowException.class, () -> compile(json, Map.of("tok", Map.of("rows", "1"))));
        assertEquals("--set tok.rows: no node 'tok'; nodes: src", e.getMessage());
    }

    @Test
    void emptyWorkflowIsRejected() {
        assertEquals("the workflow has no nodes", problem("{'name': 'empty'}"));
    }

    @Test
    void directoryNameIsSafe() throws Exception {
        assertEquals("my_demo_v1", compile("{'name': 'my demo/v1', 'nodes': [" + SRC + "]}").directoryName());
        assertEquals("workflow", compile("{'nodes': [" + SRC + "]}").directoryName());
    }
}
