package org.ross.knime.nodes.spi;

/**
 * A node cannot run with these settings or input specs: an out-of-range value, a missing column,
 * an incompatible model. Thrown by {@code configure} and by {@link Settings#parse} before any work;
 * the message names the node, the setting or column, what was expected and what was found.
 */
public class InvalidSettingsException extends Exception {

    private static final long serialVersionUID = 1L;

    public InvalidSettingsException(String message) {
        super(message);
    }

    public InvalidSettingsException(String message, Throwable cause) {
        super(message, cause);
    }
}
