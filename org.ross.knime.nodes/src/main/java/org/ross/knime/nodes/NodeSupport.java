package org.ross.knime.nodes;

import ai.djl.Device;
import java.util.List;
import org.ross.core.Devices;
import org.ross.core.table.ColumnException;
import org.ross.core.table.ColumnType;
import org.ross.core.table.TableSpec;
import org.ross.knime.nodes.spi.InvalidSettingsException;
import org.ross.knime.nodes.spi.PortSpec;
import org.ross.knime.nodes.spi.SettingDescription;
import org.ross.knime.nodes.spi.TablePortSpec;

/** Small helpers every node shares: the device setting and column checks in {@code configure}. */
public final class NodeSupport {

    /** The device setting every node has (DESIGN.md section 7). */
    public static final SettingDescription DEVICE = SettingDescription.choiceSetting("device", "auto",
            List.of("auto", "cpu", "gpu"), "Where tensor work runs: auto picks a GPU when the PyTorch engine sees one, else the CPU.");

    private NodeSupport() {
    }

    /** The engine device for the setting; a missing GPU is a configuration error. */
    public static Device device(String setting) throws InvalidSettingsException {
        try {
            return Devices.resolve(setting);
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new InvalidSettingsException("setting 'device': " + e.getMessage(), e);
        }
    }

    /** The table spec of input {@code port}, or null when not known before execution. */
    public static TableSpec tableSpec(List<PortSpec> inSpecs, int port) {
        return inSpecs.get(port) instanceof TablePortSpec t ? t.spec() : null;
    }

    /** Checks that {@code spec} has column {@code name} of {@code type}, naming the setting that chose it. */
    public static void requireColumn(TableSpec spec, String name, ColumnType type, String setting)
            throws InvalidSettingsException {
        if (spec == null) {
            return;
        }
        try {
            spec.require(name, type);
        } catch (IllegalArgumentException e) {
            throw invalid(e, List.of(new ColumnSetting(setting, name, type)));
        }
    }

    /** A setting that names a column, and the type the node needs that column to have. */
    public record ColumnSetting(String setting, String column, ColumnType type) {
    }

    /**
     * The engine's bad-input error as a settings error. When it is about a column ({@link ColumnException}), the
     * message ends with the setting that chose that column for that type: only the node knows which setting it was.
     */
    public static InvalidSettingsException invalid(IllegalArgumentException e, List<ColumnSetting> columns) {
        if (e instanceof ColumnException c) {
            for (ColumnSetting s : columns) {
                if (s.column().equals(c.column()) && s.type() == c.expected()) {
                    return new InvalidSettingsException(e.getMessage() + " (setting '" + s.setting() + "')", e);
                }
            }
        }
        return new InvalidSettingsException(e.getMessage(), e);
    }
}
