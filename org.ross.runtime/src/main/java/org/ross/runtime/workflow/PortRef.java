package org.ross.runtime.workflow;

import java.util.List;
import java.util.Optional;
import org.ross.knime.nodes.spi.PortDescription;

/** A parsed port reference {@code <nodeId>.<port>}, the port an index or a port name. */
record PortRef(String nodeId, String port) {

    static Optional<PortRef> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        int dot = text.indexOf('.');
        if (dot <= 0 || dot == text.length() - 1) {
            return Optional.empty();
        }
        return Optional.of(new PortRef(text.substring(0, dot), text.substring(dot + 1)));
    }

    /** The port's index among {@code ports}, or -1 when it names no port there. */
    int resolve(List<PortDescription> ports) {
        if (port.chars().allMatch(Character::isDigit)) {
            try {
                int i = Integer.parseInt(port);
                return i < ports.size() ? i : -1;
            } catch (NumberFormatException e) {
                return -1;
            }
        }
        for (int i = 0; i < ports.size(); i++) {
            if (ports.get(i).name().equals(port)) {
                return i;
            }
        }
        return -1;
    }
}
