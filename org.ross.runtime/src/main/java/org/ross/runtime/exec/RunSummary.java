package org.ross.runtime.exec;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.arrow.memory.RootAllocator;
import org.ross.knime.nodes.spi.ModelPort;
import org.ross.knime.nodes.spi.PortDescription;
import org.ross.knime.nodes.spi.PortObject;
import org.ross.knime.nodes.spi.TablePort;
import org.ross.runtime.exec.RunResult.NodeResult;

/**
 * What a successful run prints: for every output its path, for tables the row count and columns,
 * for models the kind and size on disk, then the lines the node type adds through
 * {@link org.ross.knime.nodes.spi.RossNode#summarize}.
 */
public final class RunSummary {

    private RunSummary() {
    }

    public static List<String> lines(RunResult result) {
        List<String> lines = new ArrayList<>();
        lines.add("outputs in " + result.outputDirectory() + ":");
        try (RootAllocator allocator = new RootAllocator()) {
            for (NodeResult node : result.nodes()) {
                List<PortDescription> ports = node.node().node().outputs();
                for (int p = 0; p < ports.size(); p++) {
                    PortObject out = node.outputs().get(p);
                    lines.add("  " + node.node().id() + "." + ports.get(p).name() + "  " + out.path());
                    lines.add("      " + describe(out, allocator));
                    try {
                        node.node().node().summarize(p, out, allocator).forEach(l -> lines.add("      " + l));
                    } catch (IOException | RuntimeException e) {
                        lines.add("      (no node summary: " + e.getMessage() + ")");
                    }
                }
                node.warnings().forEach(w -> lines.add("  warning from " + node.node().id() + ": " + w));
            }
        }
        result.leaks().forEach(l -> lines.add("  memory leak: " + l));
        return lines;
    }

    private static String describe(PortObject out, RootAllocator allocator) {
        try {
            if (out instanceof TablePort t) {
                ArrowTableInfo info = ArrowTableInfo.read(t.arrowFile(), allocator);
                return "table, " + info.rows() + " rows; columns: " + info.columnList();
            }
            ModelPort m = (ModelPort) out;
            return "model " + m.kind() + ", " + humanBytes(OutputStore.size(m.directory()));
        } catch (IOException | RuntimeException e) {
            return "(cannot read: " + e.getMessage() + ")";
        }
    }

    static String humanBytes(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        double v = bytes;
        int u = -1;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return String.format(Locale.ROOT, "%.1f %s", v, units[u]);
    }
}
