package org.ross.core.table;

import java.nio.charset.StandardCharsets;
import org.apache.arrow.vector.BaseIntVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.FloatingPointVector;
import org.apache.arrow.vector.VariableWidthFieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.complex.FixedSizeListVector;
import org.apache.arrow.vector.holders.NullableFloat4Holder;
import org.apache.arrow.vector.Float4Vector;

/**
 * A movable view of one row of the record batch currently loaded in a {@link VectorSchemaRoot}.
 * Accessors read through the Arrow vector interfaces, so columns written by other clients with a
 * narrower type (float32, int32, large binary) read the same as ours.
 */
final class BatchRow implements Row {

    private final TableSpec spec;
    private final VectorSchemaRoot root;
    private int local;
    private long global;

    BatchRow(TableSpec spec, VectorSchemaRoot root) {
        this.spec = spec;
        this.root = root;
    }

    /** Points this view at row {@code local} of the loaded batch, which is row {@code global} of the table. */
    void moveTo(int local, long global) {
        this.local = local;
        this.global = global;
    }

    @Override
    public long index() {
        return global;
    }

    @Override
    public boolean isNull(int column) {
        return root.getVector(column).isNull(local);
    }

    @Override
    public byte[] bytes(int column) {
        return ((VariableWidthFieldVector) vector(column, ColumnType.IMAGE)).get(local);
    }

    @Override
    public String text(int column) {
        byte[] utf8 = ((VariableWidthFieldVector) vector(column, ColumnType.TEXT)).get(local);
        return utf8 == null ? null : new String(utf8, StandardCharsets.UTF_8);
    }

    @Override
    public float[] floats(int column) {
        FixedSizeListVector list = (FixedSizeListVector) vector(column, ColumnType.LATENT);
        if (list.isNull(local)) {
            return null;
        }
        int n = list.getListSize();
        Float4Vector items = (Float4Vector) list.getDataVector();
        float[] out = new float[n];
        int start = local * n;
        NullableFloat4Holder holder = new NullableFloat4Holder();
        for (int k = 0; k < n; k++) {
            items.get(start + k, holder);
            out[k] = holder.isSet == 0 ? Float.NaN : holder.value;
        }
        return out;
    }

    @Override
    public double float64(int column) {
        return ((FloatingPointVector) vector(column, ColumnType.FLOAT64)).getValueAsDouble(local);
    }

    @Override
    public long int64(int column) {
        return ((BaseIntVector) vector(column, ColumnType.INT64)).getValueAsLong(local);
    }

    @Override
    public Object value(int column) {
        if (isNull(column)) {
            return null;
        }
        return switch (spec.columns().get(column).type()) {
            case IMAGE -> bytes(column);
            case TEXT -> text(column);
            case LATENT -> floats(column);
            case FLOAT64 -> float64(column);
            case INT64 -> int64(column);
        };
    }

    private FieldVector vector(int column, ColumnType expected) {
        ColumnSpec c = spec.columns().get(column);
        if (c.type() != expected) {
            throw new IllegalArgumentException("row " + global + ", column '" + c.name() + "' has type "
                    + c.type().tag() + ", read as " + expected.tag());
        }
        FieldVector v = root.getVector(column);
        if (v.isNull(local) && expected != ColumnType.IMAGE && expected != ColumnType.TEXT
                && expected != ColumnType.LATENT) {
            throw new IllegalStateException("row " + global + ", column '" + c.name()
                    + "' is missing; check isNull first");
        }
        return v;
    }
}
