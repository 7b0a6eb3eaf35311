package org.ross.runtime.testnodes;

import java.util.List;
import org.ross.knime.nodes.spi.ExecutionContext;
import org.ross.knime.nodes.spi.PortDescription;
import org.ross.knime.nodes.spi.PortObject;
import org.ross.knime.nodes.spi.PortSpec;
import org.ross.knime.nodes.spi.SettingDescription;
import org.ross.knime.nodes.spi.Settings;
import org.ross.knime.nodes.spi.TablePort;
import org.ross.knime.nodes.spi.TablePortSpec;

/** {@code test-source}: writes {@code rows} rows of {@link TestTables}. */
public final class SourceNode extends TestNode {

    public SourceNode() {
        super("test-source");
    }

    @Override
    public List<PortDescription> inputs() {
        return List.of();
    }

    @Override
    public List<PortDescription> outputs() {
        return List.of(PortDescription.table("table", "id and label"));
    }

    @Override
    public List<SettingDescription> settings() {
        return List.of(SettingDescription.intSetting("rows", 3, 0, 1000, "rows to write"),
                SettingDescription.stringSetting("prefix", "row",
                        "label prefix (blank: configure throws IllegalArgumentException)"));
    }

    @Override
    public List<PortSpec> configure(List<PortSpec> inSpecs, Settings settings) {
        // an engine-style error escaping configure (WorkflowCompilerTest: still a one-line message)
        if (settings.getString("prefix").isBlank()) {
            throw new IllegalArgumentException("label prefix is blank");
        }
        return List.of(new TablePortSpec(TestTables.SPEC));
    }

    @Override
    public List<PortObject> execute(List<PortObject> inputs, Settings settings, ExecutionContext context)
            throws Exception {
        int rows = settings.getInt("rows");
        // one line per execution in the persistent work directory (WorkflowExecutorTest counts them)
        java.nio.file.Files.writeString(context.workDirectory().resolve("runs.txt"), "rows=" + rows + "\n",
                java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
        int[] done = {0};
        TestTables.write(context.outputTable(0), context.allocator(), rows, settings.getString("prefix"), () -> {
            context.checkCancelled();
            context.progress(++done[0] / (double) rows, "row " + done[0]);
        });
        return List.of(new TablePort(context.outputTable(0), TestTables.SPEC));
    }
}
