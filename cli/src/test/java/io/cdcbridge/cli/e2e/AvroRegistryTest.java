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

        debeziumKafkaInAvroWritesTheEnvelopeAsDebeziumsAvroConverter(node, registry);
    }

    // debezium-kafka with 'format' = 'avro-confluent': the envelope as Debezium's AvroConverter writes it (a column and
    // a table name Avro and Kafka refuse adjusted as Debezium adjusts them), read by Confluent's client field by field
    // and by a Kafka source of the same server
    private static void debeziumKafkaInAvroWritesTheEnvelopeAsDebeziumsAvroConverter(NodeAvroClient node, String registry)
            throws Exception {
        long from = System.currentTimeMillis();
        JsonNode applied = STACK.server().runScript(new ScriptRequest("avro-debezium.sql", """
                CREATE TABLE orders_events (id INT NOT NULL, `display name` STRING, qty BIGINT, PRIMARY KEY (id) NOT ENFORCED)
                  WITH ('connector' = 'debezium-kafka', 'topic.prefix' = 'shop', 'source.schema' = 'public',
                        'source.table' = 'order lines', 'properties.bootstrap.servers' = '${KAFKA_BOOTSTRAP_SERVERS}',
                        'format' = 'avro-confluent', 'avro-confluent.url' = '${SCHEMA_REGISTRY_URL}');
                SET 'client.statement-name' = 'avro-orders-events';
                INSERT INTO orders_events SELECT id, name, qty FROM avro_orders;
                """, Map.of(), false));
        assertThat(applied.toString()).contains("avro-orders-events");
        String topic = "shop.public.order_lines";
        List<byte[][]> written = awaitRecords(topic, 4);
        long to = System.currentTimeMillis();

        JsonNode valueSchema = JSON.readTree(registryGet(registry + "/subjects/" + topic + "-value/versions/latest")
                .path("schema").asText());
        assertThat(valueSchema.path("name").asText()).isEqualTo("Envelope");
        assertThat(valueSchema.path("namespace").asText()).isEqualTo(topic);
        assertThat(valueSchema.path("connect.name").asText()).isEqualTo(topic + ".Envelope");
        assertThat(valueSchema.path("connect.version").asInt()).isEqualTo(2);
        assertThat(valueSchema.path("fields").get(0).toString()).isEqualTo("{\"name\":\"before\",\"type\":[\"null\","
                + "{\"type\":\"record\",\"name\":\"Value\",\"fields\":["
                + "{\"name\":\"id\",\"type\":\"int\"},"
                + "{\"name\":\"display_name\",\"type\":[\"null\",\"string\"],\"default\":null},"
                + "{\"name\":\"qty\",\"type\":[\"null\",\"long\"],\"default\":null}],"
                + "\"connect.name\":\"shop.public.order_lines.Value\"}],\"default\":null}");
        assertThat(valueSchema.path("fields").get(1).toString())
                .isEqualTo("{\"name\":\"after\",\"type\":[\"null\",\"Value\"],\"default\":null}");
        JsonNode source = valueSchema.path("fields").get(2).path("type");
        assertThat(source.path("name").asText() + " " + source.path("namespace").asText())
                .isEqualTo("Source io.debezium.connector.postgresql");
        assertThat(source.path("fields").get(4).toString()).isEqualTo("{\"name\":\"snapshot\",\"type\":[{\"type\":\"string\","
                + "\"connect.version\":1,\"connect.parameters\":{\"allowed\":\"true,first,first_in_data_collection,"
                + "last_in_data_collection,last,false,incremental\"},\"connect.default\":\"false\","
                + "\"connect.name\":\"io.debezium.data.Enum\"},\"null\"],\"default\":\"false\"}");
        assertThat(registryGet(registry + "/subjects/" + topic + "-key/versions/latest").path("schema").asText())
                .isEqualTo("{\"type\":\"record\",\"name\":\"Key\",\"namespace\":\"shop.public.order_lines\","
                        + "\"fields\":[{\"name\":\"id\",\"type\":\"int\"}],\"connect.name\":\"shop.public.order_lines.Key\"}");

        // Confluent's client reads every field
        ArrayNode records = JSON.createArrayNode();
        for (byte[][] r : written) {
            records.addObject().put("key", Base64.getEncoder().encodeToString(r[0])).put("value", Base64.getEncoder().encodeToString(r[1]));
        }
        List<String> events = new ArrayList<>();
        for (JsonNode e : node.decode(registry, topic, records)) {
            com.fasterxml.jackson.databind.node.ObjectNode value = (com.fasterxml.jackson.databind.node.ObjectNode) e.path("value");
            com.fasterxml.jackson.databind.node.ObjectNode src = (com.fasterxml.jackson.databind.node.ObjectNode) value.path("source");
            for (com.fasterxml.jackson.databind.node.ObjectNode times : List.of(value, src)) {
                assertThat(times.path("ts_ms").asLong()).isBetween(from, to);
                assertThat(times.path("ts_us").asLong() / 1000).isEqualTo(times.path("ts_ms").asLong());
                assertThat(Long.parseLong(times.path("ts_ns").asText()) / 1_000_000).isEqualTo(times.path("ts_ms").asLong());
                times.remove(List.of("ts_ms", "ts_us", "ts_ns"));
            }
            events.add(e.toString());
        }
        String sourceBlock = "{\"version\":\"3.6.1.Final\",\"connector\":\"postgresql\",\"name\":\"shop\",\"snapshot\":\"false\","
                + "\"db\":\"\",\"sequence\":null,\"schema\":\"public\",\"table\":\"order lines\",\"txId\":null,\"lsn\":null,"
                + "\"xmin\":null,\"origin\":null,\"origin_lsn\":null}";
        assertThat(events).containsExactlyInAnyOrder(
                "{\"key\":{\"id\":1},\"value\":{\"before\":null,\"after\":{\"id\":1,\"display_name\":\"pasta\",\"qty\":3},"
                        + "\"source\":" + sourceBlock + ",\"transaction\":null,\"op\":\"c\"}}",
                "{\"key\":{\"id\":2},\"value\":{\"before\":null,\"after\":{\"id\":2,\"display_name\":null,\"qty\":null},"
                        + "\"source\":" + sourceBlock + ",\"transaction\":null,\"op\":\"c\"}}",
                "{\"key\":{\"id\":7},\"value\":{\"before\":null,\"after\":{\"id\":7,\"display_name\":\"rice\",\"qty\":70000000000},"
                        + "\"source\":" + sourceBlock + ",\"transaction\":null,\"op\":\"c\"}}",
                "{\"key\":{\"id\":8},\"value\":{\"before\":null,\"after\":{\"id\":8,\"display_name\":\"tea\",\"qty\":1},"
                        + "\"source\":" + sourceBlock + ",\"transaction\":null,\"op\":\"c\"}}");

        // a Kafka source reads the envelope back into its own columns (records named, and a column spelled, otherwise)
        STACK.server().runScript(new ScriptRequest("avro-debezium-in.sql", """
                CREATE TABLE orders_events_in (`after` ROW<id INT, `display name` STRING, qty BIGINT>, op STRING,
                                               `source` ROW<`table` STRING, snapshot STRING>)
                  WITH ('connector' = 'kafka', 'topic' = 'shop.public.order_lines',
                        'properties.bootstrap.servers' = '${KAFKA_BOOTSTRAP_SERVERS}', 'scan.startup.mode' = 'earliest-offset',
                        'format' = 'avro-confluent', 'avro-confluent.url' = '${SCHEMA_REGISTRY_URL}');
                """, Map.of(), false));
        JsonNode rows = STACK.server().query(new QueryRequest("SELECT `after`.id, `after`.`display name`, `after`.qty, op,"
                + " `source`.`table`, `source`.snapshot FROM orders_events_in", 4, Map.of()));
        List<String> read = new ArrayList<>();
        rows.path("rows").forEach(r -> read.add(r.toString()));
        assertThat(read).containsExactlyInAnyOrder("[\"1\",\"pasta\",\"3\",\"c\",\"order lines\",\"false\"]",
                "[\"2\",null,null,\"c\",\"order lines\",\"false\"]",
                "[\"7\",\"rice\",\"70000000000\",\"c\",\"order lines\",\"false\"]",
                "[\"8\",\"tea\",\"1\",\"c\",\"order lines\",\"false\"]");
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
