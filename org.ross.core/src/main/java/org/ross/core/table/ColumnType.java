package org.ross.core.table;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The logical column types of DESIGN.md section 3, stored in the Arrow field metadata under
 * {@value #METADATA_KEY}.
 */
public enum ColumnType {
    /** PNG or JPEG bytes (Arrow binary). */
    IMAGE("image"),
    /** UTF-8 text (Arrow utf8). */
    TEXT("text"),
    /** Posterior mean and log-variance, FixedSizeList&lt;float32&gt; with shape [2, C, H, W]. */
    LATENT("latent"),
    /** Arrow float64. */
    FLOAT64("float64"),
    /** Arrow int64. */
    INT64("int64");

    public static final String METADATA_KEY = "ross.type";
    public static final String SHAPE_KEY = "ross.shape";

    private final String tag;

    ColumnType(String tag) {
        this.tag = tag;
    }

    /** The value stored under {@value #METADATA_KEY}. */
    public String tag() {
        return tag;
    }

    public static ColumnType fromTag(String tag) {
        for (ColumnType t : values()) {
            if (t.tag.equals(tag)) {
                return t;
            }
        }
        throw new IllegalArgumentException("unknown column type '" + tag + "'; expected one of "
                + Arrays.stream(values()).map(ColumnType::tag).collect(Collectors.joining(", ")));
    }
}
