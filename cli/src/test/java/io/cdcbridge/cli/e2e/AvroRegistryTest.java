package io.cdcbridge.cli.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.cdcbridge.cli.support.CommandRun;
import io.cdcbridge.cli.support.NodeAvroClient;
import io.cdcbridge.cli.support.StackExtension;
import io.cdcbridge.cli.topic.TopicReader;
import io.cdcbridge.cli.topic.TopicRecord;
import io.cdcbridge.cli.topic.TopicWriter;
import io.cdcbridge.control.server.QueryRequest;
import io.cdcbridge.control.server.ScriptRequest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Avro with the registry whose subjects are the contracts, proved with a third party: cdcbridge writes an upsert
 * topic with {@code 'format' = 'avro-confluent'} (key and value), Confluent's own Node.js client decodes it with
 * cdcbridge's registry, writes a record of its own with the subjects' latest versions, and cdcbridge reads that back;
 * {@code produce --format avro} encodes rows with the contract's versions and {@code consume} decodes them all.
 * The client is installed with npm into target/ from a pinned lock file ({@link NodeAvroClient}).
 */
@Tag("integration")
class AvroRegistryTest {

    @RegisterExtension
    static final StackExtension STACK = new StackExtension("kafka");

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void confluentsNodeClientReadsWhatCdcbridgeWritesAndCdcbridgeReadsWhatItWrites() throws Exception {
        NodeAvroClient node = NodeAvroClient.install();
        TopicWriter.write(STACK.bootstrap(), "avro_src", List.of(
                new TopicRecord("avro_src", -1, -1, 0, null, "{\"id\":1,\"name\":\"pasta\",\"qty\":3,\"price\":2.5,\"ok\":true}"),
                new TopicRecord("avro_src", -1, -1, 0, null, "{\"id\":2,\"name\":null,\"qty\":null,\"price\":-0.125,\"ok\":false}")));
        JsonNode applied = STACK.server().runScript(new ScriptRequest("avro.sql", """
                CREATE TABLE avro_src (id INT, name STRING, qty BIGINT, price DOUBLE, ok BOOLEAN)
                  WITH ('connector' = 'kafka', 'topic' = 'avro_src', 'properties.bootstrap.servers' = '${KAFKA_BOOTSTRAP_SERVERS}',
                        'scan.startup.mode' = 'earliest-offset', 'format' = 'json');
                CREATE TABLE avro_orders (id INT NOT NULL, name STRING, qty BIGINT, price DOUBLE, ok BOOLEAN,
                                          PRIMARY KEY (id) NOT ENFORCED)
                  WITH ('connector' = 'upsert-kafka', 'topic' = 'avro_orders',
                        'properties.bootstrap.servers' = '${KAFKA_BOOTSTRAP_SERVERS}',
                        'key.format' = 'avro-confluent', 'key.avro-confluent.url' = '${SCHEMA_REGISTRY_URL}',
                        'value.format' = 'avro-confluent', 'value.avro-confluent.url' = '${SCHEMA_REGISTRY_URL}');
                SET 'client.statement-name' = 'avro-orders';
                INSERT INTO avro_orders SELECT id, name, qty, price, ok FROM avro_src WHERE id IS NOT NULL;
                """, Map.of(), false));
        assertThat(applied.toString()).contains("avro-orders");
        String registry = STACK.stack().url() + "/registry";

        // what cdcbridge wrote: Confluent's wire format with the ids of the contract's subjects
        List<byte[][]> written = awaitRecords("avro_orders", 2);
        int valueId = registryGet(registry + "/subjects/avro_orders-value/versions/latest").path("id").asInt();
        int keyId = registryGet(registry + "/subjects/avro_orders-key/versions/latest").path("id").asInt();
        for (byte[][] r : written) {
            assertThat(r[0][0]).isEqualTo((byte) 0);
            assertThat(java.nio.ByteBuffer.wrap(r[0], 1, 4).getInt()).isEqualTo(keyId);
            assertThat(r[1][0]).isEqualTo((byte) 0);
            assertThat(java.nio.ByteBuffer.wrap(r[1], 1, 4).getInt()).isEqualTo(valueId);
        }
        assertThat(registryGet(registry + "/subjects/avro_orders-value/versions/latest").path("schema").asText())
                .isEqualTo("{\"type\":\"record\",\"name\":\"avro_orders\",\"fields\":[{\"name\":\"id\",\"type\":\"int\"},"
                        + "{\"name\":\"name\",\"type\":[\"null\",\"string\"],\"default\":null},"
                        + "{\"name\":\"qty\",\"type\":[\"null\",\"long\"],\"default\":null},"
                        + "{\"name\":\"price\",\"type\":[\"null\",\"double\"],\"default\":null},"
                        + "{\"name\":\"ok\",\"type\":[\"null\",\"boolean\"],\"default\":null}]}");

        // ... read by Confluent's client
        ArrayNode records = JSON.createArrayNode();
        for (byte[][] r : written) {
            records.addObject().put("key", Base64.getEncoder().encodeToString(r[0])).put("value", Base64.getEncoder().encodeToString(r[1]));
        }
        JsonNode decoded = node.decode(registry, "avro_orders", records);
        List<String> read = new ArrayList<>();
        decoded.forEach(r -> read.add(r.toString()));
        assertThat(read).containsExactlyInAnyOrder(
                "{\"key\":{\"id\":1},\"value\":{\"id\":1,\"name\":\"pasta\",\"qty\":3,\"price\":2.5,\"ok\":true}}",
                "{\"key\":{\"id\":2},\"value\":{\"id\":2,\"name\":null,\"qty\":null,\"price\":-0.125,\"ok\":false}}");

        // what Confluent's client writes with the contract's latest versions, cdcbridge reads
        JsonNode encoded = node.encode(registry, "avro_orders", JSON.readTree(
                "[{\"key\":{\"id\":7},\"value\":{\"id\":7,\"name\":\"rice\",\"qty\":70000000000,\"price\":1.75,\"ok\":null}}]"));
        produce("avro_orders", Base64.getDecoder().decode(encoded.get(0).path("key").asText()),
                Base64.getDecoder().decode(encoded.get(0).path("value").asText()));
        // produce --format avro encodes rows with the contract's versions, refusing one that does not fit naming the field
        Path rowsFile = Files.createTempFile("avro-rows", ".json");
        Files.writeString(rowsFile, "{\"id\":8,\"name\":\"tea\",\"qty\":1,\"price\":0.5,\"ok\":true}\n"
                + "{\"id\":9,\"name\":\"soup\",\"qty\":\"many\",\"price\":1,\"ok\":true}\n");
        CommandRun produced = CommandRun.of("produce", "--format", "avro", "--file", rowsFile.toString(), "--topic", "avro_orders",
                "--key", "id", "--server", STACK.stack().url());
        assertThat(produced.code()).as(produced.err()).isZero();
        assertThat(produced.out()).contains("event 2 (line 2) is invalid: field 'qty' must be a whole number (long) (schema id "
                        + valueId + " of subject 'avro_orders-value') (skipped)")
                .contains("sent 1 of 2 events from " + rowsFile + " to 'avro_orders'; 1 invalid");

        // consume decodes Avro to JSON with the server's registry
        CommandRun consumed = CommandRun.of("consume", "avro_orders", "--from-beginning", "--idle-timeout", "3s",
                "--server", STACK.stack().url());
        assertThat(consumed.code()).as(consumed.err()).isZero();
        // the topic's partitions are read one after another: rows in any order
        assertThat(consumed.out().lines().toList()).containsExactlyInAnyOrder(
                "key: {\"id\":1}  value: {\"id\":1,\"name\":\"pasta\",\"qty\":3,\"price\":2.5,\"ok\":true}",
                "key: {\"id\":2}  value: {\"id\":2,\"name\":null,\"qty\":null,\"price\":-0.125,\"ok\":false}",
                "key: {\"id\":7}  value: {\"id\":7,\"name\":\"rice\",\"qty\":70000000000,\"price\":1.75,\"ok\":null}",
                "key: {\"id\":8}  value: {\"id\":8,\"name\":\"tea\",\"qty\":1,\"price\":0.5,\"ok\":true}");
        JsonNode last = null;
        for (String line : CommandRun.of("consume", "avro_orders", "--from-beginning", "--idle-timeout", "3s",
                "--server", STACK.stack().url(), "--json").out().lines().toList()) {
            JsonNode record = JSON.readTree(line);
            if (record.path("key").path("id").asInt() == 8) last = record;
        }
        assertThat(last).isNotNull();
        assertThat(last.path("value_encoding").asText()).isEqualTo("avro");
        assertThat(last.path("value_schema_id").asInt()).isEqualTo(valueId);
        assertThat(last.path("key").toString()).isEqualTo("{\"id\":8}");

        JsonNode rows = STACK.server().query(new QueryRequest("SELECT id, name, qty, price, ok FROM avro_orders", 4, Map.of()));
        read.clear();
        rows.path("rows").forEach(r -> read.add(r.toString()));
        assertThat(read).containsExactlyInAnyOrder("[\"1\",\"pasta\",\"3\",\"2.5\",\"true\"]",
                "[\"2\",null,null,\"-0.125\",\"false\"]", "[\"7\",\"rice\",\"70000000000\",\"1.75\",null]",
                "[\"8\",\"tea\",\"1\",\"0.5\",\"true\"]");
    }

    private static JsonNode registryGet(String url) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    private static List<byte[][]> awaitRecords(String topic, int count) {
        List<byte[][]> out = new ArrayList<>();
        Awaitility.await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1)).until(() -> {
            out.clear();
            TopicReader.readRecords(STACK.bootstrap(), topic, true, 0, Duration.ofSeconds(1), r -> out.add(new byte[][] {r.key(), r.value()}));
            return out.size() >= count;
        });
        return out;
    }

    private static void produce(String topic, byte[] key, byte[] value) throws Exception {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, STACK.bootstrap());
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p)) {
            producer.send(new ProducerRecord<>(topic, key, value)).get(30, TimeUnit.SECONDS);
        }
    }
}
