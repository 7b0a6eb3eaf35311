package org.ross.knime.nodes.spi;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One input or output port of a node type. The name is part of the workflow format
 * ({@code "tok.latents"}) and of output file names ({@code <nodeId>/<name>.arrow}), so it is a
 * plain identifier.
 */
public record PortDescription(String name, PortKind kind, boolean optional, String description) {

    private static final Pattern NAME = Pattern.compile("[a-z][A-Za-z0-9_-]*");

    public PortDescription {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(description, "description");
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("port name must start with a lower-case letter and"
                    + " contain only letters, digits, '_' or '-', found '" + name + "'");
        }
    }

    public static PortDescription table(String name, String description) {
        return new PortDescription(name, PortKind.TABLE, false, description);
    }

    public static PortDescription model(String name, String description) {
        return new PortDescription(name, PortKind.MODEL, false, description);
    }

    /** This port, but the node also runs when nothing is connected to it. */
    public PortDescription asOptional() {
        return new PortDescription(name, kind, true, description);
    }
}
