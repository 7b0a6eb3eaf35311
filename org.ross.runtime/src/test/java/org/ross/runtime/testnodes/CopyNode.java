package org.ross.runtime.testnodes;

import java.nio.file.Files;
import java.util.List;
import org.ross.core.table.ColumnType;
import org.ross.knime.nodes.spi.ExecutionContext;
import org.ross.knime.nodes.spi.InvalidSettingsException;
import org.ross.knime.nodes.spi.NodeExecutionException;
import org.ross.knime.nodes.spi.PortDescription;
import org.ross.knime.nodes.spi.PortObject;
import org.ross.knime.nodes.spi.PortSpec;
import org.ross.knime.nodes.spi.SettingDescription;
import org.ross.knime.nodes.spi.Settings;
import org.ross.knime.nodes.spi.TablePort;
import org.ross.knime.nodes.spi.TablePortSpec;

/**
 * {@code test-copy}: copies its input table. Requires the int64 column {@code column}; can fail at
 * a row after writing part of its output, or wait until cancelled.
 */
public final class CopyNode extends TestNode {

    public CopyNode() {
        super("test-copy");
    }

    @Override
    public List<PortDescription> inputs() {
        return List.of(PortDescription.table("table", "any table"));
    }

    @Override
    public List<PortDescription> outputs() {
        return List.of(PortDescription.table("table", "the same table"));
    }

    @Override
    public List<SettingDescription> settings() {
        return List.of(SettingDescription.stringSetting("column", "id", "an int64 column that must exist"),
                SettingDescription.intSetting("failAtRow", -1, -1, 1000, "fail at this row (-1: never)"),
                SettingDescription.booleanSetting("waitForCancel", false, "report progress until cancelled"));
    }

    @Override
    public List<PortSpec> configure(List<PortSpec> inSpecs, Settings settings) throws InvalidSettingsException {
        TablePortSpec in = (TablePortSpec) inSpecs.get(0);
        try {
            in.spec().require(settings.getString("column"), ColumnType.INT64);
        } catch (IllegalArgumentException e) {
            throw new InvalidSettingsException(e.getMessage(), e);
        }
        return List.of(in);
    }

    @Override
    public List<PortObject> execute(List<PortObject> inputs, Settings settings, ExecutionContext context)
            throws Exception {
        TablePort in = (TablePort) inputs.get(0);
        if (settings.getBoolean("waitForCancel")) {
            for (int i = 0; i < 10_000; i++) {
                context.progress(0.5, "waiting for cancel");
                context.checkCancelled();
                Thread.sleep(1);
            }
            throw new IllegalStateException("never cancelled");
        }
        Files.copy(in.arrowFile(), context.outputTable(0));
        if (settings.getInt("failAtRow") >= 0) {
            throw NodeExecutionException.atRow(settings.getInt("failAtRow"), settings.getString("column"),
                    "test failure");
        }
        return List.of(new TablePort(context.outputTable(0), in.spec()));
    }
}
