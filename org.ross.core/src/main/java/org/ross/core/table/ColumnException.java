package org.ross.core.table;

/**
 * A table column that is missing or not what a step needs. Carries the column's name and the type the
 * step expected, so a caller that chose the column through a setting can name that setting.
 */
public final class ColumnException extends IllegalArgumentException {

    private final String column;
    private final ColumnType expected;

    public ColumnException(String column, ColumnType expected, String message) {
        this(column, expected, message, null);
    }

    public ColumnException(String column, ColumnType expected, String message, Throwable cause) {
        super(message, cause);
        this.column = column;
        this.expected = expected;
    }

    public String column() {
        return column;
    }

    public ColumnType expected() {
        return expected;
    }
}
