package org.ross.core.table;

/**
 * One row of a table being read. A row view is only valid until the reader moves on; copy what
 * you keep. Accessors take the column index from {@link TableSpec#require}.
 */
public interface Row {

    /** 0-based position of this row in the table (for error messages: "row 17"). */
    long index();

    boolean isNull(int column);

    /** IMAGE column: the encoded image bytes. */
    byte[] bytes(int column);

    /** TEXT column. */
    String text(int column);

    /** LATENT column: 2*C*H*W floats, mean then log-variance, each in C, H, W order. */
    float[] floats(int column);

    /** FLOAT64 column. */
    double float64(int column);

    /** INT64 column. */
    long int64(int column);

    /** The value as the Java object {@link TableWriter#addRow} accepts (null when null). */
    Object value(int column);
}
