package io.cdcbridge.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cdcbridge.cli.topic.AvroJson;
import io.cdcbridge.cli.topic.TopicReader;
import io.cdcbridge.connectors.avro.RegistryClient;
import java.io.IOException;
import io.cdcbridge.control.workspace.Json;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code cdcbridge consume TOPIC}: prints a topic's records. A tombstone (no value) and an empty value are told
 * apart, Avro in Confluent's wire format is decoded to JSON with the schema registry, and a value that is not UTF-8
 * otherwise is shown as base64, never with replacement characters.
 */
@Command(name = "consume", mixinStandardHelpOptions = true,
        description = "Prints the records of a Kafka topic (key, value; tombstones and empty values marked).")
final class ConsumeCommand implements Callable<Integer> {

    @Parameters(paramLabel = "TOPIC")
    String topic;

    @Option(names = "--from-beginning", description = "Start at the oldest record instead of the newest.")
    boolean fromBeginning;

    @Option(names = "--max", defaultValue = "0", description = "Stop after N records (0: no limit).")
    int max;

    @Option(names = "--idle-timeout", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Stop when no record arrived for this long once what the topic held at the start is read ("
                    + DurationConverter.SYNTAX + "; default: wait for ever).")
    Duration idle;

    @Option(names = "--base64", description = "With --json: write keys and values as base64 of their bytes.")
    boolean base64;

    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT",
            description = "Kafka to read from (default: the server's $${KAFKA_BOOTSTRAP_SERVERS}).")
    String bootstrap;

    // the spelling of earlier versions, still taken
    @Option(names = {"--bootstrap-server", "--bootstrap"}, hidden = true)
    void bootstrapAlias(String servers) {
        bootstrap = servers;
    }

    @Option(names = "--registry", paramLabel = "URL",
            description = "The schema registry Avro records are decoded with (default: the server's, $${SCHEMA_REGISTRY_URL}).")
    String registry;

    @Mixin
    ClientOptions client;

    // decodes keys and values in Confluent's wire format; looked up at the first such record
    private AvroJson avro;
    private boolean avroLooked;

    @Override
    public Integer call() {
        String servers = client.kafkaBootstrapServers(bootstrap, "--bootstrap-servers");
        Duration idleTimeout = idle == null ? Duration.ofDays(3650) : idle;
        int read = TopicReader.readRecords(servers, topic, fromBeginning, max, idleTimeout,
                r -> System.out.println(client.json ? json(r) : text(r, this::avro)));
        if (read == 0) {
            System.err.println(fromBeginning ? "topic '" + topic + "' exists and holds no records"
                    : "no new records in topic '" + topic + "' (--from-beginning reads those it holds)");
        }
        return 0;
    }

    /** The human form of a record: key and value, "(tombstone)" or "(empty)"; then its headers, if any. */
    static String text(ConsumerRecord<byte[], byte[]> r) {
        return text(r, bytes -> null);
    }

    // as above, Avro in the wire format shown as JSON where {@code avro} decodes it
    private static String text(ConsumerRecord<byte[], byte[]> r, java.util.function.Function<byte[], JsonNode> avro) {
        StringBuilder s = new StringBuilder("key: " + shown(r.key(), avro) + "  value: "
                + (r.value() == null ? "(tombstone)" : r.value().length == 0 ? "(empty)" : shown(r.value(), avro)));
        for (Header h : r.headers()) s.append("\n  ").append(h.key()).append(": ").append(shown(h.value()));
        return s.toString();
    }

    private String json(ConsumerRecord<byte[], byte[]> r) {
        ObjectNode o = Json.MAPPER.createObjectNode();
        o.put("topic", r.topic());
        o.put("partition", r.partition());
        o.put("offset", r.offset());
        o.put("timestamp", r.timestamp());
        put(o, "key", r.key());
        put(o, "value", r.value());
        o.put("tombstone", r.value() == null);
        ObjectNode headers = o.putObject("headers");
        for (Header h : r.headers()) headers.put(h.key(), h.value() == null ? null : shown(h.value()));
        return o.toString();
    }

    // JSON as JSON, other UTF-8 as a string, other bytes (and all with --base64) as base64 with "<field>_encoding"
    private void put(ObjectNode o, String field, byte[] bytes) {
        if (bytes == null) {
            o.putNull(field);
            return;
        }
        JsonNode decoded = base64 ? null : avro(bytes);
        if (decoded != null) {
            o.set(field, decoded);
            o.put(field + "_encoding", "avro");
            try {
                o.put(field + "_schema_id", AvroJson.schemaId(bytes));
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            return;
        }
        String text = base64 ? null : utf8(bytes);
        if (text == null) {
            o.put(field, Base64.getEncoder().encodeToString(bytes));
            o.put(field + "_encoding", "base64");
            return;
        }
        o.set(field, parsed(text));
    }

    private static JsonNode parsed(String s) {
        if (s.isBlank()) return Json.MAPPER.getNodeFactory().textNode(s);
        try {
            return Json.MAPPER.readTree(s);
        } catch (Exception e) {
            return Json.MAPPER.getNodeFactory().textNode(s);
        }
    }

    private static String shown(byte[] bytes, java.util.function.Function<byte[], JsonNode> avro) {
        JsonNode decoded = avro.apply(bytes);
        return decoded != null ? decoded.toString() : shown(bytes);
    }

    // the JSON of an Avro record in Confluent's wire format, null for anything else (or without a registry)
    private JsonNode avro(byte[] bytes) {
        if (!AvroJson.looksLikeAvro(bytes)) return null;
        if (!avroLooked) {
            avroLooked = true;
            RegistryClient found = client.registry(registry);
            if (found == null) System.err.println("records look like Avro in Confluent's wire format, but no schema registry"
                    + " was found (the server's, or --registry URL): shown as bytes");
            else avro = new AvroJson(found);
        }
        if (avro == null) return null;
        try {
            return avro.decode(bytes);
        } catch (IOException | RuntimeException e) {
            System.err.println("a record that looks like Avro cannot be decoded with " + avro.url() + ": " + e.getMessage());
            return null;
        }
    }

    private static String shown(byte[] bytes) {
        if (bytes == null) return "null";
        String text = utf8(bytes);
        return text != null ? text : "(not UTF-8, " + bytes.length + " bytes, base64) " + Base64.getEncoder().encodeToString(bytes);
    }

    private static String utf8(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }
}
