package io.cdcbridge.cli.topic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cdcbridge.connectors.avro.RegistryClient;
import io.cdcbridge.connectors.avro.WireFormat;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.LogicalType;
import org.apache.avro.LogicalTypes;
import org.apache.avro.NameValidator;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;

/**
 * Avro records in Confluent's wire format as JSON and back, for {@code consume} and {@code produce --format avro}:
 * records as objects, unions as their value, bytes as base64, decimals as numbers, dates, times and timestamps as
 * ISO-8601 text (a local timestamp without zone, an instant with Z), NaN and infinities as text.
 */
public final class AvroJson {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final RegistryClient registry;
    private final Map<Integer, Schema> schemas = new HashMap<>();

    public AvroJson(RegistryClient registry) {
        this.registry = registry;
    }

    /** The registry's URL. */
    public String url() {
        return registry.url();
    }

    /** Whether bytes look like Confluent's wire format (the magic byte and a schema id). */
    public static boolean looksLikeAvro(byte[] bytes) {
        return bytes != null && bytes.length >= WireFormat.HEADER && bytes[0] == WireFormat.MAGIC;
    }

    /** A record as JSON; IOException when its schema id is unknown or the bytes do not fit its schema. */
    public JsonNode decode(byte[] bytes) throws IOException {
        int id = WireFormat.schemaId(bytes);
        Schema schema = schema(id);
        Object datum = new GenericDatumReader<>(schema).read(null,
                DecoderFactory.get().binaryDecoder(bytes, WireFormat.HEADER, bytes.length - WireFormat.HEADER, null));
        return toJson(datum, schema);
    }

    /** The schema id of a record in the wire format. */
    public static int schemaId(byte[] bytes) throws IOException {
        return WireFormat.schemaId(bytes);
    }

    /**
     * JSON encoded with a registered schema, in the wire format.
     *
     * @throws IllegalArgumentException naming the field whose value does not fit the schema
     */
    public static byte[] encode(JsonNode value, int id, Schema schema) {
        Object datum = fromJson(value, schema, "");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(WireFormat.MAGIC);
        out.write(id >>> 24);
        out.write(id >>> 16);
        out.write(id >>> 8);
        out.write(id);
        BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
        try {
            new GenericDatumWriter<>(schema).write(datum, encoder);
            encoder.flush();
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        return out.toByteArray();
    }

    /** A schema as the registry holds it (SQL column names kept). */
    public static Schema parse(String json) {
        return new Schema.Parser(NameValidator.NO_VALIDATION).parse(json);
    }

    private Schema schema(int id) throws IOException {
        Schema s = schemas.get(id);
        if (s == null) {
            s = parse(registry.schema(id));
            schemas.put(id, s);
        }
        return s;
    }

    static JsonNode toJson(Object datum, Schema schema) {
        if (datum == null) return JSON.nullNode();
        LogicalType logical = schema.getLogicalType();
        switch (schema.getType()) {
            case UNION:
                return toJson(datum, schema.getTypes().get(GenericData.get().resolveUnion(schema, datum)));
            case RECORD: {
                ObjectNode o = JSON.objectNode();
                GenericRecord r = (GenericRecord) datum;
                for (Schema.Field f : schema.getFields()) o.set(f.name(), toJson(r.get(f.pos()), f.schema()));
                return o;
            }
            case ARRAY: {
                ArrayNode a = JSON.arrayNode();
                for (Object item : (Iterable<?>) datum) a.add(toJson(item, schema.getElementType()));
                return a;
            }
            case MAP: {
                ObjectNode o = JSON.objectNode();
                for (Map.Entry<?, ?> e : ((Map<?, ?>) datum).entrySet()) o.set(e.getKey().toString(), toJson(e.getValue(), schema.getValueType()));
                return o;
            }
            case BYTES:
            case FIXED: {
                byte[] bytes = schema.getType() == Schema.Type.FIXED ? ((GenericData.Fixed) datum).bytes() : bytes((ByteBuffer) datum);
                if (logical instanceof LogicalTypes.Decimal d) return JSON.numberNode(new BigDecimal(new BigInteger(bytes), d.getScale()));
                return JSON.textNode(Base64.getEncoder().encodeToString(bytes));
            }
            case INT: {
                int v = (Integer) datum;
                if (logical instanceof LogicalTypes.Date) return JSON.textNode(LocalDate.ofEpochDay(v).toString());
                if (logical instanceof LogicalTypes.TimeMillis) return JSON.textNode(LocalTime.ofNanoOfDay(v * 1_000_000L).toString());
                return JSON.numberNode(v);
            }
            case LONG: {
                long v = (Long) datum;
                if (logical instanceof LogicalTypes.TimestampMillis) return JSON.textNode(Instant.ofEpochMilli(v).toString());
                if (logical instanceof LogicalTypes.TimestampMicros) return JSON.textNode(Instant.EPOCH.plus(v, ChronoUnit.MICROS).toString());
                if (logical instanceof LogicalTypes.LocalTimestampMillis) {
                    return JSON.textNode(LocalDateTime.ofInstant(Instant.ofEpochMilli(v), ZoneOffset.UTC).toString());
                }
                if (logical instanceof LogicalTypes.LocalTimestampMicros) {
                    return JSON.textNode(LocalDateTime.ofInstant(Instant.EPOCH.plus(v, ChronoUnit.MICROS), ZoneOffset.UTC).toString());
                }
                if (logical instanceof LogicalTypes.TimeMicros) return JSON.textNode(LocalTime.ofNanoOfDay(v * 1000L).toString());
                return JSON.numberNode(v);
            }
            case FLOAT: {
                float v = (Float) datum;
                return Float.isFinite(v) ? JSON.numberNode(v) : JSON.textNode(Float.toString(v));
            }
            case DOUBLE: {
                double v = (Double) datum;
                return Double.isFinite(v) ? JSON.numberNode(v) : JSON.textNode(Double.toString(v));
            }
            case BOOLEAN:
                return JSON.booleanNode((Boolean) datum);
            default:
                return JSON.textNode(datum.toString());
        }
    }

    // JSON into the datum Avro writes for a schema; "where" is the field path for messages
    static Object fromJson(JsonNode j, Schema schema, String where) {
        LogicalType logical = schema.getLogicalType();
        String at = where.isEmpty() ? "the value" : "field '" + where + "'";
        if (schema.getType() == Schema.Type.UNION) {
            if (j == null || j.isNull()) {
                if (schema.getTypes().stream().anyMatch(t -> t.getType() == Schema.Type.NULL)) return null;
                throw new IllegalArgumentException(at + " may not be null");
            }
            IllegalArgumentException last = null;
            for (Schema branch : schema.getTypes()) {
                if (branch.getType() == Schema.Type.NULL) continue;
                try {
                    return fromJson(j, branch, where);
                } catch (IllegalArgumentException e) {
                    last = e;
                }
            }
            throw last;
        }
        if (j == null || j.isNull()) {
            if (schema.getType() == Schema.Type.NULL) return null;
            throw new IllegalArgumentException(at + " may not be null (it is " + schema.getType().getName() + ")");
        }
        try {
            switch (schema.getType()) {
                case RECORD: {
                    if (!j.isObject()) throw new IllegalArgumentException(at + " must be an object");
                    GenericData.Record r = new GenericData.Record(schema);
                    for (Schema.Field f : schema.getFields()) {
                        String path = where.isEmpty() ? f.name() : where + "." + f.name();
                        JsonNode v = j.get(f.name());
                        if (v == null && f.hasDefaultValue()) r.put(f.pos(), GenericData.get().getDefaultValue(f));
                        else r.put(f.pos(), fromJson(v, f.schema(), path));
                    }
                    for (Iterator<String> names = j.fieldNames(); names.hasNext(); ) {
                        String name = names.next();
                        if (schema.getField(name) == null) {
                            throw new IllegalArgumentException("field '" + (where.isEmpty() ? name : where + "." + name)
                                    + "' is not in the schema (its fields: " + schema.getFields().stream().map(Schema.Field::name).toList() + ")");
                        }
                    }
                    return r;
                }
                case ARRAY: {
                    if (!j.isArray()) throw new IllegalArgumentException(at + " must be an array");
                    List<Object> items = new ArrayList<>();
                    for (JsonNode item : j) items.add(fromJson(item, schema.getElementType(), where + "[]"));
                    return new GenericData.Array<>(schema, items);
                }
                case MAP: {
                    if (!j.isObject()) throw new IllegalArgumentException(at + " must be an object");
                    Map<String, Object> m = new LinkedHashMap<>();
                    j.fields().forEachRemaining(e -> m.put(e.getKey(), fromJson(e.getValue(), schema.getValueType(), where + "." + e.getKey())));
                    return m;
                }
                case BYTES: {
                    if (logical instanceof LogicalTypes.Decimal d) {
                        return ByteBuffer.wrap(new BigDecimal(j.asText()).setScale(d.getScale()).unscaledValue().toByteArray());
                    }
                    return ByteBuffer.wrap(Base64.getDecoder().decode(text(j, at)));
                }
                case FIXED:
                    return new GenericData.Fixed(schema, Base64.getDecoder().decode(text(j, at)));
                case ENUM:
                    return new GenericData.EnumSymbol(schema, text(j, at));
                case STRING:
                    return text(j, at);
                case BOOLEAN:
                    if (!j.isBoolean()) throw new IllegalArgumentException(at + " must be true or false");
                    return j.booleanValue();
                case INT:
                    if (logical instanceof LogicalTypes.Date) return (int) LocalDate.parse(text(j, at)).toEpochDay();
                    if (logical instanceof LogicalTypes.TimeMillis) return (int) (LocalTime.parse(text(j, at)).toNanoOfDay() / 1_000_000L);
                    if (!j.canConvertToInt() || !j.isIntegralNumber()) throw new IllegalArgumentException(at + " must be a whole number (int)");
                    return j.intValue();
                case LONG:
                    if (j.isTextual()) return timestamp(j.asText(), logical, at);
                    if (!j.canConvertToLong() || !j.isIntegralNumber()) throw new IllegalArgumentException(at + " must be a whole number (long)");
                    return j.longValue();
                case FLOAT:
                    return j.isTextual() ? Float.parseFloat(j.asText()) : j.floatValue();
                case DOUBLE:
                    if (!j.isNumber() && !j.isTextual()) throw new IllegalArgumentException(at + " must be a number");
                    return j.isTextual() ? Double.parseDouble(j.asText()) : j.doubleValue();
                default:
                    throw new IllegalArgumentException(at + ": " + schema.getType().getName() + " is not supported");
            }
        } catch (RuntimeException e) {
            if (e instanceof IllegalArgumentException && e.getMessage() != null && e.getMessage().startsWith(at)) throw e;
            if (e instanceof IllegalArgumentException && e.getMessage() != null && e.getMessage().startsWith("field '")) throw e;
            throw new IllegalArgumentException(at + " does not fit " + schema.getType().getName()
                    + (logical != null ? " (" + logical.getName() + ")" : "") + ": " + e.getMessage(), e);
        }
    }

    private static long timestamp(String text, LogicalType logical, String at) {
        if (logical instanceof LogicalTypes.TimestampMillis) return Instant.parse(text).toEpochMilli();
        if (logical instanceof LogicalTypes.TimestampMicros) return ChronoUnit.MICROS.between(Instant.EPOCH, Instant.parse(text));
        if (logical instanceof LogicalTypes.LocalTimestampMillis) return LocalDateTime.parse(text).toInstant(ZoneOffset.UTC).toEpochMilli();
        if (logical instanceof LogicalTypes.LocalTimestampMicros) {
            return ChronoUnit.MICROS.between(Instant.EPOCH, LocalDateTime.parse(text).toInstant(ZoneOffset.UTC));
        }
        throw new IllegalArgumentException(at + " must be a whole number (long)");
    }

    private static String text(JsonNode j, String at) {
        if (!j.isTextual()) throw new IllegalArgumentException(at + " must be text");
        return j.asText();
    }

    private static byte[] bytes(ByteBuffer b) {
        ByteBuffer copy = b.duplicate();
        byte[] out = new byte[copy.remaining()];
        copy.get(out);
        return out;
    }
}
