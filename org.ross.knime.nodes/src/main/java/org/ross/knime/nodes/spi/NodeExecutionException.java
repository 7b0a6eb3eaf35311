package org.ross.knime.nodes.spi;

import java.util.Optional;
import java.util.OptionalLong;

/**
 * Execution failed on the data: an undecodable image, a NaN loss, a value out of range. Carries
 * the row and column when they are known so the runner and KNIME can point at them.
 */
public class NodeExecutionException extends Exception {

    private static final long serialVersionUID = 1L;

    private final long row;
    private final String column;

    /** A failure not tied to one row or column. */
    public NodeExecutionException(String message, Throwable cause) {
        this(message, -1, null, cause);
    }

    /**
     * @param row    0-based row index, or -1 when not known
     * @param column column name, or null when not known
     */
    public NodeExecutionException(String message, long row, String column, Throwable cause) {
        super(locate(message, row, column), cause);
        this.row = row;
        this.column = column;
    }

    public static NodeExecutionException atRow(long row, String column, String message) {
        return new NodeExecutionException(message, row, column, null);
    }

    public OptionalLong row() {
        return row < 0 ? OptionalLong.empty() : OptionalLong.of(row);
    }

    public Optional<String> column() {
        return Optional.ofNullable(column);
    }

    private static String locate(String message, long row, String column) {
        StringBuilder where = new StringBuilder();
        if (row >= 0) {
            where.append("row ").append(row);
        }
        if (column != null) {
            where.append(where.length() == 0 ? "" : ", ").append("column '").append(column).append('\'');
        }
        return where.length() == 0 ? message : where + ": " + message;
    }
}
