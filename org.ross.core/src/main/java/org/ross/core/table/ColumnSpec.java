package org.ross.core.table;

import java.util.List;
import java.util.Objects;

/**
 * One column of a table: its name, logical type and, for {@link ColumnType#LATENT}, the shape
 * {@code [2, C, H, W]} (posterior mean and log-variance of a C x H x W latent grid).
 */
public record ColumnSpec(String name, ColumnType type, List<Integer> shape) {

    public ColumnSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        if (name.isBlank()) {
            throw new IllegalArgumentException("column name must not be blank");
        }
        shape = shape == null ? List.of() : List.copyOf(shape);
        if (type == ColumnType.LATENT) {
            if (shape.size() != 4 || shape.get(0) != 2 || shape.stream().anyMatch(d -> d <= 0)) {
                throw new IllegalArgumentException("latent column '" + name
                        + "' needs shape [2, C, H, W] with positive sizes, found " + shape);
            }
        } else if (!shape.isEmpty()) {
            throw new IllegalArgumentException("column '" + name + "' of type " + type
                    + " takes no shape, found " + shape);
        }
    }

    public static ColumnSpec image(String name) {
        return new ColumnSpec(name, ColumnType.IMAGE, List.of());
    }

    public static ColumnSpec text(String name) {
        return new ColumnSpec(name, ColumnType.TEXT, List.of());
    }

    public static ColumnSpec float64(String name) {
        return new ColumnSpec(name, ColumnType.FLOAT64, List.of());
    }

    public static ColumnSpec int64(String name) {
        return new ColumnSpec(name, ColumnType.INT64, List.of());
    }

    /** A latent column holding mean and log-variance of a {@code channels x height x width} grid. */
    public static ColumnSpec latent(String name, int channels, int height, int width) {
        return new ColumnSpec(name, ColumnType.LATENT, List.of(2, channels, height, width));
    }

    /** Number of floats per value: 2*C*H*W for latents, 0 otherwise. */
    public int latentLength() {
        return shape.isEmpty() ? 0 : shape.stream().reduce(1, (a, b) -> a * b);
    }

    public ColumnSpec withName(String newName) {
        return new ColumnSpec(newName, type, shape);
    }
}
