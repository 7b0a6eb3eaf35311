package org.ross.runtime;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.ross.knime.nodes.spi.PortDescription;
import org.ross.knime.nodes.spi.RossNode;
import org.ross.knime.nodes.spi.SettingDescription;

/** The reference text of a node type that {@code ross nodes} and {@code ross describe} print. */
final class NodeReference {

    private NodeReference() {
    }

    static List<String> lines(RossNode node) {
        List<String> lines = new ArrayList<>();
        lines.add(node.type() + "  " + node.name());
        node.description().lines().forEach(l -> lines.add("  " + l.strip()));
        ports(lines, "inputs", node.inputs());
        ports(lines, "outputs", node.outputs());
        if (node.settings().isEmpty()) {
            lines.add("  settings: none");
        } else {
            lines.add("  settings:");
            for (SettingDescription s : node.settings()) {
                lines.add(String.format(Locale.ROOT, "    %-20s %s, default %s; %s", s.key(),
                        s.expected(), s.defaultValue(), s.description()));
            }
        }
        return lines;
    }

    private static void ports(List<String> lines, String title, List<PortDescription> ports) {
        if (ports.isEmpty()) {
            lines.add("  " + title + ": none");
            return;
        }
        lines.add("  " + title + ":");
        for (int i = 0; i < ports.size(); i++) {
            PortDescription p = ports.get(i);
            lines.add(String.format(Locale.ROOT, "    %d %-16s %s%s; %s", i, p.name(), p.kind().label(),
                    p.optional() ? ", optional" : "", p.description()));
        }
    }
}
