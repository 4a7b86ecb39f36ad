package io.cdcbridge.connectors.debezium;

import io.cdcbridge.connectors.debezium.DebeziumKafkaOptions.DecimalHandling;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.core.JsonGenerator;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.node.JsonNodeFactory;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.flink.table.data.ArrayData;
import org.apache.flink.table.data.DecimalData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.data.TimestampData;
import org.apache.flink.table.types.logical.ArrayType;
import org.apache.flink.table.types.logical.DecimalType;
import org.apache.flink.table.types.logical.LocalZonedTimestampType;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.TimestampType;

/**
 * A Flink column type as Debezium's PostgreSQL connector types the matching PostgreSQL column with default settings,
 * written by Kafka Connect's JsonConverter: the Connect schema (type, logical name, version, parameters) and how a
 * value in Flink's internal representation is written as JSON (straight into a generator: no tree per event).
 */
final class ConnectType {

    static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    /** Debezium's logical types of string columns that Flink sees as plain STRING, named per column by option. */
    enum SemanticType {
        /** json and jsonb. */
        JSON("io.debezium.data.Json"),
        /** uuid. */
        UUID("io.debezium.data.Uuid"),
        /** xml. */
        XML("io.debezium.data.Xml");

        final String schemaName;

        SemanticType(String schemaName) {
            this.schemaName = schemaName;
        }
    }

    private final String type;
    private final String name;
    private final Map<String, String> parameters;
    private final ConnectType items;
    private final boolean itemsOptional;
    private final ValueWriter encoder;

    /** Writes a value in Flink's internal representation, never null, as JSON. */
    @FunctionalInterface
    interface ValueWriter {
        void write(JsonGenerator g, Object internal) throws IOException;
    }

    private ConnectType(String type, String name, Map<String, String> parameters, ConnectType items,
                        boolean itemsOptional, ValueWriter encoder) {
        this.type = type;
        this.name = name;
        this.parameters = parameters;
        this.items = items;
        this.itemsOptional = itemsOptional;
        this.encoder = encoder;
    }

    private static ConnectType plain(String type, ValueWriter encoder) {
        return new ConnectType(type, null, Map.of(), null, false, encoder);
    }

    // Every Debezium logical type of a column value is at version 1.
    private static ConnectType logical(String type, String name, ValueWriter encoder) {
        return new ConnectType(type, name, Map.of(), null, false, encoder);
    }

    /**
     * The Connect type of a Flink type. {@code semantic} names the Debezium logical type of a string column (or of
     * the strings in an array column), null for none. Throws IllegalArgumentException for a type it cannot encode.
     */
    static ConnectType of(LogicalType flink, SemanticType semantic, DecimalHandling decimals) {
        if (semantic != null && !isString(flink) && !(flink instanceof ArrayType a && isString(a.getElementType()))) {
            throw new IllegalArgumentException("a semantic type (" + semantic.name().toLowerCase(Locale.ROOT)
                    + ") applies to STRING columns and arrays of STRING only, not to " + flink.asSummaryString());
        }
        switch (flink.getTypeRoot()) {
            case BOOLEAN:
                return plain("boolean", (g, v) -> g.writeBoolean((Boolean) v));
            case TINYINT:
                return plain("int8", (g, v) -> g.writeNumber((Byte) v));
            case SMALLINT:
                return plain("int16", (g, v) -> g.writeNumber((Short) v));
            case INTEGER:
                return plain("int32", (g, v) -> g.writeNumber((Integer) v));
            case BIGINT:
                return plain("int64", (g, v) -> g.writeNumber((Long) v));
            case FLOAT:
                return plain("float32", (g, v) -> g.writeNumber((Float) v));
            case DOUBLE:
                return plain("float64", (g, v) -> g.writeNumber((Double) v));
            case CHAR:
            case VARCHAR:
                ValueWriter text = (g, v) -> g.writeString(((StringData) v).toString());
                return semantic == null ? plain("string", text) : logical("string", semantic.schemaName, text);
            case BINARY:
            case VARBINARY:
                return plain("bytes", (g, v) -> g.writeBinary((byte[]) v));
            case DECIMAL:
                return decimal((DecimalType) flink, decimals);
            case DATE:
                return logical("int32", "io.debezium.time.Date", (g, v) -> g.writeNumber((Integer) v));
            case TIME_WITHOUT_TIME_ZONE:
                return time();
            case TIMESTAMP_WITHOUT_TIME_ZONE:
                return timestamp(((TimestampType) flink).getPrecision());
            case TIMESTAMP_WITH_LOCAL_TIME_ZONE:
                return zonedTimestamp(((LocalZonedTimestampType) flink).getPrecision());
            case ARRAY:
                LogicalType element = ((ArrayType) flink).getElementType();
                ConnectType items = of(element, semantic, decimals);
                ArrayData.ElementGetter getter = ArrayData.createElementGetter(element);
                return new ConnectType("array", null, Map.of(), items, element.isNullable(), (g, v) -> {
                    ArrayData array = (ArrayData) v;
                    g.writeStartArray();
                    for (int i = 0; i < array.size(); i++) items.write(g, getter.getElementOrNull(array, i));
                    g.writeEndArray();
                });
            default:
                throw new IllegalArgumentException("the debezium-kafka connector cannot encode "
                        + flink.asSummaryString() + " (supported: BOOLEAN, TINYINT to BIGINT, FLOAT, DOUBLE, DECIMAL, "
                        + "CHAR, VARCHAR, BINARY, VARBINARY, DATE, TIME, TIMESTAMP, TIMESTAMP_LTZ and ARRAYs of them)");
        }
    }

    private static boolean isString(LogicalType t) {
        return switch (t.getTypeRoot()) {
            case CHAR, VARCHAR -> true;
            default -> false;
        };
    }

    private static ConnectType decimal(DecimalType t, DecimalHandling mode) {
        Function<Object, BigDecimal> big = v -> ((DecimalData) v).toBigDecimal();
        return switch (mode) {
            case PRECISE -> {
                Map<String, String> parameters = new LinkedHashMap<>();
                parameters.put("scale", Integer.toString(t.getScale()));
                parameters.put("connect.decimal.precision", Integer.toString(t.getPrecision()));
                yield new ConnectType("bytes", "org.apache.kafka.connect.data.Decimal", parameters, null, false,
                        (g, v) -> g.writeBinary(big.apply(v).unscaledValue().toByteArray()));
            }
            case STRING -> plain("string", (g, v) -> g.writeString(big.apply(v).toPlainString()));
            case DOUBLE -> plain("float64", (g, v) -> g.writeNumber(big.apply(v).doubleValue()));
        };
    }

    // Flink holds a TIME as milliseconds of the day and caps its precision at 3, so the PostgreSQL column's precision
    // is lost: published as MicroTime, as Debezium publishes PostgreSQL's default time(6).
    private static ConnectType time() {
        return logical("int64", "io.debezium.time.MicroTime", (g, v) -> g.writeNumber((Integer) v * 1_000L));
    }

    // A timestamp without zone counts from the epoch as if it were UTC, as Debezium's does.
    private static ConnectType timestamp(int precision) {
        if (precision <= 3) {
            return logical("int64", "io.debezium.time.Timestamp",
                    (g, v) -> g.writeNumber(((TimestampData) v).getMillisecond()));
        }
        if (precision <= 6) {
            return logical("int64", "io.debezium.time.MicroTimestamp", (g, v) -> {
                TimestampData ts = (TimestampData) v;
                g.writeNumber(ts.getMillisecond() * 1_000L + ts.getNanoOfMillisecond() / 1_000);
            });
        }
        return logical("int64", "io.debezium.time.NanoTimestamp", (g, v) -> {
            TimestampData ts = (TimestampData) v;
            g.writeNumber(ts.getMillisecond() * 1_000_000L + ts.getNanoOfMillisecond());
        });
    }

    // Debezium writes timestamptz in UTC with as many fraction digits as the column's precision.
    private static ConnectType zonedTimestamp(int precision) {
        DateTimeFormatter format = precision == 0 ? DateTimeFormatter.ISO_OFFSET_DATE_TIME
                : new DateTimeFormatterBuilder()
                        .append(DateTimeFormatter.ISO_LOCAL_DATE).appendLiteral('T')
                        .appendValue(ChronoField.HOUR_OF_DAY, 2).appendLiteral(':')
                        .appendValue(ChronoField.MINUTE_OF_HOUR, 2).appendLiteral(':')
                        .appendValue(ChronoField.SECOND_OF_MINUTE, 2)
                        .appendFraction(ChronoField.NANO_OF_SECOND, precision, precision, true)
                        .appendOffsetId()
                        .toFormatter(Locale.ROOT);
        return logical("string", "io.debezium.time.ZonedTimestamp",
                (g, v) -> g.writeString(((TimestampData) v).toInstant().atOffset(ZoneOffset.UTC).format(format)));
    }

    /** The schema of a struct field of a plain Connect type, as JsonConverter writes it. */
    static ObjectNode fieldSchema(String type, boolean optional, String field) {
        ObjectNode schema = JSON.objectNode();
        schema.put("type", type);
        schema.put("optional", optional);
        schema.put("field", field);
        return schema;
    }

    /** A struct's schema, keys in JsonConverter's order; name and version may be null. */
    static ObjectNode structSchema(List<ObjectNode> fields, boolean optional, String name, Integer version) {
        ObjectNode schema = JSON.objectNode();
        schema.put("type", "struct");
        schema.putArray("fields").addAll(fields);
        schema.put("optional", optional);
        if (name != null) schema.put("name", name);
        if (version != null) schema.put("version", version);
        return schema;
    }

    /** Writes a value in Flink's internal representation as JSON; null as JSON null. */
    void write(JsonGenerator g, Object internal) throws IOException {
        if (internal == null) g.writeNull();
        else encoder.write(g, internal);
    }

    /** The Connect schema, keys in JsonConverter's order; the caller adds "field" when it is a struct's field. */
    ObjectNode schema(boolean optional) {
        ObjectNode schema = JSON.objectNode();
        schema.put("type", type);
        if (items != null) schema.set("items", items.schema(itemsOptional));
        schema.put("optional", optional);
        if (name != null) {
            schema.put("name", name);
            schema.put("version", 1);
        }
        if (!parameters.isEmpty()) {
            ObjectNode p = schema.putObject("parameters");
            parameters.forEach(p::put);
        }
        return schema;
    }
}
