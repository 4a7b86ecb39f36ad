package io.cdcbridge.connectors.debezium;

import static io.cdcbridge.connectors.debezium.ConnectType.fieldSchema;
import static io.cdcbridge.connectors.debezium.ConnectType.structSchema;

import io.cdcbridge.connectors.names.DerivedNames;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.core.JsonGenerator;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.core.JsonProcessingException;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.util.TokenBuffer;
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

    /** What a key or value holds, written into a generator. */
    @FunctionalInterface
    private interface Content {
        void write(JsonGenerator g) throws IOException;
    }

    private final EnvelopeSettings settings;
    private final ConnectStruct key;
    private final ConnectStruct row;
    private final SourceBlock source;
    private final AvroConverterEncoding avro; // null: JSON
    // the schemas name the table, so there is one pair per topic name
    private final Map<String, Schemas> schemas = new HashMap<>();
    // one buffer for every event of this writer: the producer copies nothing, the record gets its own array
    private final ByteArrayOutputStream out = new ByteArrayOutputStream(8192);

    /**
     * A topic's Connect schemas, and JsonConverter's framing up to the payload with the schema in it, rendered once: the
     * schema is the same for every event of a table and most of an event's bytes.
     */
    private record Schemas(ObjectNode key, ObjectNode envelope, byte[] keyFraming, byte[] envelopeFraming) {}

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

    /** The row's primary key as JSON (comparable with equals), or null for a table without one. */
    ByteBuffer key(RowData r) {
        return key == null ? null : ByteBuffer.wrap(json(null, g -> key.write(g, r)));
    }

    /** The Kafka records of one event: the event, then its tombstone when it is a delete and tombstones are on. */
    List<ProducerRecord<byte[], byte[]>> records(Change change, Instant now) {
        RowData latest = change.latest();
        String base = DerivedNames.topic(settings.topicPrefix() + "." + source.topicName(latest));
        String topic = settings.topic() != null ? settings.topic() : base;
        Schemas named = schemas.computeIfAbsent(base, this::schemasOf);
        boolean snapshot = source.snapshot(latest, change.op());

        Content payload = g -> {
            g.writeStartObject();
            writeImage(g, "before", change.before());
            writeImage(g, "after", change.after());
            g.writeFieldName("source");
            source.write(g, latest, snapshot, now);
            g.writeNullField("transaction"); // Debezium's default: provide.transaction.metadata=false
            g.writeStringField("op", snapshot ? "r" : change.op().code);
            g.writeNumberField("ts_ms", now.toEpochMilli());
            g.writeNumberField("ts_us", SourceBlock.micros(now));
            g.writeNumberField("ts_ns", SourceBlock.nanos(now));
            g.writeEndObject();
        };
        byte[] keyBytes = key == null ? null
                : bytes(topic + "-key", named.key(), named.keyFraming(), g -> key.write(g, latest));
        ProducerRecord<byte[], byte[]> event = new ProducerRecord<>(topic, keyBytes,
                bytes(topic + "-value", named.envelope(), named.envelopeFraming(), payload));
        if (change.newKeyRow() != null && key != null) {
            event.headers().add(NEW_KEY_HEADER, json(null, g -> key.write(g, change.newKeyRow())));
        }
        if (change.oldKeyRow() != null && key != null) {
            event.headers().add(OLD_KEY_HEADER, json(null, g -> key.write(g, change.oldKeyRow())));
        }
        List<ProducerRecord<byte[], byte[]>> out = new ArrayList<>(2);
        out.add(event);
        if (change.op() == Change.Operation.DELETE && settings.tombstones() && keyBytes != null) {
            out.add(new ProducerRecord<>(topic, keyBytes, null));
        }
        return out;
    }

    private void writeImage(JsonGenerator g, String field, RowData image) throws IOException {
        g.writeFieldName(field);
        if (image == null) g.writeNull();
        else row.write(g, image);
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
        return new Schemas(keySchema, envelope, framing(keySchema), framing(envelope));
    }

    // JsonConverter's {"schema": ..., "payload": with schemas enabled; null (the bare payload) otherwise
    private byte[] framing(ObjectNode schema) {
        if (schema == null || !settings.schemasEnable()) return null;
        try {
            return ("{\"schema\":" + MAPPER.writeValueAsString(schema) + ",\"payload\":").getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a Connect schema as JSON: " + e.getMessage(), e);
        }
    }

    // AvroConverter's wire format under the subject, or JsonConverter's
    private byte[] bytes(String subject, ObjectNode schema, byte[] framing, Content payload) {
        if (avro != null) {
            TokenBuffer tree = new TokenBuffer(MAPPER, false);
            try {
                payload.write(tree);
                return avro.bytes(subject, schema, MAPPER.readTree(tree.asParser()));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write a change event: " + e.getMessage(), e);
            }
        }
        return json(framing, payload);
    }

    // The content as JSON, after the framing when there is one (then closed with its '}')
    private byte[] json(byte[] framing, Content content) {
        out.reset();
        try {
            if (framing != null) out.write(framing);
            try (JsonGenerator g = MAPPER.getFactory().createGenerator(out)) {
                content.write(g);
            }
            if (framing != null) out.write('}');
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write a change event as JSON: " + e.getMessage(), e);
        }
        return out.toByteArray();
    }
}
