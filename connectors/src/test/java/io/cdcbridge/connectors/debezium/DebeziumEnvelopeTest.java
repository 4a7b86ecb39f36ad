package io.cdcbridge.connectors.debezium;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cdcbridge.embedded.EmbeddedPostgres;
import io.cdcbridge.embedded.EmbeddedKafka;
import io.cdcbridge.embedded.junit.KafkaExtension;
import io.cdcbridge.embedded.junit.PostgresExtension;
import io.cdcbridge.embedded.junit.ReplicationSlots;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.JsonNode;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.StatementSet;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.types.Row;
import org.apache.flink.types.RowKind;
import org.apache.flink.util.CloseableIterator;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The PostgreSQL-to-MySQL scenario's pasta table published by postgres-cdc through the debezium-kafka connector into a real Kafka, every
 * event checked field by field against what Debezium's PostgreSQL connector writes, then read back with Flink's own
 * debezium-json format and compared with the source table.
 */
@Tag("integration")
@ExtendWith({PostgresExtension.class, KafkaExtension.class})
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class DebeziumEnvelopeTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String PREFIX = "my_pg_source";
    private static final String PASTA_TOPIC = PREFIX + ".public.pasta";
    private static final String PASTA_PLAIN_TOPIC = "pasta_plain";
    private static final String SOURCE_METADATA = """
            db STRING METADATA FROM 'database_name' VIRTUAL,
            schema_name STRING METADATA FROM 'schema_name' VIRTUAL,
            table_name STRING METADATA FROM 'table_name' VIRTUAL,
            op_ts TIMESTAMP_LTZ(3) METADATA FROM 'op_ts' VIRTUAL""";
    private static final String SINK_METADATA = """
            db STRING METADATA FROM 'source.db',
            schema_name STRING METADATA FROM 'source.schema',
            table_name STRING METADATA FROM 'source.table',
            op_ts TIMESTAMP_LTZ(3) METADATA FROM 'source.ts_ms'""";

    private static EmbeddedPostgres postgres;
    private static EmbeddedKafka kafka;
    private static TableEnvironment flink;
    private final List<JobClient> jobs = new ArrayList<>();
    // the slots of the running test's sources, dropped after it once cancelJobs let them go
    @RegisterExtension
    static final ReplicationSlots SLOTS = new ReplicationSlots();

    @BeforeAll
    static void start(EmbeddedPostgres sharedPostgres, EmbeddedKafka sharedKafka) {
        postgres = sharedPostgres;
        kafka = sharedKafka;
        Configuration conf = new Configuration();
        conf.setString("rest.bind-port", "0");
        conf.setString("parallelism.default", "1");
        conf.setString("execution.checkpointing.interval", "1s");
        // a failing job fails the test instead of restarting forever
        conf.setString("restart-strategy.type", "fixed-delay");
        conf.setString("restart-strategy.fixed-delay.attempts", "1");
        conf.setString("restart-strategy.fixed-delay.delay", "200ms");
        flink = TableEnvironment.create(EnvironmentSettings.newInstance().inStreamingMode().withConfiguration(conf).build());
    }

    @AfterEach
    void cancelJobs() throws Exception {
        for (JobClient job : jobs) {
            try {
                job.cancel().get(30, TimeUnit.SECONDS);
            } catch (ExecutionException ended) {
                // it had failed: the next is cancelled all the same
            }
        }
    }

    @AfterAll
    static void stop() {
        // postgres-cdc made a publication of all tables; on the shared server it would make other classes'
        // tables without a key refuse updates
        if (postgres != null) postgres.execute("DROP PUBLICATION IF EXISTS dbz_publication");
    }

    @Test
    void seedPastaChangesArePublishedAsDebeziumPublishesThemAndReadBackByDebeziumJson() throws Exception {
        EmbeddedPostgres pg = postgres;
        pg.execute("create table pasta (id serial, name varchar primary key, cooking_minutes int)",
                "alter table pasta replica identity full",
                "insert into pasta (name, cooking_minutes) values ('spaghetti', 8)",
                "insert into pasta (name, cooking_minutes) values ('pennette', 7)",
                "insert into pasta (name, cooking_minutes) values ('linguine', 10)",
                "insert into pasta (name, cooking_minutes) values ('farfalle', 9)");
        kafka.createTopic(PASTA_TOPIC, 1);
        kafka.createTopic(PASTA_PLAIN_TOPIC, 1);
        kafka.createTopic("pasta_by_minutes", 1);
        String columns = "id INT NOT NULL, name STRING NOT NULL, cooking_minutes INT";
        flink.executeSql(cdcSource("pasta_source", columns, "name", "pasta", "pasta_envelope"));
        flink.executeSql(envelopeSink("pasta_events", columns + ", " + SINK_METADATA, "name", PREFIX, ""));
        flink.executeSql(envelopeSink("pasta_events_plain", columns + ", " + SINK_METADATA, "name", PREFIX, """
                , 'topic' = 'pasta_plain', 'schemas.enable' = 'false', 'tombstones.on.delete' = 'false'"""));
        // keyed by cooking time, the seed's update changes the key, and Flink hands it over as -U/+U: without the
        // materializer the planner would put in front of a sink keyed unlike its input, which turns that into -D/+I.
        // Its source block comes from options, and without op_ts it cannot tell snapshot rows from inserts.
        flink.executeSql(envelopeSink("pasta_by_minutes", "id INT NOT NULL, name STRING NOT NULL, "
                + "cooking_minutes INT NOT NULL", "cooking_minutes", PREFIX, """
                , 'topic' = 'pasta_by_minutes', 'schemas.enable' = 'false', 'source.db' = 'postgres',
                'source.schema' = 'public', 'source.table' = 'pasta'"""));
        Instant began = Instant.now();
        StatementSet publish = flink.createStatementSet();
        publish.addInsertSql("INSERT INTO pasta_events SELECT * FROM pasta_source");
        publish.addInsertSql("INSERT INTO pasta_events_plain SELECT * FROM pasta_source");
        publish.addInsertSql("INSERT INTO pasta_by_minutes SELECT id, name, cooking_minutes FROM pasta_source");
        flink.getConfig().set("table.exec.sink.upsert-materialize", "NONE");
        try {
            jobs.add(publish.execute().getJobClient().orElseThrow());
        } finally {
            flink.getConfig().set("table.exec.sink.upsert-materialize", "AUTO");
        }

        // the snapshot: four "r" events, in the order the snapshot read them
        List<Event> events = awaitEvents(PASTA_TOPIC, 4);
        Map<String, String> seed = Map.of("spaghetti", pasta(1, "spaghetti", 8), "pennette", pasta(2, "pennette", 7),
                "linguine", pasta(3, "linguine", 10), "farfalle", pasta(4, "farfalle", 9));
        assertThat(events).extracting(e -> e.keyPayload().get("name").asText())
                .containsExactlyInAnyOrder("spaghetti", "pennette", "linguine", "farfalle");
        for (Event e : events) {
            String name = e.keyPayload().get("name").asText();
            assertPastaEvent(e, name, "r", "true", "null", seed.get(name), began);
        }
        assertThat(fieldNames(events.get(0).payload()))
                .containsExactly("before", "after", "source", "transaction", "op", "ts_ms", "ts_us", "ts_ns");
        assertThat(fieldNames(events.get(0).payload().get("source"))).containsExactly("version", "connector", "name",
                "ts_ms", "snapshot", "db", "sequence", "ts_us", "ts_ns", "schema", "table", "txId", "lsn", "xmin",
                "origin", "origin_lsn");

        // the seed's changes, one at a time so that each one's events are known
        Instant updated = Instant.now();
        pg.execute("update pasta set cooking_minutes=6 where name='pennette'");
        events = awaitEvents(PASTA_TOPIC, 5);
        assertPastaEvent(events.get(4), "pennette", "u", "false", pasta(2, "pennette", 7), pasta(2, "pennette", 6), updated);
        assertChangeTimeBetween(events.get(4), updated, Instant.now());
        List<Event> byMinutes = awaitEvents("pasta_by_minutes", 7);
        assertThat(byMinutes.subList(0, 4)).extracting(e -> e.value().get("op").asText()).containsOnly("c");
        assertThat(withoutTimes(byMinutes.get(4).value(), updated).get("source")).isEqualTo(json("""
                {"version":"3.6.1.Final","connector":"postgresql","name":"my_pg_source","snapshot":"false",
                 "db":"postgres","sequence":null,"schema":"public","table":"pasta","txId":null,"lsn":null,"xmin":null,
                 "origin":null,"origin_lsn":null}"""));
        assertThat(byMinutes.subList(4, 7)).extracting(e -> e.key() + " " + e.headers()
                        + " " + (e.value() == null ? "tombstone" : e.value().get("op").asText() + " "
                        + e.value().get("before") + " " + e.value().get("after")))
                .containsExactly(
                        "{\"cooking_minutes\":7} {__debezium.newkey={\"cooking_minutes\":6}} d "
                                + pasta(2, "pennette", 7) + " null",
                        "{\"cooking_minutes\":7} {} tombstone",
                        "{\"cooking_minutes\":6} {__debezium.oldkey={\"cooking_minutes\":7}} c null "
                                + pasta(2, "pennette", 6));

        Instant renamed = Instant.now();
        pg.execute("update pasta set name='spaghettini' where name='spaghetti'");
        events = awaitEvents(PASTA_TOPIC, 8);
        assertPastaEvent(events.get(5), "spaghetti", "d", "false", pasta(1, "spaghetti", 8), "null", renamed);
        assertTombstone(events.get(6), "spaghetti", true);
        assertPastaEvent(events.get(7), "spaghettini", "c", "false", "null", pasta(1, "spaghettini", 8), renamed);

        Instant deleted = Instant.now();
        pg.execute("delete from pasta where name='linguine'");
        events = awaitEvents(PASTA_TOPIC, 10);
        assertPastaEvent(events.get(8), "linguine", "d", "false", pasta(3, "linguine", 10), "null", deleted);
        assertTombstone(events.get(9), "linguine", true);
        // postgres-cdc hands the key change over as -D and +I (its embedded Debezium splits it), which carry no
        // __debezium.newkey/oldkey headers; a key change that arrives as -U/+U has them (see the by-minutes topic)
        assertThat(events).allSatisfy(e -> assertThat(e.headers()).isEmpty());

        // without schemas and tombstones: the same events, bare, and no null values
        List<Event> plain = awaitEvents(PASTA_PLAIN_TOPIC, 8);
        assertThat(plain).extracting(e -> e.value() == null ? "tombstone" : e.payload().get("op").asText())
                .containsExactly("r", "r", "r", "r", "u", "d", "c", "d");
        for (int i = 0; i < 4; i++) {
            assertThat(plain.get(i).key()).isEqualTo(events.get(i).keyPayload());
            assertThat(withoutTimes(plain.get(i).value(), began)).isEqualTo(withoutTimes(events.get(i).payload(), began));
        }
        int[] sameAs = {4, 5, 7, 8}; // the schema-framed topic has tombstones at 6 and 9
        for (int i = 0; i < sameAs.length; i++) {
            Event bare = plain.get(4 + i);
            Event framed = events.get(sameAs[i]);
            assertThat(bare.key()).isEqualTo(framed.keyPayload());
            assertThat(withoutTimes(bare.value(), began)).isEqualTo(withoutTimes(framed.payload(), began));
        }

        // Flink's own debezium-json reads both topics back into the source table's changelog
        String readColumns = """
                id INT, name STRING, cooking_minutes INT,
                src_db STRING METADATA FROM 'value.source.database' VIRTUAL,
                src_schema STRING METADATA FROM 'value.source.schema' VIRTUAL,
                src_table STRING METADATA FROM 'value.source.table' VIRTUAL""";
        flink.executeSql(debeziumJsonTable("pasta_read", readColumns, PASTA_TOPIC, "'debezium-json.schema-include' = 'true'"));
        flink.executeSql(debeziumJsonTable("pasta_plain_read", readColumns, PASTA_PLAIN_TOPIC, "'debezium-json.schema-include' = 'false'"));
        List<String> snapshotRows = events.subList(0, 4).stream()
                .map(e -> "+I[" + e.payload().get("after").get("id") + ", " + e.keyPayload().get("name").asText()
                        + ", " + e.payload().get("after").get("cooking_minutes") + ", postgres, public, pasta]")
                .toList();
        List<String> expectedChangelog = new ArrayList<>(snapshotRows);
        expectedChangelog.addAll(List.of(
                "-U[2, pennette, 7, postgres, public, pasta]", "+U[2, pennette, 6, postgres, public, pasta]",
                "-D[1, spaghetti, 8, postgres, public, pasta]", "+I[1, spaghettini, 8, postgres, public, pasta]",
                "-D[3, linguine, 10, postgres, public, pasta]"));
        Set<String> sourceTable = query(pg, "select id, name, cooking_minutes from pasta");
        assertThat(sourceTable).containsExactlyInAnyOrder("1|spaghettini|8", "2|pennette|6", "4|farfalle|9");
        for (String readTable : List.of("pasta_read", "pasta_plain_read")) {
            List<Row> changelog = collect("SELECT * FROM " + readTable);
            assertThat(changelog).extracting(Row::toString).as(readTable).containsExactlyElementsOf(expectedChangelog);
            assertThat(materialize(changelog, 3)).as(readTable).isEqualTo(sourceTable);
        }
    }

    @Test
    void everyPostgresTypeRoundTripsThroughTheEnvelopeAndDebeziumJson() throws Exception {
        EmbeddedPostgres pg = postgres;
        pg.execute("""
                create table kinds (id bigint primary key, label text, amount numeric(20,6), big bigint,
                  flag boolean, born date, seen_at timestamp, paid_at timestamptz, doc jsonb, photo bytea, uid uuid,
                  small smallint, ratio double precision, clock time)""",
                "alter table kinds replica identity full",
                """
                insert into kinds values (1, 'grüße ☃ 𝄞 "quoted"', 12345678901234.123456, 9223372036854775807, true,
                  '2024-02-29', '2024-02-29 13:14:15.123456', '2024-02-29 13:14:15.123456+02',
                  '{"b": "ü", "a": [1, 2.5, null]}', '\\x00ff10', 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', 32767,
                  3.141592653589793, '13:14:15.123456')""",
                "insert into kinds (id) values (3)");
        kafka.createTopic("types.public.kinds", 1);
        kafka.createTopic("kinds_plain", 1);
        String columns = """
                id BIGINT NOT NULL, label STRING, amount DECIMAL(20, 6), big BIGINT, flag BOOLEAN, born DATE,
                seen_at TIMESTAMP(6), paid_at TIMESTAMP_LTZ(6), doc STRING, photo BYTES, uid STRING, small SMALLINT,
                ratio DOUBLE, clock TIME(6)""";
        // postgres-cdc 3.5 cannot read PostgreSQL arrays (Unsupported type: ARRAY), so the array is built in SQL
        String sinkColumns = columns + ", words ARRAY<STRING>, " + SINK_METADATA;
        String select = "SELECT id, label, amount, big, flag, born, seen_at, paid_at, doc, photo, uid, small, ratio, clock,"
                + " ARRAY[label, CAST(NULL AS STRING)], db, schema_name, table_name, op_ts FROM kinds_source";
        String semantic = ", 'fields.doc.semantic-type' = 'json', 'fields.uid.semantic-type' = 'uuid'";
        flink.executeSql(cdcSource("kinds_source", columns, "id", "kinds", "kinds_envelope"));
        flink.executeSql(envelopeSink("kinds_events", sinkColumns, "id", "types", semantic));
        flink.executeSql(envelopeSink("kinds_events_plain", sinkColumns, "id", "types", semantic
                + ", 'topic' = 'kinds_plain', 'schemas.enable' = 'false', 'decimal.handling.mode' = 'string'"));
        Instant began = Instant.now();
        StatementSet publish = flink.createStatementSet();
        publish.addInsertSql("INSERT INTO kinds_events " + select);
        publish.addInsertSql("INSERT INTO kinds_events_plain " + select);
        jobs.add(publish.execute().getJobClient().orElseThrow());
        awaitEvents("types.public.kinds", 2);
        // through the WAL rather than the snapshot: the other of postgres-cdc's two decoding paths
        pg.execute("""
                insert into kinds values (2, '', -0.000001, -9223372036854775808, false, '1969-12-31',
                  '1969-12-31 23:59:59.999999', '1970-01-01 00:00:00.5+00', '[]', '\\x',
                  '00000000-0000-0000-0000-000000000000', -32768, -2.5e-300, '00:00:00')""");
        List<Event> events = awaitEvents("types.public.kinds", 3);

        Map<Long, Event> byId = new TreeMap<>();
        for (Event e : events) byId.put(e.keyPayload().get("id").asLong(), e);
        assertThat(byId.keySet()).containsExactly(1L, 2L, 3L);
        assertThat(byId.get(1L).payload().get("op").asText()).isEqualTo("r");
        assertThat(byId.get(3L).payload().get("op").asText()).isEqualTo("r");
        assertThat(byId.get(2L).payload().get("op").asText()).isEqualTo("c");
        assertThat(byId.get(1L).value().get("schema").get("fields").get(1)).isEqualTo(json("""
                {"type":"struct","fields":[
                  {"type":"int64","optional":false,"field":"id"},
                  {"type":"string","optional":true,"field":"label"},
                  {"type":"bytes","optional":true,"name":"org.apache.kafka.connect.data.Decimal","version":1,
                   "parameters":{"scale":"6","connect.decimal.precision":"20"},"field":"amount"},
                  {"type":"int64","optional":true,"field":"big"},
                  {"type":"boolean","optional":true,"field":"flag"},
                  {"type":"int32","optional":true,"name":"io.debezium.time.Date","version":1,"field":"born"},
                  {"type":"int64","optional":true,"name":"io.debezium.time.MicroTimestamp","version":1,"field":"seen_at"},
                  {"type":"string","optional":true,"name":"io.debezium.time.ZonedTimestamp","version":1,"field":"paid_at"},
                  {"type":"string","optional":true,"name":"io.debezium.data.Json","version":1,"field":"doc"},
                  {"type":"bytes","optional":true,"field":"photo"},
                  {"type":"string","optional":true,"name":"io.debezium.data.Uuid","version":1,"field":"uid"},
                  {"type":"int16","optional":true,"field":"small"},
                  {"type":"float64","optional":true,"field":"ratio"},
                  {"type":"int64","optional":true,"name":"io.debezium.time.MicroTime","version":1,"field":"clock"},
                  {"type":"array","items":{"type":"string","optional":true},"optional":true,"field":"words"}],
                 "optional":true,"name":"types.public.kinds.Value","field":"after"}"""));
        assertThat(byId.get(1L).value().get("schema").get("name").asText()).isEqualTo("types.public.kinds.Envelope");
        assertThat(byId.get(1L).key().get("schema")).isEqualTo(json("""
                {"type":"struct","fields":[{"type":"int64","optional":false,"field":"id"}],"optional":false,
                 "name":"types.public.kinds.Key"}"""));
        String label = "grüße ☃ 𝄞 \"quoted\"";
        ObjectNode first = MAPPER.createObjectNode()
                .put("id", 1).put("label", label).put("amount", base64Unscaled("12345678901234123456"))
                .put("big", Long.MAX_VALUE).put("flag", true)
                .put("born", LocalDate.of(2024, 2, 29).toEpochDay())
                .put("seen_at", micros(LocalDateTime.of(2024, 2, 29, 13, 14, 15, 123_456_000)))
                .put("paid_at", "2024-02-29T11:14:15.123456Z")
                .put("doc", "{\"a\": [1, 2.5, null], \"b\": \"ü\"}") // jsonb's own text: keys sorted
                .put("photo", "AP8Q") // base64 of 00 ff 10
                .put("uid", "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11")
                .put("small", 32767).put("ratio", 3.141592653589793)
                .put("clock", 47_655_123_000L); // Flink keeps milliseconds of a TIME: 13:14:15.123
        first.putArray("words").add(label).addNull();
        assertThat(byId.get(1L).payload().get("after")).isEqualTo(json(first.toString())); // as parsed: same number node types
        ObjectNode second = MAPPER.createObjectNode()
                .put("id", 2).put("label", "").put("amount", base64Unscaled("-1"))
                .put("big", Long.MIN_VALUE).put("flag", false).put("born", -1).put("seen_at", -1)
                .put("paid_at", "1970-01-01T00:00:00.500000Z").put("doc", "[]").put("photo", "")
                .put("uid", "00000000-0000-0000-0000-000000000000")
                .put("small", -32768).put("ratio", -2.5e-300).put("clock", 0);
        second.putArray("words").add("").addNull();
        assertThat(byId.get(2L).payload().get("after")).isEqualTo(json(second.toString()));
        ObjectNode third = MAPPER.createObjectNode().put("id", 3);
        for (String column : List.of("label", "amount", "big", "flag", "born", "seen_at", "paid_at", "doc", "photo", "uid",
                "small", "ratio", "clock")) {
            third.putNull(column);
        }
        third.putArray("words").addNull().addNull();
        assertThat(byId.get(3L).payload().get("after")).isEqualTo(json(third.toString()));

        List<Event> plain = awaitEvents("kinds_plain", 3);
        Map<Long, JsonNode> plainById = new TreeMap<>();
        for (Event e : plain) plainById.put(e.key().get("id").asLong(), e.value().get("after"));
        assertThat(plainById.get(1L).get("amount").asText()).isEqualTo("12345678901234.123456");
        assertThat(plainById.get(2L).get("amount").asText()).isEqualTo("-0.000001");
        assertThat(plainById.get(3L).get("amount").isNull()).isTrue();
        for (long id : List.of(1L, 2L, 3L)) {
            ObjectNode other = byId.get(id).payload().get("after").deepCopy();
            other.remove("amount");
            ObjectNode bare = plainById.get(id).deepCopy();
            bare.remove("amount");
            assertThat(bare).isEqualTo(other);
        }
        assertThat(withoutTimes(byId.get(1L).payload(), began).get("source").get("snapshot").asText()).isEqualTo("true");

        // back through Flink's debezium-json: Debezium's encodings where Flink has no reader for them (days, micros,
        // Connect Decimal bytes), Flink's own types where it has (ISO-8601 zoned timestamps, decimal strings)
        flink.executeSql(debeziumJsonTable("kinds_read", """
                id BIGINT, label STRING, amount BYTES, big BIGINT, flag BOOLEAN, born INT, seen_at BIGINT,
                paid_at TIMESTAMP_LTZ(6), doc STRING, photo BYTES, uid STRING, small SMALLINT, ratio DOUBLE,
                clock BIGINT, words ARRAY<STRING>""",
                "types.public.kinds", "'debezium-json.schema-include' = 'true', "
                        + "'debezium-json.timestamp-format.standard' = 'ISO-8601'"));
        flink.executeSql(debeziumJsonTable("kinds_plain_read", """
                id BIGINT, label STRING, amount DECIMAL(20, 6), big BIGINT, flag BOOLEAN, born INT, seen_at BIGINT,
                paid_at TIMESTAMP_LTZ(6), doc STRING, photo BYTES, uid STRING, small SMALLINT, ratio DOUBLE,
                clock BIGINT, words ARRAY<STRING>""",
                "kinds_plain", "'debezium-json.timestamp-format.standard' = 'ISO-8601'"));
        Map<Long, List<Object>> expected = new TreeMap<>();
        expected.put(1L, Arrays.asList(1L, label, new BigDecimal("12345678901234.123456"), Long.MAX_VALUE, true,
                LocalDate.of(2024, 2, 29), LocalDateTime.of(2024, 2, 29, 13, 14, 15, 123_456_000),
                Instant.parse("2024-02-29T11:14:15.123456Z"), "{\"a\": [1, 2.5, null], \"b\": \"ü\"}", "00ff10",
                "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11", (short) 32767, 3.141592653589793,
                LocalTime.of(13, 14, 15, 123_000_000), Arrays.asList(label, null)));
        expected.put(2L, Arrays.asList(2L, "", new BigDecimal("-0.000001"), Long.MIN_VALUE, false,
                LocalDate.of(1969, 12, 31), LocalDateTime.of(1969, 12, 31, 23, 59, 59, 999_999_000),
                Instant.parse("1970-01-01T00:00:00.5Z"), "[]", "", "00000000-0000-0000-0000-000000000000",
                (short) -32768, -2.5e-300, LocalTime.MIDNIGHT, Arrays.asList("", null)));
        expected.put(3L, Arrays.asList(3L, null, null, null, null, null, null, null, null, null, null, null, null,
                null, Arrays.asList(null, null)));
        assertThat(expected.values().stream().map(r -> r.get(1) + "|" + r.get(9)).collect(Collectors.toSet()))
                .isEqualTo(query(pg, "select label, encode(photo, 'hex') from kinds"));
        for (String readTable : List.of("kinds_read", "kinds_plain_read")) {
            Map<Long, List<Object>> read = new TreeMap<>();
            for (Row row : collect("SELECT * FROM " + readTable)) {
                assertThat(row.getKind()).isEqualTo(RowKind.INSERT);
                read.put((Long) row.getField(0), decode(row));
            }
            assertThat(read).as(readTable).isEqualTo(expected);
        }
    }

    @Test
    void anUpdateThatLeavesAToastedColumnUnchangedPublishesItsValueNotAPlaceholder() throws Exception {
        EmbeddedPostgres pg = postgres;
        // 160 kB of hex digits: stored out of line, in the table's TOAST relation
        pg.execute("create table notes (id int primary key, n int, body text)",
                "alter table notes replica identity full",
                "insert into notes select 1, 1, string_agg(md5(i::text), '') from generate_series(1, 5000) i");
        String body = query(pg, "select body from notes").iterator().next();
        assertThat(query(pg, "select pg_relation_size(reltoastrelid) > 0 from pg_class where relname = 'notes'"))
                .containsExactly("t");
        kafka.createTopic("notes", 1);
        String columns = "id INT NOT NULL, n INT, body STRING";
        flink.executeSql(cdcSource("notes_source", columns, "id", "notes", "notes_envelope"));
        flink.executeSql(envelopeSink("notes_events", columns + ", " + SINK_METADATA, "id", PREFIX,
                ", 'topic' = 'notes', 'schemas.enable' = 'false'"));
        jobs.add(flink.executeSql("INSERT INTO notes_events SELECT * FROM notes_source").getJobClient().orElseThrow());
        awaitEvents("notes", 1);

        pg.execute("update notes set n = 2 where id = 1");
        Event update = awaitEvents("notes", 2).get(1);
        assertThat(update.value().get("op").asText()).isEqualTo("u");
        assertThat(update.value().get("before").get("n").asInt()).isEqualTo(1);
        assertThat(update.value().get("after").get("n").asInt()).isEqualTo(2);
        assertThat(update.value().get("before").get("body").asText()).isEqualTo(body);
        assertThat(update.value().get("after").get("body").asText()).isEqualTo(body);
    }

    // A row read back by debezium-json, with Debezium's encodings decoded as a Debezium consumer would.
    private static List<Object> decode(Row row) {
        Object amount = row.getField(2);
        if (amount instanceof byte[] unscaled) amount = new BigDecimal(new BigInteger(unscaled), 6);
        Integer born = (Integer) row.getField(5);
        Long seenAt = (Long) row.getField(6);
        byte[] photo = (byte[]) row.getField(9);
        Long clock = (Long) row.getField(13);
        String[] words = (String[]) row.getField(14);
        return Arrays.asList(row.getField(0), row.getField(1), amount, row.getField(3), row.getField(4),
                born == null ? null : LocalDate.ofEpochDay(born),
                seenAt == null ? null : LocalDateTime.ofEpochSecond(Math.floorDiv(seenAt, 1_000_000L),
                        (int) Math.floorMod(seenAt, 1_000_000L) * 1_000, ZoneOffset.UTC),
                row.getField(7), row.getField(8), photo == null ? null : HexFormat.of().formatHex(photo), row.getField(10),
                row.getField(11), row.getField(12), clock == null ? null : LocalTime.ofNanoOfDay(clock * 1_000),
                words == null ? null : Arrays.asList(words));
    }

    // ---------------------------------------------------------------------------------------------------------------

    /** A Kafka record: key and value as JSON (null for none), headers as text. */
    private record Event(JsonNode key, JsonNode value, Map<String, String> headers) {
        JsonNode keyPayload() {
            return key.has("payload") ? key.get("payload") : key;
        }

        JsonNode payload() {
            return value.has("payload") ? value.get("payload") : value;
        }
    }

    private static String cdcSource(String table, String columns, String key, String pgTable, String slot) {
        EmbeddedPostgres pg = postgres;
        return "CREATE TABLE " + table + " (" + columns + ", " + SOURCE_METADATA + ", PRIMARY KEY (" + key
                + ") NOT ENFORCED) WITH ('connector' = 'postgres-cdc', 'hostname' = '" + pg.host() + "', 'port' = '"
                + pg.port() + "', 'username' = '" + pg.user() + "', 'password' = '" + pg.password()
                + "', 'database-name' = '" + pg.database() + "', 'schema-name' = 'public', 'table-name' = '" + pgTable
                + "', 'slot.name' = '" + SLOTS.made(slot, null) + "', 'decoding.plugin.name' = 'pgoutput',"
                + " 'scan.incremental.snapshot.enabled' = 'true')";
    }

    private static String envelopeSink(String table, String columns, String key, String prefix, String moreOptions) {
        return "CREATE TABLE " + table + " (" + columns + ", PRIMARY KEY (" + key
                + ") NOT ENFORCED) WITH ('connector' = 'debezium-kafka', 'topic.prefix' = '" + prefix + "', "
                + "'properties.bootstrap.servers' = '" + kafka.bootstrapServers() + "'" + moreOptions + ")";
    }

    private static String debeziumJsonTable(String table, String columns, String topic, String formatOptions) {
        return "CREATE TABLE " + table + " (" + columns + ") WITH ('connector' = 'kafka', 'topic' = '" + topic
                + "', 'properties.bootstrap.servers' = '" + kafka.bootstrapServers()
                + "', 'scan.startup.mode' = 'earliest-offset', 'scan.bounded.mode' = 'latest-offset',"
                + " 'format' = 'debezium-json', " + formatOptions + ")";
    }

    private static String pasta(int id, String name, int minutes) {
        return "{\"id\":" + id + ",\"name\":\"" + name + "\",\"cooking_minutes\":" + minutes + "}";
    }

    private static final JsonNode PASTA_KEY_SCHEMA = json("""
            {"type":"struct","fields":[{"type":"string","optional":false,"field":"name"}],"optional":false,
             "name":"my_pg_source.public.pasta.Key"}""");

    private static final JsonNode PASTA_VALUE_SCHEMA_FIELDS = json("""
            [{"type":"int32","optional":false,"field":"id"},{"type":"string","optional":false,"field":"name"},
             {"type":"int32","optional":true,"field":"cooking_minutes"}]""");

    // Debezium 3.6's PostgreSQL envelope for the seed's table, as JsonConverter writes it with schemas.enable=true
    private static final JsonNode PASTA_ENVELOPE_SCHEMA = json("""
            {"type":"struct","fields":[
              {"type":"struct","fields":%1$s,"optional":true,"name":"my_pg_source.public.pasta.Value","field":"before"},
              {"type":"struct","fields":%1$s,"optional":true,"name":"my_pg_source.public.pasta.Value","field":"after"},
              {"type":"struct","fields":[
                {"type":"string","optional":false,"field":"version"},
                {"type":"string","optional":false,"field":"connector"},
                {"type":"string","optional":false,"field":"name"},
                {"type":"int64","optional":false,"field":"ts_ms"},
                {"type":"string","optional":true,"name":"io.debezium.data.Enum","version":1,
                 "parameters":{"allowed":"true,first,first_in_data_collection,last_in_data_collection,last,false,incremental"},
                 "default":"false","field":"snapshot"},
                {"type":"string","optional":false,"field":"db"},
                {"type":"string","optional":true,"field":"sequence"},
                {"type":"int64","optional":true,"field":"ts_us"},
                {"type":"int64","optional":true,"field":"ts_ns"},
                {"type":"string","optional":false,"field":"schema"},
                {"type":"string","optional":false,"field":"table"},
                {"type":"int64","optional":true,"field":"txId"},
                {"type":"int64","optional":true,"field":"lsn"},
                {"type":"int64","optional":true,"field":"xmin"},
                {"type":"string","optional":true,"field":"origin"},
                {"type":"int64","optional":true,"field":"origin_lsn"}],
               "optional":false,"name":"io.debezium.connector.postgresql.Source","version":1,"field":"source"},
              {"type":"struct","fields":[
                {"type":"string","optional":false,"field":"id"},
                {"type":"int64","optional":false,"field":"total_order"},
                {"type":"int64","optional":false,"field":"data_collection_order"}],
               "optional":true,"name":"event.block","version":1,"field":"transaction"},
              {"type":"string","optional":false,"field":"op"},
              {"type":"int64","optional":true,"field":"ts_ms"},
              {"type":"int64","optional":true,"field":"ts_us"},
              {"type":"int64","optional":true,"field":"ts_ns"}],
             "optional":false,"name":"my_pg_source.public.pasta.Envelope","version":2}"""
            .formatted(PASTA_VALUE_SCHEMA_FIELDS.toString()));

    /** A schema-framed event of the pasta topic, field by field; times checked against the window, then left out. */
    private static void assertPastaEvent(Event e, String key, String op, String snapshot, String before, String after,
                                         Instant notBefore) {
        assertThat(e.key()).isEqualTo(json("{\"schema\":" + PASTA_KEY_SCHEMA + ",\"payload\":{\"name\":\"" + key + "\"}}"));
        assertThat(fieldNames(e.value())).containsExactly("schema", "payload");
        assertThat(e.value().get("schema")).isEqualTo(PASTA_ENVELOPE_SCHEMA);
        assertThat(withoutTimes(e.payload(), notBefore)).isEqualTo(json("""
                {"before":%s,"after":%s,"source":{"version":"3.6.1.Final","connector":"postgresql",
                 "name":"my_pg_source","snapshot":"%s","db":"postgres","sequence":null,"schema":"public",
                 "table":"pasta","txId":null,"lsn":null,"xmin":null,"origin":null,"origin_lsn":null},
                 "transaction":null,"op":"%s"}""".formatted(before, after, snapshot, op)));
    }

    private static void assertTombstone(Event e, String key, boolean framed) {
        JsonNode payload = json("{\"name\":\"" + key + "\"}");
        assertThat(e.key()).isEqualTo(framed ? json("{\"schema\":" + PASTA_KEY_SCHEMA + ",\"payload\":" + payload + "}") : payload);
        assertThat(e.value()).isNull();
    }

    // source.ts_ms of a streamed change is PostgreSQL's commit time (same clock as ours, in milliseconds)
    private static void assertChangeTimeBetween(Event e, Instant from, Instant to) {
        long changed = e.payload().get("source").get("ts_ms").asLong();
        assertThat(changed).isBetween(from.toEpochMilli() - 1, to.toEpochMilli());
    }

    /**
     * The payload without its times, after checking them: ts_ms between {@code notBefore} and now, ts_us and ts_ns
     * the same instant in finer units, in the envelope and in the source block.
     */
    private static JsonNode withoutTimes(JsonNode payload, Instant notBefore) {
        ObjectNode copy = payload.deepCopy();
        long now = Instant.now().toEpochMilli();
        for (ObjectNode node : List.of(copy, (ObjectNode) copy.get("source"))) {
            long ms = node.remove("ts_ms").asLong();
            long us = node.remove("ts_us").asLong();
            long ns = node.remove("ts_ns").asLong();
            assertThat(ms).isBetween(notBefore.toEpochMilli() - 1, now);
            assertThat(Math.floorDiv(us, 1_000L)).isEqualTo(ms);
            assertThat(Math.floorDiv(ns, 1_000L)).isEqualTo(us);
        }
        return copy;
    }

    /** Waits until the single-partition topic holds at least {@code count} records; returns all of them. */
    private static List<Event> awaitEvents(String topic, int count) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        try (KafkaConsumer<byte[], byte[]> consumer =
                     new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            TopicPartition partition = new TopicPartition(topic, 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            List<Event> events = new ArrayList<>();
            // the ceiling is reached only when records are missing: the failure says how many came
            await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(100))
                    .alias(count + " records on " + topic)
                    .until(() -> {
                        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                            events.add(event(r));
                        }
                        return events.size();
                    }, n -> n >= count);
            return events;
        }
    }

    private static Event event(ConsumerRecord<byte[], byte[]> r) {
        Map<String, String> headers = new LinkedHashMap<>();
        for (Header h : r.headers()) headers.put(h.key(), new String(h.value(), StandardCharsets.UTF_8));
        return new Event(r.key() == null ? null : json(r.key()), r.value() == null ? null : json(r.value()), headers);
    }

    private List<Row> collect(String query) throws Exception {
        List<Row> rows = new ArrayList<>();
        try (CloseableIterator<Row> it = flink.executeSql(query).collect()) {
            it.forEachRemaining(rows::add);
        }
        return rows;
    }

    /** The table a changelog leaves behind, its rows as the first {@code columns} fields joined by '|'. */
    private static Set<String> materialize(List<Row> changelog, int columns) {
        List<String> table = new ArrayList<>();
        for (Row row : changelog) {
            String line = java.util.stream.IntStream.range(0, columns).mapToObj(i -> String.valueOf(row.getField(i)))
                    .collect(Collectors.joining("|"));
            if (row.getKind() == RowKind.INSERT || row.getKind() == RowKind.UPDATE_AFTER) table.add(line);
            else assertThat(table.remove(line)).as("retracted row %s was in the table", line).isTrue();
        }
        return new HashSet<>(table);
    }

    private static Set<String> query(EmbeddedPostgres pg, String sql) throws Exception {
        Set<String> rows = new HashSet<>();
        try (Connection c = pg.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                List<String> values = new ArrayList<>();
                for (int i = 1; i <= n; i++) values.add(rs.getString(i));
                rows.add(String.join("|", values));
            }
        }
        return rows;
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) names.add(it.next());
        return names;
    }

    private static long micros(LocalDateTime t) {
        return SourceBlock.micros(t.toInstant(ZoneOffset.UTC));
    }

    private static String base64Unscaled(String unscaled) {
        return Base64.getEncoder().encodeToString(new BigInteger(unscaled).toByteArray());
    }

    private static JsonNode json(String text) {
        try {
            return MAPPER.readTree(text);
        } catch (Exception e) {
            throw new IllegalArgumentException("not JSON: " + text, e);
        }
    }

    private static JsonNode json(byte[] bytes) {
        return json(new String(bytes, StandardCharsets.UTF_8));
    }
}
