package org.ross.core.table;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/** The ordered columns of a table. Column names are unique. */
public record TableSpec(List<ColumnSpec> columns) {

    public TableSpec {
        columns = List.copyOf(columns);
        Set<String> seen = new HashSet<>();
        for (ColumnSpec c : columns) {
            if (!seen.add(c.name())) {
                throw new IllegalArgumentException("duplicate column name '" + c.name() + "'");
            }
        }
    }

    public static TableSpec of(ColumnSpec... columns) {
        return new TableSpec(List.of(columns));
    }

    /** Index of the named column, or -1. */
    public int indexOf(String name) {
        for (int i = 0; i < columns.size(); i++) {
            if (columns.get(i).name().equals(name)) {
                return i;
            }
        }
        return -1;
    }

    public Optional<ColumnSpec> column(String name) {
        int i = indexOf(name);
        return i < 0 ? Optional.empty() : Optional.of(columns.get(i));
    }

    /**
     * The index of the named column, checking its type.
     *
     * @throws ColumnException naming the column, what was expected and what is there
     */
    public int require(String name, ColumnType type) {
        int i = indexOf(name);
        if (i < 0) {
            throw new ColumnException(name, type, "column '" + name + "' (" + type.tag()
                    + ") not found; the table has: " + describe());
        }
        ColumnType found = columns.get(i).type();
        if (found != type) {
            throw new ColumnException(name, type, "column '" + name + "' has type " + found.tag()
                    + ", expected " + type.tag());
        }
        return i;
    }

    /** This spec with one more column at the end; fails if the name is taken. */
    public TableSpec append(ColumnSpec column) {
        List<ColumnSpec> all = new ArrayList<>(columns);
        all.add(column);
        return new TableSpec(all);
    }

    /** This spec without the named column if present, then with {@code column} appended. */
    public TableSpec replaceOrAppend(ColumnSpec column) {
        List<ColumnSpec> all = new ArrayList<>(columns);
        all.removeIf(c -> c.name().equals(column.name()));
        all.add(column);
        return new TableSpec(all);
    }

    public int size() {
        return columns.size();
    }

    /** "name (type), ..." for messages. */
    public String describe() {
        if (columns.isEmpty()) {
            return "no columns";
        }
        return columns.stream().map(c -> c.name() + " (" + c.type().tag() + ")")
                .collect(Collectors.joining(", "));
    }
}
