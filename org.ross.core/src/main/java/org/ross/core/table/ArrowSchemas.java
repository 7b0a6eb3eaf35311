package org.ross.core.table;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * The mapping between our {@link TableSpec} and an Arrow {@link Schema} (DESIGN.md section 3):
 * each field carries {@code ross.type}, latents also {@code ross.shape} as a JSON array. Fields
 * written by other Arrow clients without our metadata are typed by their Arrow type.
 */
final class ArrowSchemas {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String LATENT_ITEM = "item";

    private ArrowSchemas() {
    }

    static Schema toSchema(TableSpec spec) {
        List<Field> fields = new ArrayList<>();
        for (ColumnSpec c : spec.columns()) {
            Map<String, String> metadata = new HashMap<>();
            metadata.put(ColumnType.METADATA_KEY, c.type().tag());
            List<Field> children = null;
            ArrowType type = switch (c.type()) {
                case IMAGE -> ArrowType.Binary.INSTANCE;
                case TEXT -> ArrowType.Utf8.INSTANCE;
                case FLOAT64 -> new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE);
                case INT64 -> new ArrowType.Int(64, true);
                case LATENT -> new ArrowType.FixedSizeList(c.latentLength());
            };
            if (c.type() == ColumnType.LATENT) {
                metadata.put(ColumnType.SHAPE_KEY, c.shape().toString().replace(" ", ""));
                children = List.of(new Field(LATENT_ITEM, FieldType.nullable(
                        new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE)), null));
            }
            fields.add(new Field(c.name(), new FieldType(true, type, null, metadata), children));
        }
        return new Schema(fields);
    }

    static TableSpec toSpec(Schema schema) {
        List<ColumnSpec> columns = new ArrayList<>();
        for (Field f : schema.getFields()) {
            columns.add(toColumn(f));
        }
        return new TableSpec(columns);
    }

    private static ColumnSpec toColumn(Field f) {
        Map<String, String> md = f.getMetadata() == null ? Map.of() : f.getMetadata();
        String tag = md.get(ColumnType.METADATA_KEY);
        ColumnType inferred = infer(f);
        if (tag == null) {
            if (inferred == null) {
                throw new IllegalArgumentException("column '" + f.getName() + "' has Arrow type "
                        + f.getType() + ", which maps to no column type (expected binary, utf8,"
                        + " float64/float32, int64/int32, or FixedSizeList<float32> with "
                        + ColumnType.SHAPE_KEY + ")");
            }
            tag = inferred.tag();
        }
        ColumnType declared = ColumnType.fromTag(tag);
        if (inferred != declared) {
            throw new IllegalArgumentException("column '" + f.getName() + "' is marked "
                    + ColumnType.METADATA_KEY + "=" + tag + " but its Arrow type is " + f.getType());
        }
        if (declared != ColumnType.LATENT) {
            return new ColumnSpec(f.getName(), declared, List.of());
        }
        String shapeText = md.get(ColumnType.SHAPE_KEY);
        if (shapeText == null) {
            throw new IllegalArgumentException("latent column '" + f.getName() + "' ("
                    + f.getType() + ") has no " + ColumnType.SHAPE_KEY
                    + " metadata; expected a JSON array [2, C, H, W]");
        }
        ColumnSpec spec = new ColumnSpec(f.getName(), ColumnType.LATENT, parseShape(f, shapeText));
        int listSize = ((ArrowType.FixedSizeList) f.getType()).getListSize();
        if (spec.latentLength() != listSize) {
            throw new IllegalArgumentException("latent column '" + f.getName() + "' has shape "
                    + spec.shape() + " (" + spec.latentLength() + " floats) but list size " + listSize);
        }
        return spec;
    }

    private static List<Integer> parseShape(Field f, String text) {
        try {
            return List.of(JSON.readValue(text, Integer[].class));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("latent column '" + f.getName() + "' has "
                    + ColumnType.SHAPE_KEY + "='" + text + "', expected a JSON array [2, C, H, W]", e);
        }
    }

    /** The column type an Arrow type stands for, or null when none does. */
    private static ColumnType infer(Field f) {
        ArrowType t = f.getType();
        if (t instanceof ArrowType.Binary || t instanceof ArrowType.LargeBinary) {
            return ColumnType.IMAGE;
        }
        if (t instanceof ArrowType.Utf8 || t instanceof ArrowType.LargeUtf8) {
            return ColumnType.TEXT;
        }
        if (t instanceof ArrowType.FloatingPoint fp && fp.getPrecision() != FloatingPointPrecision.HALF) {
            return ColumnType.FLOAT64;
        }
        if (t instanceof ArrowType.Int i && (i.getBitWidth() == 32 || i.getBitWidth() == 64 && i.getIsSigned())) {
            return ColumnType.INT64;
        }
        if (t instanceof ArrowType.FixedSizeList && f.getChildren().size() == 1
                && f.getChildren().get(0).getType() instanceof ArrowType.FloatingPoint fp
                && fp.getPrecision() == FloatingPointPrecision.SINGLE) {
            return ColumnType.LATENT;
        }
        return null;
    }
}
