package io.cdcbridge.connectors.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cdcbridge.connectors.deadletter.DeadLetter;
import io.cdcbridge.embedded.EmbeddedKafka;
import io.cdcbridge.embedded.junit.KafkaExtension;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.table.api.TableResult;
import org.apache.flink.table.api.ValidationException;
import org.apache.flink.types.Row;
import org.apache.flink.util.CloseableIterator;
import org.apache.flink.util.ExceptionUtils;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The seed's source table on {@code cdcbridge-kafka} with {@code cdc-json}, against a real broker and a Flink
 * MiniCluster: every malformed event lands in the dead-letter topic with its reason and origin, every good one is
 * decoded, and the job keeps running.
 */
@Tag("integration")
@ExtendWith(KafkaExtension.class)
class KafkaDeadLetterTest {

    // The seed's users_cdc_raw, with the connector and format of cdcbridge.
    private static final String SOURCE = """
            CREATE TABLE users_cdc_raw (
              op STRING,
              `before` ROW<user_id BIGINT, name STRING, email STRING, country_code STRING>,
              `after`  ROW<user_id BIGINT, name STRING, email STRING, country_code STRING>,
              timestamp_ms BIGINT,
              ts AS TO_TIMESTAMP_LTZ(timestamp_ms, 3),
              WATERMARK FOR ts AS ts - INTERVAL '10' SECOND
            ) WITH (
              'connector' = 'cdcbridge-kafka',
              'topic' = '%s',
              'properties.bootstrap.servers' = '%s',
              'properties.group.id' = '%s',
              'scan.startup.mode' = 'earliest-offset',
              'format' = 'cdc-json',
              'cdc-json.key-fields' = 'user_id',
              'cdc-json.timestamp-field' = 'timestamp_ms'%s
            )""";

    static EmbeddedKafka kafka;

    @BeforeAll
    static void sharedKafka(EmbeddedKafka shared) {
        kafka = shared;
    }

    @Test
    void malformedEventsGoToTheDeadLetterTopicWithReasonAndOriginWhileTheRestIsDecoded() throws Exception {
        kafka.createTopic("users_cdc", 2);
        send("users_cdc", 0, "101", """
                {"op":"c","after":{"user_id":101,"name":"Daniel Kim"},"timestamp_ms":1726531200000}""");
        send("users_cdc", 0, "102", "{\"op\":\"c\",\"after\":{\"user_id\":102");
        send("users_cdc", 0, "101", """
                {"op":"u","before":{"user_id":101,"name":"Daniel Kim"},"after":{"user_id":101,"name":"Daniel J. Kim"},"timestamp_ms":1726531260000}""");
        send("users_cdc", 0, "404", """
                {"op":"x","after":{"user_id":404,"name":"Nobody"},"timestamp_ms":1726531290000}""");
        send("users_cdc", 1, "202", """
                {"op":"c","after":{"user_id":202,"name":"Priya Nair"},"timestamp_ms":1726531250000}""");
        send("users_cdc", 1, null, """
                {"op":"c","after":{"name":"No Id"},"timestamp_ms":1726531280000}""");
        send("users_cdc", 1, "505", """
                {"op":"c","after":{"user_id":505,"name":"No Time"}}""");
        send("users_cdc", 1, "606", """
                {"op":"c","after":{"user_id":"six","name":"Wrong Type"},"timestamp_ms":1726531300000}""");
        send("users_cdc", 1, "202", null);

        TableEnvironment env = environment("decode-users");
        env.executeSql(SOURCE.formatted("users_cdc", kafka.bootstrapServers(), "decode-users", ""));
        String query = "SELECT op, `before`.user_id, `after`.user_id, `after`.name, timestamp_ms, ts FROM users_cdc_raw";
        // the watermark is generated in the source, per partition, as the stock kafka connector does it
        assertThat(env.explainSql(query)).contains("TableSourceScan(table=[[default_catalog, default_database, users_cdc_raw, watermark=[");
        TableResult result = env.executeSql(query);
        JobClient job = result.getJobClient().orElseThrow();
        List<String> rows = drain(result);
        try {
            Awaitility.await().atMost(Duration.ofMinutes(3)).until(() -> List.copyOf(rows), seen -> seen.size() >= 3);
            assertThat(rows).containsExactlyInAnyOrder(
                    "+I[c, null, 101, Daniel Kim, 1726531200000, 2024-09-17T00:00:00Z]",
                    "+I[u, 101, 101, Daniel J. Kim, 1726531260000, 2024-09-17T00:01:00Z]",
                    "+I[c, null, 202, Priya Nair, 1726531250000, 2024-09-17T00:00:50Z]");

            List<String> letters = deadLetters("users_cdc_dlq", 5);
            assertThat(letters).containsExactlyInAnyOrder(
                    letter("102", "{\"op\":\"c\",\"after\":{\"user_id\":102", 0, 1,
                            "malformed JSON: the text ends inside an object at line 1, column 33"),
                    letter("404", "{\"op\":\"x\",\"after\":{\"user_id\":404,\"name\":\"Nobody\"},\"timestamp_ms\":1726531290000}", 0, 3,
                            "unknown op \"x\" (expected one of c, r, u, d)"),
                    letter(null, "{\"op\":\"c\",\"after\":{\"name\":\"No Id\"},\"timestamp_ms\":1726531280000}", 1, 1,
                            "missing key 'user_id' in 'after'"),
                    letter("505", "{\"op\":\"c\",\"after\":{\"user_id\":505,\"name\":\"No Time\"}}", 1, 2,
                            "missing timestamp 'timestamp_ms'"),
                    letter("606", "{\"op\":\"c\",\"after\":{\"user_id\":\"six\",\"name\":\"Wrong Type\"},\"timestamp_ms\":1726531300000}", 1, 3,
                            "does not fit the table's columns: field after.user_id: expected a whole number (BIGINT), found \"six\""));

            // still running: a later event is decoded, and checkpoints complete (they commit the group's offsets)
            send("users_cdc", 1, "202", """
                    {"op":"d","before":{"user_id":202,"name":"Priya Nair"},"timestamp_ms":1726531310000}""");
            Awaitility.await().atMost(Duration.ofMinutes(3)).until(() -> List.copyOf(rows), seen -> seen.size() >= 4);
            assertThat(rows.get(3)).isEqualTo("+I[d, 202, null, null, 1726531310000, 2024-09-17T00:01:50Z]");
            assertThat(job.getJobStatus().get(10, TimeUnit.SECONDS)).isEqualTo(JobStatus.RUNNING);
            Awaitility.await().atMost(Duration.ofMinutes(3)).untilAsserted(() ->
                    assertThat(committed("decode-users")).containsExactlyInAnyOrderEntriesOf(Map.of(
                            new TopicPartition("users_cdc", 0), 4L, new TopicPartition("users_cdc", 1), 6L)));
        } finally {
            job.cancel().get(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void aMalformedEventOfAboutOneMebibyteLandsCutWithItsSizeAndHashAndTheJobGoesOn() throws Exception {
        kafka.createTopic("big_cdc", 1);
        // with the letter's headers this is over the producer's and the broker's default limits (1 MiB)
        String head = "{\"op\":\"c\",\"after\":{\"user_id\":7,\"name\":\"";
        String big = head + "a".repeat(1_048_400 - head.length());
        send("big_cdc", 0, "7", big);
        send("big_cdc", 0, "8", """
                {"op":"c","after":{"user_id":8,"name":"After The Big One"},"timestamp_ms":1726531200000}""");

        try (LogLines log = LogLines.of(io.cdcbridge.connectors.deadletter.DeadLetterQueue.class)) {
            TableEnvironment env = environment("big-event");
            env.executeSql(SOURCE.replace("users_cdc_raw", "big_cdc_raw").formatted("big_cdc", kafka.bootstrapServers(), "big-event", ""));
            TableResult result = env.executeSql("SELECT `after`.user_id, `after`.name FROM big_cdc_raw");
            JobClient job = result.getJobClient().orElseThrow();
            List<String> rows = drain(result);
            try {
                List<ConsumerRecord<byte[], byte[]>> letters = records("big_cdc_dlq", 1);
                assertThat(letters).hasSize(1);
                ConsumerRecord<byte[], byte[]> letter = letters.get(0);
                Map<String, String> headers = headers(letter);
                assertThat(headers).containsEntry(DeadLetter.VALUE_ORIGINAL_SIZE, "1048400")
                        .containsEntry(DeadLetter.VALUE_SHA256, DeadLetter.sha256(big.getBytes(StandardCharsets.UTF_8)))
                        .containsEntry(DeadLetter.SOURCE_OFFSET, "0")
                        .containsEntry(DeadLetter.REASON, "malformed JSON: the text ends inside a string at line 1, column 1048401");
                assertThat(text(letter.key())).isEqualTo("7");
                // compared as booleans: a failure message must not quote a mebibyte
                assertThat(letter.value().length).isBetween(1_040_000, 1_048_400);
                assertThat(big.startsWith(text(letter.value()))).isTrue();

                Awaitility.await().atMost(Duration.ofMinutes(3)).until(() -> List.copyOf(rows), seen -> seen.size() >= 1);
                assertThat(rows).containsExactly("+I[8, After The Big One]");
                // checkpoints complete (they flush the letters) and commit the offsets past both events
                Awaitility.await().atMost(Duration.ofMinutes(3)).untilAsserted(() ->
                        assertThat(committed("big-event")).containsExactlyEntriesOf(Map.of(new TopicPartition("big_cdc", 0), 2L)));
                assertThat(job.getJobStatus().get(10, TimeUnit.SECONDS)).isEqualTo(JobStatus.RUNNING);
                assertThat(log.lines()).containsExactly("big_cdc-0 offset 0 went to dead-letter topic 'big_cdc_dlq' (partition 0,"
                        + " offset 0, cut to fit): " + headers.get(DeadLetter.REASON));
            } finally {
                job.cancel().get(30, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void fuzzedMalformedEventsOfEveryKindAreAllDeadLetteredWithTheirReasonAndNoGoodEventIsLost() throws Exception {
        kafka.createTopic("fuzz_cdc", 2);
        Random random = new Random(14);
        List<MalformedEvents> kinds = MalformedEvents.all();
        int good = 400;
        int bad = 20 * kinds.size();
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < good + bad; i++) order.add(i);
        Collections.shuffle(order, random);
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
            for (int i : order) {
                ProducerRecord<byte[], byte[]> r = i < good
                        ? new ProducerRecord<>("fuzz_cdc", bytes(String.valueOf(i + 1)), MalformedEvents.good(i + 1, 1_726_531_200_000L + i))
                        : new ProducerRecord<>("fuzz_cdc", bytes("bad-" + (i - good)), kinds.get((i - good) % kinds.size()).event(random));
                producer.send(r);
            }
            producer.flush();
        }

        TableEnvironment env = environment("fuzz");
        env.executeSql(SOURCE.replace("users_cdc_raw", "fuzz_raw").formatted("fuzz_cdc", kafka.bootstrapServers(), "fuzz", ""));
        TableResult result = env.executeSql("SELECT `after`.user_id FROM fuzz_raw");
        JobClient job = result.getJobClient().orElseThrow();
        List<String> rows = drain(result);
        try {
            List<ConsumerRecord<byte[], byte[]>> letters = records("fuzz_cdc_dlq", bad);
            Awaitility.await().atMost(Duration.ofSeconds(180)).until(() -> rows.size() >= good);

            List<String> expectedRows = new ArrayList<>();
            for (int id = 1; id <= good; id++) expectedRows.add("+I[" + id + "]");
            assertThat(rows).containsExactlyInAnyOrderElementsOf(expectedRows);
            Map<String, String> reasons = new java.util.TreeMap<>();
            for (ConsumerRecord<byte[], byte[]> letter : letters) reasons.put(text(letter.key()), headers(letter).get(DeadLetter.REASON));
            assertThat(reasons).hasSize(bad);
            reasons.forEach((key, reason) -> {
                MalformedEvents kind = kinds.get(Integer.parseInt(key.substring("bad-".length())) % kinds.size());
                assertThat(reason).as(key + " (" + kind + ")").startsWith(kind.reasonStart);
            });
            assertThat(job.getJobStatus().get(10, TimeUnit.SECONDS)).isEqualTo(JobStatus.RUNNING);
        } finally {
            job.cancel().get(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void aDeadLetterThatCannotBeWrittenFailsTheJobInsteadOfBeingDropped() throws Exception {
        kafka.createTopic("orders_cdc", 1);
        send("orders_cdc", 0, null, "not json at all");
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }

        TableEnvironment env = environment("unreachable-dlq");
        env.executeSql(SOURCE.replace("users_cdc_raw", "orders_cdc_raw").formatted("orders_cdc", kafka.bootstrapServers(),
                "unreachable-dlq", ",\n'dlq.properties.bootstrap.servers' = '127.0.0.1:" + closedPort + "',"
                        + " 'dlq.properties.max.block.ms' = '1000'"));
        try (LogLines log = LogLines.of(io.cdcbridge.connectors.deadletter.DeadLetterQueue.class)) {
            TableResult result = env.executeSql("SELECT op FROM orders_cdc_raw");
            JobClient job = result.getJobClient().orElseThrow();

            assertThatThrownBy(() -> job.getJobExecutionResult().get(60, TimeUnit.SECONDS))
                    .satisfies(e -> assertThat(ExceptionUtils.stringifyException(e))
                            .contains("a dead letter could not be written to topic 'orders_cdc_dlq'"));
            // the log never claims a letter the broker did not acknowledge
            assertThat(log.lines()).noneMatch(line -> line.contains("went to dead-letter topic"));
        }
    }

    @Test
    void withAnyFormatARecordItCannotDecodeIsADeadLetter() throws Exception {
        kafka.createTopic("plain_json", 1);
        send("plain_json", 0, null, "{\"id\": 1}");
        send("plain_json", 0, null, "{\"id\": ");
        TableEnvironment env = environment("plain-json");
        env.executeSql("CREATE TABLE plain (id BIGINT) WITH ('connector' = 'cdcbridge-kafka', 'topic' = 'plain_json',"
                + " 'properties.bootstrap.servers' = '" + kafka.bootstrapServers() + "',"
                + " 'scan.startup.mode' = 'earliest-offset', 'format' = 'json')");
        TableResult result = env.executeSql("SELECT id FROM plain");
        JobClient job = result.getJobClient().orElseThrow();
        List<String> rows = drain(result);
        try {
            List<String> letters = deadLetters("plain_json_dlq", 1);
            Awaitility.await().atMost(Duration.ofMinutes(3)).until(() -> List.copyOf(rows), seen -> seen.size() >= 1);

            assertThat(rows).containsExactly("+I[1]");
            assertThat(letters).containsExactly("key=null value={\"id\":  headers={"
                    + DeadLetter.REASON + "=Failed to deserialize JSON '{\"id\": '.: Unexpected end-of-input within/between"
                    + " Object entries at [Source: (byte[])\"{\"id\": \"; line: 1, column: 8], " + DeadLetter.SOURCE_TOPIC + "=plain_json, "
                    + DeadLetter.SOURCE_PARTITION + "=0, " + DeadLetter.SOURCE_OFFSET + "=1, " + DeadLetter.STATEMENT + "=plain-json}");
        } finally {
            job.cancel().get(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void withTheStockKafkaConnectorABadEventFailsTheJobWithItsReasonInsteadOfVanishing() throws Exception {
        kafka.createTopic("items_cdc", 1);
        send("items_cdc", 0, null, "{\"op\":\"c\",\"after\":{\"name\":\"no id\"},\"timestamp_ms\":1}");

        TableEnvironment env = environment("stock-kafka");
        env.executeSql(SOURCE.replace("users_cdc_raw", "items_cdc_raw").replace("'cdcbridge-kafka'", "'kafka'")
                .formatted("items_cdc", kafka.bootstrapServers(), "stock-kafka", ""));
        JobClient job = env.executeSql("SELECT op FROM items_cdc_raw").getJobClient().orElseThrow();

        assertThatThrownBy(() -> job.getJobExecutionResult().get(60, TimeUnit.SECONDS))
                .satisfies(e -> assertThat(ExceptionUtils.stringifyException(e))
                        .contains("MalformedEventException: missing key 'user_id' in 'after'"));
    }

    @Test
    void theFormatNeedsKeyFieldsAndSaysWhichOptionIsMissing() {
        TableEnvironment env = environment("no-keys");
        env.executeSql(SOURCE.replace("'cdc-json.key-fields' = 'user_id',", "")
                .formatted("users_cdc", kafka.bootstrapServers(), "no-keys", ""));

        assertThatThrownBy(() -> env.executeSql("SELECT op FROM users_cdc_raw"))
                .isInstanceOf(ValidationException.class)
                .satisfies(e -> assertThat(ExceptionUtils.stringifyException(e)).contains(
                        "Error creating scan format 'cdc-json' in option space 'cdc-json.'",
                        "Missing required options are:\n\nkey-fields"));
    }

    @Test
    void ignoringParseErrorsIsRefusedBecauseItWouldDropRecordsSilently() {
        TableEnvironment env = environment("ignore-errors");
        env.executeSql("CREATE TABLE lenient (id BIGINT) WITH ('connector' = 'cdcbridge-kafka', 'topic' = 'plain_json',"
                + " 'properties.bootstrap.servers' = '" + kafka.bootstrapServers() + "', 'format' = 'json',"
                + " 'json.ignore-parse-errors' = 'true')");

        assertThatThrownBy(() -> env.executeSql("SELECT id FROM lenient"))
                .isInstanceOf(ValidationException.class)
                .satisfies(e -> assertThat(ExceptionUtils.stringifyException(e)).contains(
                        "table default_catalog.default_database.lenient ('connector' = 'cdcbridge-kafka'): 'json.ignore-parse-errors' ="
                                + " 'true' would drop undecodable records without a trace; remove it: they go to the"
                                + " dead-letter topic instead"));
    }

    // Bounded restarts (none): a failure fails the test instead of restarting for ever; checkpoints every 500 ms.
    private static TableEnvironment environment(String jobName) {
        TableEnvironment env = TableEnvironment.create(EnvironmentSettings.inStreamingMode());
        env.getConfig().set("pipeline.name", jobName);
        env.getConfig().set("parallelism.default", "1");
        env.getConfig().set("restart-strategy.type", "none");
        env.getConfig().set("execution.checkpointing.interval", "500ms");
        return env;
    }

    // Collects the job's rows in the background; the collect iterator blocks until a row arrives.
    private static List<String> drain(TableResult result) {
        List<String> rows = Collections.synchronizedList(new ArrayList<>());
        Thread t = new Thread(() -> {
            try (CloseableIterator<Row> it = result.collect()) {
                it.forEachRemaining(r -> rows.add(r.toString()));
            } catch (Exception e) {
                // the job was cancelled at the end of the test
            }
        }, "collect");
        t.setDaemon(true);
        t.start();
        return rows;
    }

    private static String letter(String key, String value, int partition, long offset, String reason) {
        return "key=" + key + " value=" + value + " headers={" + DeadLetter.REASON + "=" + reason + ", "
                + DeadLetter.SOURCE_TOPIC + "=users_cdc, " + DeadLetter.SOURCE_PARTITION + "=" + partition + ", "
                + DeadLetter.SOURCE_OFFSET + "=" + offset + ", " + DeadLetter.STATEMENT + "=decode-users}";
    }

    private static List<String> deadLetters(String topic, int atLeast) {
        List<String> out = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> r : records(topic, atLeast)) {
            StringBuilder headers = new StringBuilder();
            headers(r).forEach((k, v) -> headers.append(headers.length() == 0 ? "" : ", ").append(k).append('=').append(v));
            out.add("key=" + text(r.key()) + " value=" + text(r.value()) + " headers={" + headers + "}");
        }
        return out;
    }

    private static Map<String, String> headers(ConsumerRecord<byte[], byte[]> r) {
        Map<String, String> out = new java.util.LinkedHashMap<>();
        for (Header h : r.headers()) out.put(h.key(), new String(h.value(), StandardCharsets.UTF_8));
        return out;
    }

    private static List<ConsumerRecord<byte[], byte[]>> records(String topic, int atLeast) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            TopicPartition tp = new TopicPartition(topic, 0);
            Awaitility.await().atMost(Duration.ofMinutes(3)).until(() -> consumer.partitionsFor(topic) != null
                    && !consumer.partitionsFor(topic).isEmpty());
            consumer.assign(List.of(tp));
            consumer.seekToBeginning(List.of(tp));
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
            while (out.size() < atLeast && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(out::add);
            }
        }
        return out;
    }

    private static Map<TopicPartition, Long> committed(String group) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, (Object) kafka.bootstrapServers()))) {
            Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
            Map<TopicPartition, Long> out = new java.util.HashMap<>();
            offsets.forEach((tp, o) -> out.put(tp, o.offset()));
            return out;
        }
    }

    private static void send(String topic, int partition, String key, String value) throws Exception {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(topic, partition, bytes(key), bytes(value))).get(30, TimeUnit.SECONDS);
        }
    }

    private static byte[] bytes(String s) {
        return s == null ? null : s.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(byte[] b) {
        return b == null ? null : new String(b, StandardCharsets.UTF_8);
    }
}
