package org.ross.runtime.testnodes;

import java.util.List;
import org.ross.knime.nodes.spi.ExecutionContext;
import org.ross.knime.nodes.spi.PortDescription;
import org.ross.knime.nodes.spi.PortObject;
import org.ross.knime.nodes.spi.PortSpec;
import org.ross.knime.nodes.spi.SettingDescription;
import org.ross.knime.nodes.spi.Settings;
import org.ross.knime.nodes.spi.TablePort;

/** {@code test-leak}: writes a table and forgets to close one Arrow buffer. */
public final class LeakyNode extends TestNode {

    public LeakyNode() {
        super("test-leak");
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
        return List.of();
    }

    @Override
    public List<PortSpec> configure(List<PortSpec> inSpecs, Settings settings) {
        return one(null);
    }

    @Override
    public List<PortObject> execute(List<PortObject> inputs, Settings settings, ExecutionContext context)
            throws Exception {
        TestTables.write(context.outputTable(0), context.allocator(), 1, "leak", () -> { });
        context.allocator().buffer(64); // never closed, on purpose
        return List.of(new TablePort(context.outputTable(0), TestTables.SPEC));
    }
}
