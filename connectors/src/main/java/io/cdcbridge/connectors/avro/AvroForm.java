package io.cdcbridge.connectors.avro;

import io.cdcbridge.connectors.names.DerivedNames;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.JsonNode;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.node.ArrayNode;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.node.JsonNodeFactory;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.node.TextNode;
import org.apache.flink.table.types.logical.ArrayType;
import org.apache.flink.table.types.logical.DecimalType;
import org.apache.flink.table.types.logical.DistinctType;
import org.apache.flink.table.types.logical.IntType;
import org.apache.flink.table.types.logical.LocalZonedTimestampType;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.LogicalTypeFamily;
import org.apache.flink.table.types.logical.MapType;
import org.apache.flink.table.types.logical.MultisetType;
import org.apache.flink.table.types.logical.RowType;
import org.apache.flink.table.types.logical.TimestampType;

/**
 * The Avro form of a table's stored columns, the form contracts are checked in and {@code avro-confluent} writes and
 * reads: a record named after the table, its names made valid Avro names as Debezium makes them
 * ({@link DerivedNames#avroName}: {@code Order Lines} is {@code Order_Lines}), a nullable column as a union with null that defaults to null (as Schema
 * Registry's converters write it), so adding a nullable column is a compatible change and adding a NOT NULL one is not.
 */
public final class AvroForm {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private AvroForm() {}

    /**
     * The Avro record schema (JSON) of a row.
     *
     * @throws IllegalArgumentException naming the column whose type has no Avro form
     */
    public static String of(String table, RowType row) {
        return record(table, row).toString();
    }

    private static ObjectNode record(String name, RowType row) {
        ObjectNode record = JSON.objectNode().put("type", "record").put("name", DerivedNames.avroName(name));
        ArrayNode fields = record.putArray("fields");
        for (RowType.RowField f : row.getFields()) {
            ObjectNode field = fields.addObject().put("name", DerivedNames.avroName(f.getName()));
            try {
                field.set("type", nullable(name + "_" + f.getName(), f.getType()));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("column '" + f.getName() + "': " + e.getMessage(), e);
            }
            if (f.getType().isNullable()) field.putNull("default");
        }
        return record;
    }

    private static JsonNode nullable(String name, LogicalType t) {
        JsonNode plain = plain(name, t);
        if (!t.isNullable() || "null".equals(plain.asText(null))) return plain;
        ArrayNode union = JSON.arrayNode().add("null");
        return union.add(plain);
    }

    private static JsonNode plain(String name, LogicalType t) {
        return switch (t.getTypeRoot()) {
            case BOOLEAN -> TextNode.valueOf("boolean");
            case TINYINT, SMALLINT, INTEGER -> TextNode.valueOf("int");
            case BIGINT -> TextNode.valueOf("long");
            case FLOAT -> TextNode.valueOf("float");
            case DOUBLE -> TextNode.valueOf("double");
            case CHAR, VARCHAR -> TextNode.valueOf("string");
            case BINARY, VARBINARY -> TextNode.valueOf("bytes");
            case NULL -> TextNode.valueOf("null");
            case DECIMAL -> logical("bytes", "decimal").put("precision", ((DecimalType) t).getPrecision())
                    .put("scale", ((DecimalType) t).getScale());
            case DATE -> logical("int", "date");
            case TIME_WITHOUT_TIME_ZONE -> logical("int", "time-millis");
            case TIMESTAMP_WITHOUT_TIME_ZONE -> logical("long",
                    ((TimestampType) t).getPrecision() <= 3 ? "local-timestamp-millis" : "local-timestamp-micros");
            case TIMESTAMP_WITH_LOCAL_TIME_ZONE -> logical("long",
                    ((LocalZonedTimestampType) t).getPrecision() <= 3 ? "timestamp-millis" : "timestamp-micros");
            case ARRAY -> JSON.objectNode().put("type", "array")
                    .set("items", nullable(name, ((ArrayType) t).getElementType()));
            case MAP -> map(name, ((MapType) t).getKeyType(), ((MapType) t).getValueType());
            // a multiset is a map from element to count, as Flink itself holds it
            case MULTISET -> map(name, ((MultisetType) t).getElementType(), new IntType(false));
            case ROW -> record(name, (RowType) t);
            case DISTINCT_TYPE -> plain(name, ((DistinctType) t).getSourceType());
            default -> throw new IllegalArgumentException("type " + t.asSummaryString() + " has no Avro form");
        };
    }

    // Avro map keys are strings; other keys become an array of key/value records
    private static JsonNode map(String name, LogicalType key, LogicalType value) {
        if (key.is(LogicalTypeFamily.CHARACTER_STRING)) {
            return JSON.objectNode().put("type", "map").set("values", nullable(name, value));
        }
        RowType entry = RowType.of(new LogicalType[] {key, value}, new String[] {"key", "value"});
        return JSON.objectNode().put("type", "array").set("items", record(name + "_entry", entry));
    }

    private static ObjectNode logical(String type, String logicalType) {
        return JSON.objectNode().put("type", type).put("logicalType", logicalType);
    }
}
