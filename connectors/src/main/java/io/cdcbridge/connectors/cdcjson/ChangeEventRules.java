package io.cdcbridge.connectors.cdcjson;

import java.io.IOException;
import java.io.Serializable;
import java.util.List;
import java.util.Locale;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.core.JsonProcessingException;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.core.StreamReadFeature;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.core.io.JsonEOFException;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.DeserializationFeature;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.JsonNode;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.json.JsonMapper;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * What makes a Debezium-style JSON change event valid, in one place: the {@code cdc-json} format sends what fails
 * here to the dead-letter topic, and {@code cdcbridge produce} reports the same events as invalid.
 *
 * <p>A valid event is a JSON object with an {@code op} of c, r, u or d; the row that carries the key ({@code before}
 * for a delete, {@code after} otherwise) is an object with every key field set to a single value; and the event
 * time field is a whole number of milliseconds. The first rule broken is the reason. An event framed with its
 * schema, as Kafka Connect's JsonConverter writes it ({@code {"schema": ..., "payload": ...}}), is its payload.
 */
public final class ChangeEventRules implements Serializable {

    private static final long serialVersionUID = 1L;

    /** The ops a change event may carry: create, read (snapshot), update, delete. */
    public static final List<String> OPS = List.of("c", "r", "u", "d");

    // JsonConverter's framing of an event with its schema
    static final String SCHEMA = "schema";
    static final String PAYLOAD = "payload";

    /** Debezium's event time field. */
    public static final String DEFAULT_TIMESTAMP_FIELD = "ts_ms";

    // Trailing tokens after the object are garbage, not a second event; a field twice is ambiguous; exact decimals
    // survive a round trip. OnePassReader parses with the same settings.
    static final JsonMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
            .build();

    private final List<String> keyFields;
    private final String timestampField;

    /**
     * Rules for events keyed by {@code keyFields} with their event time in {@code timestampField}. Without key
     * fields only the row is checked (the cdc-json format always names them; {@code produce} without --key does not).
     */
    public ChangeEventRules(List<String> keyFields, String timestampField) {
        if (keyFields.stream().anyMatch(String::isBlank)) {
            throw new IllegalArgumentException("a key field must be named: " + keyFields);
        }
        if (timestampField.isBlank()) throw new IllegalArgumentException("the event time field must be named");
        this.keyFields = List.copyOf(keyFields);
        this.timestampField = timestampField;
    }

    /** The key fields. */
    public List<String> keyFields() {
        return keyFields;
    }

    /** The event time field. */
    public String timestampField() {
        return timestampField;
    }

    /**
     * Whether {@code event} is Kafka Connect's JsonConverter framing with schemas enabled ({@code schema} and
     * {@code payload}, no {@code op} of its own), as Debezium writes by default: then the event is its payload.
     */
    static boolean isFramed(JsonNode event) {
        return event.has(SCHEMA) && event.has(PAYLOAD) && !event.has("op");
    }

    /** The event in {@code message}, or the reason it is not a valid one. */
    public ChangeEvent check(byte[] message) throws MalformedEventException {
        JsonNode tree;
        // decoded here, strictly, not by the parser: it would guess other encodings from the first bytes
        String text = StrictUtf8.decode(message);
        try {
            tree = MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw new MalformedEventException("malformed JSON: " + describe(e));
        } catch (IOException e) {
            throw new MalformedEventException("malformed JSON: " + e.getMessage());
        }
        if (tree == null || tree.isMissingNode()) throw new MalformedEventException("malformed JSON: empty message");
        if (!tree.isObject()) {
            throw new MalformedEventException("not a change event: a JSON " + tree.getNodeType().name().toLowerCase(Locale.ROOT) + ", not an object");
        }
        if (isFramed(tree)) {
            tree = tree.get(PAYLOAD);
            if (!tree.isObject()) {
                throw new MalformedEventException("not a change event: its payload is a JSON "
                        + tree.getNodeType().name().toLowerCase(Locale.ROOT) + ", not an object");
            }
        }
        JsonNode op = tree.get("op");
        if (op == null || op.isNull()) throw new MalformedEventException("missing op");
        if (!op.isTextual() || !OPS.contains(op.asText())) {
            throw new MalformedEventException("unknown op " + op + " (expected one of " + String.join(", ", OPS) + ")");
        }
        String side = op.asText().equals("d") ? "before" : "after";
        JsonNode row = tree.get(side);
        if (row == null || !row.isObject()) {
            throw new MalformedEventException("missing key: op '" + op.asText() + "' needs an object '" + side + "'");
        }
        ObjectNode key = MAPPER.createObjectNode();
        for (String field : keyFields) {
            JsonNode value = row.get(field);
            if (value == null || value.isNull()) {
                throw new MalformedEventException("missing key '" + field + "' in '" + side + "'");
            }
            if (value.isContainerNode()) {
                throw new MalformedEventException("key '" + field + "' in '" + side + "' is not a single value: " + value);
            }
            key.set(field, value);
        }
        JsonNode ts = tree.get(timestampField);
        if (ts == null || ts.isNull()) throw new MalformedEventException("missing timestamp '" + timestampField + "'");
        if (!ts.isIntegralNumber() || !ts.canConvertToLong()) {
            throw new MalformedEventException("timestamp '" + timestampField + "' is not a whole number of milliseconds: " + ts);
        }
        return new ChangeEvent(op.asText(), key, ts.longValue(), (ObjectNode) tree);
    }

    // In JSON's terms and where, never the parser's names for its tokens, features or classes.
    static String describe(JsonProcessingException e) {
        String what = e.getOriginalMessage();
        int nested = what.indexOf(" (start marker at");
        if (nested >= 0) what = what.substring(0, nested);
        what = what.lines().findFirst().orElse(what);
        if (e instanceof JsonEOFException || what.startsWith("Unexpected end-of-input")) {
            what = what.contains("VALUE_STRING") || what.contains("closing quote") ? "the text ends inside a string"
                    : what.contains("Object") || what.contains("FIELD_NAME") ? "the text ends inside an object"
                    : what.contains("Array") ? "the text ends inside an array" : "the text ends early";
        } else if (what.startsWith("Trailing token")) {
            what = "more after the event's object";
        } else if (what.startsWith("Non-standard token")) {
            what = what.replaceFirst("Non-standard token ('[^']*').*", "$1 is not a JSON number");
        } else {
            what = what.replace("was expecting (JSON String, Number, Array, Object or token 'null', 'true' or 'false')", "expected a JSON value")
                    .replaceAll("Unexpected character \\('(.+?)' \\(code \\d+\\)\\)", "Unexpected character \"$1\"")
                    .replaceAll("[:;,]?\\s*(?:enable|use|not allowed as per)\\b.*Feature.*$", "");
        }
        return e.getLocation() == null ? what
                : what + " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
    }
}
