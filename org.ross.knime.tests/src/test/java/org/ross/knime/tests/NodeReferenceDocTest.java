package org.ross.knime.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.ross.knime.nodes.BuiltInNodes;
import org.ross.runtime.Ross;
import org.ross.runtime.exec.CancelToken;

/** docs/nodes.md is the generated reference of the shipped nodes; it must not drift from the code. */
class NodeReferenceDocTest {

    @Test
    void docsNodesMdIsTheGeneratedReference() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Ross.execute(new String[] {"nodes", "--markdown"}, BuiltInNodes.registry(),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                new CancelToken(), false);
        assertEquals(Ross.OK, code, err.toString(StandardCharsets.UTF_8));
        String generated = out.toString(StandardCharsets.UTF_8);
        assertTrue(generated.contains("## Image Tokenizer (`image-tokenizer`)"), generated);
        Path doc = Path.of(System.getProperty("basedir", "."), "..", "docs", "nodes.md").normalize();
        assertTrue(Files.isRegularFile(doc), doc + " is missing; run ./ross nodes --markdown > docs/nodes.md");
        assertEquals(generated, Files.readString(doc, StandardCharsets.UTF_8),
                "docs/nodes.md is out of date; run ./ross nodes --markdown > docs/nodes.md");
    }
}
