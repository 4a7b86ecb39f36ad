package io.cdcbridge.connectors.debezium;

import static io.cdcbridge.connectors.debezium.ConnectType.JSON;
import static io.cdcbridge.connectors.debezium.ConnectType.fieldSchema;
import static io.cdcbridge.connectors.debezium.ConnectType.structSchema;

import io.cdcbridge.connectors.names.DerivedNames;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.core.JsonProcessingException;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.JsonNode;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.flink.table.data.RowData;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Writes change events as Debezium's PostgreSQL (or MySQL) connector publishes them through Kafka Connect's
 * JsonConverter: topic {@code <prefix>.<schema>.<table>} (MySQL: {@code <prefix>.<db>.<table>}), the primary key as record key, the envelope (before, after, source,
 * transaction, op, ts_ms, ts_us, ts_ns) as value, each with its Connect schema when schemas are enabled, and a
 * tombstone after a delete.
 */
final class EnvelopeEncoder {

    /** Header of the delete published for a primary key change: the new key. */
    static final String NEW_KEY_HEADER = "__debezium.newkey";
    /** Header of the create published for a primary key change: the old key. */
    static final String OLD_KEY_HEADER = "__debezium.oldkey";

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final EnvelopeSettings settings;
    private final ConnectStruct key;
    private final ConnectStruct row;
    private final SourceBlock source;
    private final AvroConverterEncoding avro; // null: JSON
    // the schemas name the table, so there is one pair per topic name
    private final Map<String, Schemas> schemas = new HashMap<>();

    private record Schemas(ObjectNode key, ObjectNode envelope) {}

    /** Throws IllegalArgumentException naming the column when a column's type cannot be encoded. */
    EnvelopeEncoder(EnvelopeSettings settings) {
        this.settings = settings;
        this.key = settings.keyColumns().length == 0 ? null : ConnectStruct.of(settings.consumedType(),
                settings.keyColumns(), settings.semanticTypes(), settings.decimals());
        this.row = ConnectStruct.of(settings.consumedType(),
                IntStream.range(0, settings.physicalFieldCount()).toArray(), settings.semanticTypes(),
                settings.decimals());
        this.source = new SourceBlock(settings);
        this.avro = settings.registry() == null ? null : new AvroConverterEncoding(settings.registry());
    }

    /** The row's primary key as a JSON object (comparable with equals), or null for a table without one. */
    ObjectNode key(RowData r) {
        return key == null ? null : key.value(r);
    }

    /** The Kafka records of one event: the event, then its tombstone when it is a delete and tombstones are on. */
    List<ProducerRecord<byte[], byte[]>> records(Change change, Instant now) {
        RowData latest = change.latest();
        String base = DerivedNames.topic(settings.topicPrefix() + "." + source.topicName(latest));
        String topic = settings.topic() != null ? settings.topic() : base;
        Schemas named = schemas.computeIfAbsent(base, this::schemasOf);
        boolean snapshot = source.snapshot(latest, change.op());

        ObjectNode payload = JSON.objectNode();
        payload.set("before", change.before() == null ? JSON.nullNode() : row.value(change.before()));
        payload.set("after", change.after() == null ? JSON.nullNode() : row.value(change.after()));
        payload.set("source", source.value(latest, snapshot, now));
        payload.putNull("transaction"); // Debezium's default: provide.transaction.metadata=false
        payload.put("op", snapshot ? "r" : change.op().code);
        payload.put("ts_ms", now.toEpochMilli());
        payload.put("ts_us", SourceBlock.micros(now));
        payload.put("ts_ns", SourceBlock.nanos(now));

        byte[] keyBytes = key == null ? null : bytes(topic + "-key", named.key(), key.value(latest));
        ProducerRecord<byte[], byte[]> event = new ProducerRecord<>(topic, keyBytes,
                bytes(topic + "-value", named.envelope(), payload));
        if (change.newKeyRow() != null && key != null) {
            event.headers().add(NEW_KEY_HEADER, bytes(null, key.value(change.newKeyRow())));
        }
        if (change.oldKeyRow() != null && key != null) {
            event.headers().add(OLD_KEY_HEADER, bytes(null, key.value(change.oldKeyRow())));
        }
        List<ProducerRecord<byte[], byte[]>> out = new ArrayList<>(2);
        out.add(event);
        if (change.op() == Change.Operation.DELETE && settings.tombstones() && keyBytes != null) {
            out.add(new ProducerRecord<>(topic, keyBytes, null));
        }
        return out;
    }

    private Schemas schemasOf(String base) {
        ObjectNode keySchema = key == null ? null : key.schema(base + ".Key", false);
        ObjectNode transaction = structSchema(List.of(
                fieldSchema("string", false, "id"),
                fieldSchema("int64", false, "total_order"),
                fieldSchema("int64", false, "data_collection_order")), true, "event.block", 1);
        ObjectNode envelope = structSchema(List.of(
                row.schema(base + ".Value", true).put("field", "before"),
                row.schema(base + ".Value", true).put("field", "after"),
                source.schema(),
                transaction.put("field", "transaction"),
                fieldSchema("string", false, "op"),
                fieldSchema("int64", true, "ts_ms"),
                fieldSchema("int64", true, "ts_us"),
                fieldSchema("int64", true, "ts_ns")), false, base + ".Envelope", 2);
        return new Schemas(keySchema, envelope);
    }

    // AvroConverter's wire format under the subject, or JsonConverter's
    private byte[] bytes(String subject, ObjectNode schema, JsonNode payload) {
        return avro != null ? avro.bytes(subject, schema, payload) : bytes(schema, payload);
    }

    // JsonConverter's framing: {"schema": ..., "payload": ...} with schemas enabled, the bare payload otherwise.
    private byte[] bytes(ObjectNode schema, JsonNode payload) {
        JsonNode message = payload;
        if (schema != null && settings.schemasEnable()) {
            ObjectNode framed = JSON.objectNode();
            framed.set("schema", schema);
            framed.set("payload", payload);
            message = framed;
        }
        try {
            return MAPPER.writeValueAsBytes(message);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a change event as JSON: " + e.getMessage(), e);
        }
    }
}
