package org.ross.knime.nodes.spi;

/** What flows through a port: a table (an Arrow IPC file) or a model (a directory). */
public enum PortKind {
    TABLE,
    MODEL;

    /** "table" or "model", for messages and references. */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
