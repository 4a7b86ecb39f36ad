package io.cdcbridge.connectors.cdcjson;

import java.io.Serializable;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Iterator;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.JsonNode;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.flink.table.types.logical.ArrayType;
import org.apache.flink.table.types.logical.DecimalType;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.MapType;
import org.apache.flink.table.types.logical.RowType;

/**
 * Whether an event's values fit the table's columns, before they are converted: a fractional number does not fit
 * an integer column, a number, object or boolean not a text column, a number not a DECIMAL with fewer digits
 * (unless {@code coerce}, as Flink's json format converts them: cut, or as their JSON text). A reason names the
 * field, the type the column expects and the value found.
 */
final class ColumnTypeCheck implements Serializable {

    private static final long serialVersionUID = 1L;
    private static final Pattern WHOLE = Pattern.compile("-?\\d+");
    private static final int MAX_SHOWN = 60;

    private final RowType rowType;
    private final boolean coerce;

    ColumnTypeCheck(RowType rowType, boolean coerce) {
        this.rowType = rowType;
        this.coerce = coerce;
    }

    /** Throws with the first field whose value does not fit its column. */
    void check(ObjectNode event) throws MalformedEventException {
        checkRow(event, rowType, "");
    }

    /** The reason for a value the converter refused at {@code path} (a.b.c), in the same words as {@link #check}. */
    String reasonAt(ObjectNode event, String path) {
        JsonNode node = event;
        LogicalType type = rowType;
        for (String field : path.split("\\.")) {
            if (!(type instanceof RowType row) || row.getFieldIndex(field) < 0) return null;
            type = row.getTypeAt(row.getFieldIndex(field));
            node = node == null ? null : node.get(field);
        }
        return mismatch(path, type, node);
    }

    /** Whether {@code node} (not null) fits a column of {@code type}, its nested values included. */
    boolean fits(JsonNode node, LogicalType type) {
        try {
            checkValue(node, type, "");
            return true;
        } catch (MalformedEventException e) {
            return false;
        }
    }

    private void checkRow(JsonNode object, RowType type, String prefix) throws MalformedEventException {
        for (RowType.RowField f : type.getFields()) {
            checkValue(object.get(f.getName()), f.getType(), prefix + f.getName());
        }
    }

    private void checkValue(JsonNode node, LogicalType type, String path) throws MalformedEventException {
        if (node == null || node.isNull()) {
            if (!type.isNullable()) throw new MalformedEventException(mismatch(path, type, node));
            return;
        }
        boolean fits = switch (type.getTypeRoot()) {
            case TINYINT -> whole(node, -128, 127);
            case SMALLINT -> whole(node, Short.MIN_VALUE, Short.MAX_VALUE);
            case INTEGER -> whole(node, Integer.MIN_VALUE, Integer.MAX_VALUE);
            case BIGINT -> whole(node, Long.MIN_VALUE, Long.MAX_VALUE);
            case FLOAT, DOUBLE -> node.isNumber() || (node.isTextual() && decimal(node.asText()) != null);
            case DECIMAL -> fitsDecimal(node, (DecimalType) type);
            case CHAR, VARCHAR -> node.isTextual() || coerce;
            case BOOLEAN -> node.isBoolean() || coerce
                    || (node.isTextual() && (node.asText().equalsIgnoreCase("true") || node.asText().equalsIgnoreCase("false")));
            case DATE, TIME_WITHOUT_TIME_ZONE, TIMESTAMP_WITHOUT_TIME_ZONE, TIMESTAMP_WITH_LOCAL_TIME_ZONE,
                    BINARY, VARBINARY -> node.isTextual();
            case ROW -> node.isObject();
            case ARRAY -> node.isArray();
            case MAP, MULTISET -> node.isObject();
            default -> true;
        };
        if (!fits) throw new MalformedEventException(mismatch(path, type, node));
        if (type instanceof RowType row) {
            checkRow(node, row, path + ".");
        } else if (type instanceof ArrayType array) {
            for (int i = 0; i < node.size(); i++) checkValue(node.get(i), array.getElementType(), path + "[" + i + "]");
        } else if (type instanceof MapType map) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                checkValue(e.getValue(), map.getValueType(), path + "['" + e.getKey() + "']");
            }
        }
    }

    private boolean whole(JsonNode node, long min, long max) {
        BigInteger value;
        if (node.isIntegralNumber()) {
            value = node.bigIntegerValue();
        } else if (node.isTextual() && WHOLE.matcher(node.asText()).matches()) {
            value = new BigInteger(node.asText());
        } else if (coerce && node.isNumber()) {
            value = node.decimalValue().toBigInteger();
        } else {
            return false;
        }
        return value.compareTo(BigInteger.valueOf(min)) >= 0 && value.compareTo(BigInteger.valueOf(max)) <= 0;
    }

    private boolean fitsDecimal(JsonNode node, DecimalType type) {
        BigDecimal value = node.isNumber() ? node.decimalValue() : node.isTextual() ? decimal(node.asText()) : null;
        return value != null && fitsDecimal(value, type);
    }

    /** Whether a number fits a DECIMAL column: its digits before the point, and after it unless coercing. */
    boolean fitsDecimal(BigDecimal value, DecimalType type) {
        BigDecimal exact = value.stripTrailingZeros();
        int scale = Math.max(0, exact.scale());
        if (scale > type.getScale() && !coerce) return false;
        // digits before the point: Flink's converter would make a value too large for the column NULL
        return exact.precision() - exact.scale() <= type.getPrecision() - type.getScale();
    }

    private static BigDecimal decimal(String text) {
        try {
            return new BigDecimal(text.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static String mismatch(String path, LogicalType type, JsonNode node) {
        String found = node == null ? "nothing" : node.toString();
        if (found.length() > MAX_SHOWN) found = found.substring(0, MAX_SHOWN) + "...";
        return "field " + path + ": expected " + expected(type) + ", found " + found;
    }

    private static String expected(LogicalType type) {
        String name = type.copy(true).asSummaryString() + (type.isNullable() ? "" : " NOT NULL");
        return switch (type.getTypeRoot()) {
            case TINYINT, SMALLINT, INTEGER, BIGINT -> "a whole number (" + name + ")";
            case FLOAT, DOUBLE, DECIMAL -> "a number (" + name + ")";
            case CHAR, VARCHAR -> "a string (" + name + ")";
            case BOOLEAN -> "true or false (" + name + ")";
            case DATE -> "a date as text (" + name + ")";
            case TIME_WITHOUT_TIME_ZONE -> "a time as text (" + name + ")";
            case TIMESTAMP_WITHOUT_TIME_ZONE, TIMESTAMP_WITH_LOCAL_TIME_ZONE -> "a timestamp as text (" + name + ")";
            case BINARY, VARBINARY -> "a base64 string (" + name + ")";
            case ROW -> type.isNullable() ? "an object" : "an object (NOT NULL)";
            case ARRAY -> type.isNullable() ? "an array" : "an array (NOT NULL)";
            case MAP, MULTISET -> type.isNullable() ? "an object" : "an object (NOT NULL)";
            default -> name;
        };
    }
}
