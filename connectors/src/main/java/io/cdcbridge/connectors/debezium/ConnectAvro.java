package io.cdcbridge.connectors.debezium;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import io.cdcbridge.connectors.names.DerivedNames;
import org.apache.avro.JsonProperties;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.JsonNode;

/**
 * Kafka Connect schemas and values (as {@link ConnectType} and {@link EnvelopeEncoder} build them, in JsonConverter's
 * form) turned into Avro as Confluent's AvroConverter turns them (its {@code AvroData}, {@code connect.meta.data}
 * on): a struct is a record named by the struct's name split at its last dot (namespace, name), an optional schema a
 * union with null first and a null default (null second when it has a default of its own, which is the field's),
 * int8 and int16 an {@code int} marked {@code connect.type}, a Decimal {@code bytes} with the {@code decimal} logical
 * type, and every named schema carries {@code connect.name}, {@code connect.version} and {@code connect.parameters}.
 * Names Avro refuses (a topic's {@code -}, a column's space) are adjusted as Debezium's
 * {@code schema.name.adjustment.mode} and {@code field.name.adjustment.mode} = {@code avro} do.
 */
final class ConnectAvro {

    private final Map<String, Schema> records = new HashMap<>();

    /** The Avro schema of a Connect schema; a record met twice (before and after) is the same schema. */
    Schema schema(JsonNode connect) {
        String type = connect.path("type").asText();
        String name = connect.hasNonNull("name") ? DerivedNames.avroFullName(connect.path("name").asText()) : null;
        boolean optional = connect.path("optional").asBoolean(false);
        if (type.equals("struct")) {
            Schema record = record(connect, name);
            return optional ? Schema.createUnion(Schema.create(Schema.Type.NULL), record) : record;
        }
        Schema base = switch (type) {
            case "int8", "int16", "int32" -> Schema.create(Schema.Type.INT);
            case "int64" -> Schema.create(Schema.Type.LONG);
            case "float32" -> Schema.create(Schema.Type.FLOAT);
            case "float64" -> Schema.create(Schema.Type.DOUBLE);
            case "boolean" -> Schema.create(Schema.Type.BOOLEAN);
            case "string" -> Schema.create(Schema.Type.STRING);
            case "bytes" -> Schema.create(Schema.Type.BYTES);
            case "array" -> Schema.createArray(schema(connect.path("items")));
            default -> throw new IllegalArgumentException("no Avro form for the Connect type " + type);
        };
        boolean decimal = "org.apache.kafka.connect.data.Decimal".equals(name);
        if (decimal) {
            base.addProp("scale", connect.path("parameters").path("scale").asInt());
            base.addProp("precision", connect.path("parameters").path("connect.decimal.precision").asInt());
        }
        meta(base, connect, name);
        if (type.equals("int8") || type.equals("int16")) base.addProp("connect.type", type);
        if (decimal) {
            LogicalTypes.decimal(connect.path("parameters").path("connect.decimal.precision").asInt(),
                    connect.path("parameters").path("scale").asInt()).addToSchema(base);
        }
        if (!optional) return base;
        return connect.has("default") ? Schema.createUnion(base, Schema.create(Schema.Type.NULL))
                : Schema.createUnion(Schema.create(Schema.Type.NULL), base);
    }

    private Schema record(JsonNode connect, String name) {
        Schema known = name == null ? null : records.get(name);
        if (known != null) return known;
        int dot = name == null ? -1 : name.lastIndexOf('.');
        Schema record = name == null ? Schema.createRecord("ConnectDefault", null, "io.confluent.connect.avro", false)
                : Schema.createRecord(name.substring(dot + 1), null, dot < 0 ? null : name.substring(0, dot), false);
        if (name != null) records.put(name, record);
        List<Schema.Field> fields = new ArrayList<>();
        for (JsonNode f : connect.path("fields")) {
            Object defaultValue = f.has("default") ? f.path("default").asText()
                    : f.path("optional").asBoolean(false) ? JsonProperties.NULL_VALUE : null;
            fields.add(new Schema.Field(DerivedNames.avroName(f.path("field").asText()), schema(f), null, defaultValue));
        }
        record.setFields(fields);
        meta(record, connect, name);
        return record;
    }

    // AvroData's connect.meta.data: the Connect schema's version, parameters, default and name as properties
    private static void meta(Schema avro, JsonNode connect, String name) {
        if (connect.has("version")) avro.addProp("connect.version", connect.path("version").asInt());
        if (connect.has("parameters")) {
            Map<String, String> parameters = new LinkedHashMap<>();
            connect.path("parameters").fields().forEachRemaining(e -> parameters.put(e.getKey(), e.getValue().asText()));
            avro.addProp("connect.parameters", parameters);
        }
        if (connect.has("default")) avro.addProp("connect.default", connect.path("default").asText());
        if (name != null) avro.addProp("connect.name", name);
    }

    /** A Connect value (JSON, as JsonConverter writes its payload) as the Avro datum of its schema. */
    static Object value(Schema avro, JsonNode connect, JsonNode payload) {
        if (payload == null || payload.isNull()) return null;
        if (avro.getType() == Schema.Type.UNION) {
            for (Schema branch : avro.getTypes()) {
                if (branch.getType() != Schema.Type.NULL) return value(branch, connect, payload);
            }
        }
        return switch (avro.getType()) {
            case RECORD -> {
                GenericData.Record record = new GenericData.Record(avro);
                int i = 0;
                for (JsonNode f : connect.path("fields")) {
                    record.put(i, value(avro.getFields().get(i).schema(), f, payload.get(f.path("field").asText())));
                    i++;
                }
                yield record;
            }
            case ARRAY -> {
                List<Object> list = new ArrayList<>(payload.size());
                for (JsonNode item : payload) list.add(value(avro.getElementType(), connect.path("items"), item));
                yield list;
            }
            case INT -> payload.intValue();
            case LONG -> payload.longValue();
            case FLOAT -> payload.floatValue();
            case DOUBLE -> payload.doubleValue();
            case BOOLEAN -> payload.booleanValue();
            case STRING -> payload.textValue();
            case BYTES -> {
                try {
                    yield ByteBuffer.wrap(payload.binaryValue());
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            default -> throw new IllegalStateException("no Avro value for " + avro.getType());
        };
    }
}
