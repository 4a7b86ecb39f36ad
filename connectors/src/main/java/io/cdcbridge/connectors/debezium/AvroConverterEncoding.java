package io.cdcbridge.connectors.debezium;

import io.cdcbridge.connectors.avro.RegistryClient;
import io.cdcbridge.connectors.avro.WireFormat;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.JsonNode;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Keys and values written as Kafka Connect's {@code io.confluent.connect.avro.AvroConverter} writes them for Debezium:
 * the Connect schema turned into Avro ({@link ConnectAvro}), registered under {@code <topic>-key} or
 * {@code <topic>-value} (TopicNameStrategy) when a topic's first event is written, and the value in Confluent's wire
 * format with the id the registry gave.
 */
final class AvroConverterEncoding {

    private record Registered(int id, Schema schema, GenericDatumWriter<Object> writer) {}

    private final RegistryClient registry;
    private final ConnectAvro avro = new ConnectAvro();
    // by the encoder's Connect schema of a topic (one object per schema) and the subject
    private final Map<ObjectNode, Map<String, Registered>> registered = new IdentityHashMap<>();
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private BinaryEncoder encoder;

    AvroConverterEncoding(RegistryClient registry) {
        this.registry = registry;
    }

    /** The record key or value: {@code subject} is {@code <topic>-key} or {@code <topic>-value}. */
    byte[] bytes(String subject, ObjectNode connectSchema, JsonNode payload) {
        Registered r = registered.computeIfAbsent(connectSchema, s -> new HashMap<>())
                .computeIfAbsent(subject, s -> register(s, connectSchema));
        out.reset();
        WireFormat.writeHeader(out, r.id());
        encoder = EncoderFactory.get().directBinaryEncoder(out, encoder);
        try {
            r.writer().write(ConnectAvro.value(r.schema(), connectSchema, payload), encoder);
            encoder.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private Registered register(String subject, ObjectNode connectSchema) {
        Schema schema = avro.schema(connectSchema);
        try {
            return new Registered(registry.register(subject, schema.toString()), schema, new GenericDatumWriter<>(schema));
        } catch (IOException e) {
            throw new UncheckedIOException(e.getMessage(), e);
        }
    }
}
