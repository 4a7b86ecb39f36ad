package io.cdcbridge.connectors.jdbc;

import static io.cdcbridge.connectors.jdbc.FlinkJob.delete;
import static io.cdcbridge.connectors.jdbc.FlinkJob.insertChanges;
import static io.cdcbridge.connectors.jdbc.FlinkJob.update;
import static io.cdcbridge.connectors.jdbc.FlinkJob.upsert;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.cdcbridge.connectors.deadletter.DeadLetter;
import io.cdcbridge.embedded.EmbeddedDatabase;
import io.cdcbridge.embedded.EmbeddedKafka;
import io.cdcbridge.embedded.FreePorts;
import io.cdcbridge.embedded.junit.KafkaExtension;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.table.api.TableResult;
import org.apache.flink.types.Row;
import org.apache.flink.types.RowKind;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What cdcbridge-jdbc guarantees, run against a real database (one per subclass) from a real Flink job: each
 * test names its own tables and asserts the exact rows they end with.
 */
@Tag("integration")
@ExtendWith(KafkaExtension.class)
abstract class JdbcSinkContract {

    static final LocalDateTime T = LocalDateTime.of(2024, 9, 17, 10, 0);
    static EmbeddedKafka kafka;
    static MiniCluster flink;

    @BeforeAll
    static void startFlink(EmbeddedKafka shared) throws Exception {
        kafka = shared;
        flink = FlinkJob.startCluster();
    }

    @AfterAll
    static void stopFlink() throws Exception {
        if (flink != null) flink.close();
    }

    /** The target database, started once for the class. */
    abstract EmbeddedDatabase db();

    /** The SQL type of a millisecond timestamp column in this database. */
    abstract String timestampType();

    /** The SQL state a statement gets for a missing privilege. */
    abstract String permissionDeniedState();

    /** Creates a user that may read the table and nothing else. */
    abstract void createReadOnlyUser(String user, String password, String table);

    /** information_schema.columns.data_type of the table auto-create makes for {@link #TYPED}, in column order. */
    abstract List<String> autoCreatedDataTypes();

    /** A TIMESTAMP_LTZ column's value as the instant it stands for. */
    abstract Instant instant(ResultSet rs, String column) throws Exception;

    /** The URL the sink is given. */
    String url() {
        return db().jdbcUrl();
    }

    /** A Flink table with a column of every type the sink writes. */
    static final String TYPED = "id BIGINT NOT NULL, c_char CHAR(3), c_varchar VARCHAR(10), c_string STRING, c_bool BOOLEAN,"
            + " c_bytes BYTES, c_decimal DECIMAL(10, 2), c_tinyint TINYINT, c_smallint SMALLINT, c_int INT, c_float FLOAT,"
            + " c_double DOUBLE, c_date DATE, c_time TIME(0), c_timestamp TIMESTAMP(6), c_ltz TIMESTAMP_LTZ(3)";

    @Test
    void theSeedsUpdateAt1005WinsOverTheDeleteAt1004ThatArrivesAfterIt() throws Exception {
        List<Row> events = List.of(
                upsert(1, "Ann", T),
                update(1, "Ann B", T.plusMinutes(5)),
                delete(1, "Ann", T.plusMinutes(4)), // late: it happened before the update
                upsert(2, "Bob", T.plusMinutes(1)));
        FlinkJob.named(flink, "seed-out-of-order").changes(events)
                .sql(sink("alone", "seed_alone", Map.of("sink.buffer-flush.max-rows", "1")),
                        sink("together", "seed_together", Map.of("sink.buffer-flush.interval", "0")))
                .run(insertChanges("alone"), insertChanges("together"));
        List<String> expected = List.of(row(1, "Ann B", "ann b@example.com", T.plusMinutes(5)), row(2, "Bob", "bob@example.com", T.plusMinutes(1)));
        assertThat(rows("seed_alone")).as("one row per batch: the guard in the database decides").isEqualTo(expected);
        assertThat(rows("seed_together")).as("one batch: the buffer keeps the newest").isEqualTo(expected);
    }

    @Test
    void withoutAVersionColumnTheLastChangeOfAKeyWins() throws Exception {
        List<Row> events = List.of(upsert(1, "Ann", T.plusMinutes(9)), update(1, "Ann B", T), upsert(2, "Bob", T),
                delete(2, "Bob", T), delete(3, "Cy", T), upsert(3, "Cy", T));
        Map<String, String> unversioned = Map.of("version-column", "", "sink.buffer-flush.interval", "0");
        FlinkJob.named(flink, "unversioned").changes(events)
                .sql(sink("together", "unversioned_together", unversioned),
                        sink("alone", "unversioned_alone", Map.of("version-column", "", "sink.buffer-flush.max-rows", "1")))
                .run(insertChanges("together"), insertChanges("alone"));
        List<String> expected = List.of(row(1, "Ann B", "ann b@example.com", T), row(3, "Cy", "cy@example.com", T));
        assertThat(rows("unversioned_together")).as("one batch: the buffer keeps the last").isEqualTo(expected);
        assertThat(rows("unversioned_alone")).as("a batch each").isEqualTo(expected);
    }

    @ParameterizedTest
    @EnumSource(DeleteMode.class)
    void aLateUpdateOlderThanADeleteDoesNotBringTheRowBack(DeleteMode mode) throws Exception {
        String table = "late_" + mode.name().toLowerCase();
        List<Row> events = List.of(
                upsert(1, "Ann", T), delete(1, "Ann", T.plusMinutes(10)), update(1, "Ann late", T.plusMinutes(5)),
                upsert(2, "Bob", T), delete(2, "Bob", T.plusMinutes(10)), upsert(2, "Bob again", T.plusMinutes(20)));
        FlinkJob.named(flink, "late-" + mode).changes(events)
                .sql(sink("target", table, Map.of("delete-mode", mode.name().toLowerCase(), "sink.buffer-flush.max-rows", "1")))
                .run(insertChanges("target"));
        String bob = row(2, "Bob again", "bob again@example.com", T.plusMinutes(20));
        switch (mode) {
            case HARD -> {
                assertThat(rows(table)).containsExactly(bob);
                assertThat(rows("SELECT user_id, updated_at FROM " + table + "__cdcbridge_tombstones"))
                        .as("the deletes' versions, kept").containsExactly(row(1, T.plusMinutes(10)), row(2, T.plusMinutes(10)));
            }
            case SOFT -> assertThat(rows(table)).containsExactly(
                    row(1, "Ann", "ann@example.com", T.plusMinutes(10), true), bob.concat("|false"));
            case IGNORE -> assertThat(rows(table)).containsExactly(row(1, "Ann late", "ann late@example.com", T.plusMinutes(5)), bob);
        }
    }

    @Test
    void replayingTheSameChangesLeavesTheTargetAsItWas() throws Exception {
        List<Row> events = shuffledHistory(new Random(7), 12);
        for (int run = 1; run <= 2; run++) {
            FlinkJob.named(flink, "replay-" + run).changes(events)
                    .sql(sink("hard", "replay_hard", Map.of("sink.buffer-flush.max-rows", "4")),
                            sink("soft", "replay_soft", Map.of("sink.buffer-flush.max-rows", "4", "delete-mode", "soft")))
                    .run(insertChanges("hard"), insertChanges("soft"));
            assertThat(rows("replay_hard")).as("run " + run).isEqualTo(expected(events, DeleteMode.HARD));
            assertThat(rows("replay_soft")).as("run " + run).isEqualTo(expected(events, DeleteMode.SOFT));
        }
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3})
    void anyOrderOfTheSameChangesGivesTheSameTarget(long seed) throws Exception {
        Random random = new Random(seed);
        List<Row> events = shuffledHistory(random, 15);
        String maxRows = String.valueOf(1 + random.nextInt(6));
        Map<DeleteMode, String> tables = new LinkedHashMap<>();
        List<String> sinks = new ArrayList<>();
        List<String> inserts = new ArrayList<>();
        for (DeleteMode mode : DeleteMode.values()) {
            String name = "any_order_" + seed + "_" + mode.name().toLowerCase();
            tables.put(mode, name);
            sinks.add(sink(mode.name(), name, Map.of("delete-mode", mode.name().toLowerCase(), "sink.buffer-flush.max-rows", maxRows)));
            inserts.add(insertChanges(mode.name()));
        }
        FlinkJob.named(flink, "any-order-" + seed).changes(events).sql(sinks.toArray(String[]::new)).run(inserts.toArray(String[]::new));
        for (DeleteMode mode : DeleteMode.values()) {
            assertThat(rows(tables.get(mode))).as("seed " + seed + ", " + mode + ", batches of " + maxRows + ", events " + events)
                    .isEqualTo(expected(events, mode));
        }
    }

    @ParameterizedTest
    @ValueSource(longs = {11, 12, 13, 14, 15})
    void duplicatesReorderingsAndReCreatesOfAnyHistoryEndWithTheNewestVersionOfEachKey(long seed) throws Exception {
        Random random = new Random(seed);
        List<Row> events = new ArrayList<>(shuffledHistory(random, 20));
        // every key deleted and created again, newer than anything else it had, and delivered anywhere in the stream
        for (int id = 1; id <= 20; id += 3) {
            events.add(random.nextInt(events.size() + 1), delete(id, "U" + id + " gone", T.plusMinutes(70)));
            events.add(random.nextInt(events.size() + 1), upsert(id, "U" + id + " back", T.plusMinutes(71 + random.nextInt(5))));
        }
        // about a third of the changes delivered twice, the copy anywhere (a replay after a restart, a retry)
        for (Row e : List.copyOf(events)) {
            if (random.nextInt(3) == 0) events.add(random.nextInt(events.size() + 1), Row.copy(e));
        }
        String table = "dup_reorder_" + seed;
        String maxRows = String.valueOf(1 + random.nextInt(8));
        FlinkJob.named(flink, "dup-reorder-" + seed).changes(events)
                .sql(sink("target", table, Map.of("sink.buffer-flush.max-rows", maxRows)))
                .run(insertChanges("target"));

        assertThat(rows(table)).as("seed " + seed + ", batches of " + maxRows + ", events " + events)
                .isEqualTo(expected(events, DeleteMode.HARD));
    }

    @Test
    void autoCreateGivesEveryFlinkTypeAColumnThatKeepsItsValues() throws Exception {
        FlinkJob.named(flink, "types")
                .sql("CREATE TABLE typed (" + TYPED + ", PRIMARY KEY (id) NOT ENFORCED) " + with("typed", Map.of("version-column", "")))
                .run("INSERT INTO typed VALUES (1, 'abc', 'varchar', 'a string', TRUE, X'CAFE', 12345.67, CAST(-5 AS TINYINT),"
                        + " CAST(300 AS SMALLINT), 70000, CAST(1.5 AS FLOAT), 2.25, DATE '2024-09-17', TIME '10:15:30',"
                        + " TIMESTAMP '2024-09-17 10:15:30.123456', TO_TIMESTAMP_LTZ(1726568130123, 3)),"
                        + " (2, CAST(NULL AS CHAR(3)), CAST(NULL AS VARCHAR(10)), CAST(NULL AS STRING), CAST(NULL AS BOOLEAN),"
                        + " CAST(NULL AS BYTES), CAST(NULL AS DECIMAL(10, 2)), CAST(NULL AS TINYINT), CAST(NULL AS SMALLINT),"
                        + " CAST(NULL AS INT), CAST(NULL AS FLOAT), CAST(NULL AS DOUBLE), CAST(NULL AS DATE), CAST(NULL AS TIME(0)),"
                        + " CAST(NULL AS TIMESTAMP(6)), CAST(NULL AS TIMESTAMP_LTZ(3)))");
        assertThat(rows("SELECT data_type FROM information_schema.columns WHERE table_name = 'typed' ORDER BY ordinal_position"))
                .map(t -> t.toLowerCase(java.util.Locale.ROOT)).containsExactlyElementsOf(autoCreatedDataTypes());
        try (Connection c = db().connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT * FROM typed ORDER BY id")) {
            assertThat(rs.next()).isTrue();
            assertThat(List.of(rs.getString("c_char"), rs.getString("c_varchar"), rs.getString("c_string"))).containsExactly("abc", "varchar", "a string");
            assertThat(rs.getBoolean("c_bool")).isTrue();
            assertThat(rs.getBytes("c_bytes")).containsExactly(0xCA, 0xFE);
            assertThat(rs.getBigDecimal("c_decimal")).isEqualByComparingTo("12345.67");
            assertThat(List.of(rs.getInt("c_tinyint"), rs.getInt("c_smallint"), rs.getInt("c_int"))).containsExactly(-5, 300, 70000);
            assertThat(rs.getFloat("c_float")).isEqualTo(1.5f);
            assertThat(rs.getDouble("c_double")).isEqualTo(2.25);
            assertThat(rs.getObject("c_date", LocalDate.class)).isEqualTo(LocalDate.of(2024, 9, 17));
            assertThat(rs.getObject("c_time", LocalTime.class)).isEqualTo(LocalTime.of(10, 15, 30));
            assertThat(rs.getObject("c_timestamp", LocalDateTime.class)).isEqualTo(LocalDateTime.of(2024, 9, 17, 10, 15, 30, 123_456_000));
            assertThat(instant(rs, "c_ltz")).isEqualTo(Instant.ofEpochMilli(1726568130123L));
            assertThat(rs.next()).isTrue();
            for (int i = 2; i <= rs.getMetaData().getColumnCount(); i++) {
                assertThat(rs.getObject(i)).as(rs.getMetaData().getColumnName(i)).isNull();
            }
        }
    }

    @Test
    void tombstonesOlderThanTheRetentionAreDeleted() throws Exception {
        db().execute("CREATE TABLE kept_deletes__cdcbridge_tombstones (user_id INT PRIMARY KEY, updated_at " + timestampType()
                        + ", __cdcbridge_deleted_at " + timestampType() + " NOT NULL)",
                "INSERT INTO kept_deletes__cdcbridge_tombstones VALUES (1, '2024-01-01 00:00:00', '2024-01-02 00:00:00')");
        FlinkJob.named(flink, "retention").changes(List.of(upsert(2, "Bob", T), delete(2, "Bob", T.plusMinutes(1))))
                .sql(sink("target", "kept_deletes", Map.of("sink.buffer-flush.max-rows", "1", "tombstone.retention", "1 d")))
                .run(insertChanges("target"));
        assertThat(rows("SELECT user_id, updated_at FROM kept_deletes__cdcbridge_tombstones"))
                .as("the old tombstone went, the new one stays").containsExactly(row(2, T.plusMinutes(1)));
    }

    @Test
    void twoWritersEndAsOneDoes() throws Exception {
        // two writers for each table, the rows partitioned by key; both writers create the tables they need at once
        List<Row> events = shuffledHistory(new Random(11), 60);
        List<String> sinks = new ArrayList<>();
        List<String> inserts = new ArrayList<>();
        for (DeleteMode mode : DeleteMode.values()) {
            sinks.add(sink(mode.name(), "two_writers_" + mode.name().toLowerCase(), Map.of("delete-mode", mode.name().toLowerCase(),
                    "sink.buffer-flush.max-rows", "2", "sink.parallelism", "2")));
            inserts.add(insertChanges(mode.name()));
        }
        FlinkJob job = FlinkJob.named(flink, "two-writers").changes(events).sql(sinks.toArray(String[]::new));
        String plan = job.plan(inserts.toArray(String[]::new));
        for (DeleteMode mode : DeleteMode.values()) {
            assertThat(plan).as("rows reach the writers by key").containsPattern("\"type\" : \"cdcbridge-jdbc two_writers_"
                    + mode.name().toLowerCase() + ": Writer\"[^\\]]*\"parallelism\" : 2[^\\]]*\"ship_strategy\" : \"HASH\"");
        }
        job.run(inserts.toArray(String[]::new));
        for (DeleteMode mode : DeleteMode.values()) {
            assertThat(rows("two_writers_" + mode.name().toLowerCase())).as(mode.toString()).isEqualTo(expected(events, mode));
        }
    }

    @Test
    void aRowTheTargetRefusesGoesToTheDeadLetterTopicAndTheRestOfItsBatchIsWritten() throws Exception {
        createNarrowTable("refused");
        String topic = "refused_dlq_" + getClass().getSimpleName();
        kafka.createTopic(topic, 1);
        List<Row> events = List.of(upsert(1, "Ann", T), upsert(2, "Bob", T), upsert(3, "Much too long", T),
                upsert(4, "Cy", T), upsert(5, "Dee", T), delete(6, "Eve", T), upsert(7, "Gus", null));
        FlinkJob.named(flink, "refusing-statement").changes(events)
                .sql(sink("target", "refused", Map.of("sink.buffer-flush.interval", "0", "auto-create", "false",
                        "dlq.topic", topic, "dlq.properties.bootstrap.servers", kafka.bootstrapServers())))
                .run(insertChanges("target"));
        assertThat(rows("refused")).containsExactly(row(1, "Ann", "ann@example.com", T), row(2, "Bob", "bob@example.com", T),
                row(4, "Cy", "cy@example.com", T), row(5, "Dee", "dee@example.com", T));
        List<ConsumerRecord<String, String>> letters = read(topic, 2);
        assertThat(letters).hasSize(2);
        // a change without a version cannot be guarded: refused before it reaches the database
        assertThat(letters.get(0).key()).isEqualTo("{\"user_id\":7}");
        assertThat(headers(letters.get(0))).containsEntry(DeadLetter.REASON, "the version column 'updated_at' is NULL")
                .doesNotContainKey(DeadLetter.SQL_STATE);
        ConsumerRecord<String, String> letter = letters.get(1);
        assertThat(letter.key()).isEqualTo("{\"user_id\":3}");
        assertThat(letter.value()).isEqualTo("{\"user_id\":3,\"name\":\"Much too long\",\"email\":\"much too long@example.com\","
                + "\"updated_at\":\"2024-09-17T10:00\"}");
        Map<String, String> headers = headers(letter);
        assertThat(headers.get(DeadLetter.REASON)).containsIgnoringCase("too long");
        assertThat(headers).containsEntry(DeadLetter.SQL_STATE, "22001").containsEntry(DeadLetter.STATEMENT, "refusing-statement")
                .containsEntry(DeadLetter.TARGET_TABLE, "refused").containsEntry(DeadLetter.ROW_KIND, "+I");
    }

    @Test
    void withoutADeadLetterTopicARefusedRowFailsTheJobSayingWhichRowAndWhy() throws Exception {
        createNarrowTable("refused_no_dlq");
        List<Row> events = List.of(upsert(1, "Ann", T), upsert(3, "Much too long", T));
        FlinkJob job = FlinkJob.named(flink, "no-dlq").changes(events)
                .sql(sink("target", "refused_no_dlq", Map.of("auto-create", "false")));
        assertThatThrownBy(() -> job.run(insertChanges("target"))).satisfies(e -> assertThat(messages(e))
                .contains("table refused_no_dlq refused the row with key {\"user_id\":3}")
                .containsIgnoringCase("too long").contains("SQL state 22001").contains("dlq.topic"));
    }

    @Test
    void aMissingPrivilegeIsNotABadRowTheJobFailsWithTheReason() throws Exception {
        db().execute("CREATE TABLE read_only (user_id INT PRIMARY KEY, name VARCHAR(50), email VARCHAR(50), updated_at "
                + timestampType() + ")");
        createReadOnlyUser("reader", "reader-secret", "read_only");
        String topic = "read_only_dlq_" + getClass().getSimpleName();
        kafka.createTopic(topic, 1);
        FlinkJob job = FlinkJob.named(flink, "read-only").changes(List.of(upsert(1, "Ann", T)))
                // ignore mode: no tombstone table to create, the INSERT is what the user may not do
                .sql(sink("target", "read_only", Map.of("username", "reader", "password", "reader-secret", "auto-create", "false",
                        "delete-mode", "ignore", "dlq.topic", topic, "dlq.properties.bootstrap.servers", kafka.bootstrapServers())));
        assertThatThrownBy(() -> job.run(insertChanges("target"))).satisfies(e -> assertThat(messages(e))
                .contains("cannot write 1 rows to table read_only").contains("SQL state " + permissionDeniedState())
                .doesNotContain("reader-secret"));
        assertThat(read(topic, 0)).as("nothing dead-lettered").isEmpty();
    }

    @Test
    void aTargetWithoutAColumnFailsTheJobNamingItQuoted() throws Exception {
        db().execute("CREATE TABLE no_email (user_id INT PRIMARY KEY, name VARCHAR(50), updated_at " + timestampType() + ")");
        FlinkJob job = FlinkJob.named(flink, "no-email").changes(List.of(upsert(1, "Ann", T)))
                .sql(sink("target", "no_email", Map.of("auto-create", "false", "delete-mode", "ignore")));
        assertThatThrownBy(() -> job.run(insertChanges("target"))).satisfies(e -> assertThat(messages(e))
                .contains("table no_email has no column 'email'; it has "));
        assertThat(rows("no_email")).isEmpty();
    }

    @Test
    void aTargetWithoutTheKeyFailsTheJobAtOnceSayingSo() throws Exception {
        // without a primary key MySQL's upsert would insert duplicates silently
        db().execute("CREATE TABLE no_key (user_id INT, name VARCHAR(50), email VARCHAR(50), updated_at " + timestampType() + ")");
        FlinkJob job = FlinkJob.named(flink, "no-key").changes(List.of(upsert(1, "Ann", T)))
                // one retry allowed: a retried failure would end in "gave up after 1 retries"
                .sql(sink("target", "no_key", Map.of("auto-create", "false", "delete-mode", "ignore", "sink.max-retries", "1")));
        assertThatThrownBy(() -> job.run(insertChanges("target"))).satisfies(e -> assertThat(messages(e))
                .contains("the primary key of table no_key is [], the sink's is [user_id]").as("not retried").doesNotContain("gave up"));
        assertThat(rows("no_key")).isEmpty();
    }

    @Test
    void aDatabaseThatStaysAwayFailsTheJobAfterTheRetriesSayingWhere() throws Exception {
        String nowhere = url().replace(":" + db().port() + "/", ":" + FreePorts.next() + "/");
        FlinkJob job = FlinkJob.named(flink, "nowhere").changes(List.of(upsert(1, "Ann", T)))
                .sql(sink("target", "nowhere", Map.of("url", nowhere, "sink.max-retries", "2", "sink.retry.backoff", "50ms")));
        assertThatThrownBy(() -> job.run(insertChanges("target"))).satisfies(e -> assertThat(messages(e))
                .contains("gave up after 2 retries to write 1 rows to table nowhere at " + nowhere).contains("SQL state 08"));
    }

    @Test
    void theTargetStoppedFor8SecondsMidStreamEndsAsTheEventsSay() throws Exception {
        String topic = "outage_" + getClass().getSimpleName();
        kafka.createTopic(topic, 1);
        FlinkJob job = FlinkJob.checkpointed(flink, "outage").sql(events(topic), sink("target", "outage", Map.of("sink.buffer-flush.max-rows", "10", "sink.buffer-flush.interval", "200ms",
                        "sink.retry.backoff-max", "1s", "sink.max-retries", "-1")));
        int users = 40;
        List<Row> before = new ArrayList<>();
        List<Row> during = new ArrayList<>();
        for (int id = 1; id <= users; id++) {
            before.add(upsert(id, "User " + id, T));
            during.add(update(id, "User " + id + " v2", T.plusMinutes(1)));
            if (id % 5 == 0) during.add(delete(id, "User " + id + " v2", T.plusMinutes(2)));
        }
        TableResult running = job.start("INSERT INTO target SELECT * FROM events");
        try (KafkaProducer<String, String> producer = producer()) {
            publish(producer, topic, before);
            await().atMost(Duration.ofMinutes(3)).until(() -> count("outage"), n -> n == users);
            db().suspend();
            long down = System.nanoTime();
            publish(producer, topic, during);
            // long enough for several retries at the 1 s backoff (the same path as a longer outage)
            Thread.sleep(Math.max(0, 8_000 - Duration.ofNanos(System.nanoTime() - down).toMillis()));
            db().resume();
            List<Row> all = new ArrayList<>(before);
            all.addAll(during);
            assertRodeItOut(running, "outage", all);
        } finally {
            running.getJobClient().orElseThrow().cancel().get();
        }
    }

    // ---- helpers -------------------------------------------------------------------------------------------------

    /** The running job still runs, and the table comes to hold what the events say (hard deletes). */
    void assertRodeItOut(TableResult running, String table, List<Row> events) throws Exception {
        List<String> expected = expected(events, DeleteMode.HARD);
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
                assertThat(rows(table)).isEqualTo(expected));
        assertThat(running.getJobClient().orElseThrow().getJobStatus().get().isTerminalState()).as("the job rode it out").isFalse();
    }

    /** The DDL of a Flink table writing to a database table, with the defaults of these tests and some options. */
    String sink(String flinkName, String table, Map<String, String> options) {
        return sink(flinkName, with(table, options));
    }

    /** The same with a WITH clause of {@link #with(String, EmbeddedDatabase, String, Map)}. */
    static String sink(String flinkName, String with) {
        return "CREATE TABLE " + flinkName + " (user_id INT NOT NULL, name STRING, email STRING, updated_at TIMESTAMP(3),"
                + " PRIMARY KEY (user_id) NOT ENFORCED) " + with;
    }

    /** The WITH clause of a cdcbridge-jdbc table: these tests' defaults and some options (an empty value drops one). */
    String with(String table, Map<String, String> options) {
        return with(url(), db(), table, options);
    }

    /** The same for any database, reached at {@code url}. */
    static String with(String url, EmbeddedDatabase db, String table, Map<String, String> options) {
        Map<String, String> all = new LinkedHashMap<>();
        all.put("connector", "cdcbridge-jdbc");
        all.put("url", url);
        all.put("username", db.user());
        all.put("password", db.password());
        all.put("table-name", table);
        all.put("version-column", "updated_at");
        all.put("auto-create", "true");
        all.putAll(options);
        all.values().removeIf(String::isEmpty);
        return "WITH (" + all.entrySet().stream().map(e -> "'" + e.getKey() + "' = '" + e.getValue() + "'")
                .collect(Collectors.joining(", ")) + ")";
    }

    /** A Flink table {@code events} reading Debezium-style JSON from a topic, as {@link #publish} writes it. */
    static String events(String topic) {
        return events(topic, kafka.bootstrapServers());
    }

    /** The same from the brokers at {@code bootstrap}. */
    static String events(String topic, String bootstrap) {
        return "CREATE TABLE events (user_id INT NOT NULL, name STRING, email STRING, updated_at TIMESTAMP(3)) WITH ("
                + "'connector' = 'kafka', 'topic' = '" + topic + "', 'properties.bootstrap.servers' = '" + bootstrap
                + "', 'properties.group.id' = '" + topic + "', 'scan.startup.mode' = 'earliest-offset', 'format' = 'debezium-json')";
    }

    void createNarrowTable(String table) {
        db().execute("CREATE TABLE " + table + " (user_id INT PRIMARY KEY, name VARCHAR(5), email VARCHAR(50), updated_at "
                + timestampType() + ")");
    }

    /**
     * A random history of some users (2 to 6 changes each, distinct versions, about a third deletes), every change
     * carrying the row as it then was, in a random order across and within users.
     */
    static List<Row> shuffledHistory(Random random, int users) {
        List<Row> events = new ArrayList<>();
        for (int id = 1; id <= users; id++) {
            List<Integer> minutes = new ArrayList<>();
            for (int m = 0; m < 60; m++) minutes.add(m);
            Collections.shuffle(minutes, random);
            int changes = 2 + random.nextInt(5);
            for (int i = 0; i < changes; i++) {
                LocalDateTime version = T.plusMinutes(minutes.get(i));
                String name = "U" + id + " at " + minutes.get(i);
                events.add(random.nextInt(3) == 0 ? delete(id, name, version) : upsert(id, name, version));
            }
        }
        Collections.shuffle(events, random);
        return events;
    }

    /** What a table must hold after the changes, whatever their order: per user, the newest change decides. */
    static List<String> expected(List<Row> events, DeleteMode mode) {
        Map<Integer, Row> newest = new TreeMap<>();
        for (Row e : events) {
            if (mode == DeleteMode.IGNORE && e.getKind() == RowKind.DELETE) continue;
            newest.merge((Integer) e.getField(0), e, (a, b) -> version(b).isAfter(version(a)) ? b : a);
        }
        List<String> rows = new ArrayList<>();
        for (Row e : newest.values()) {
            boolean deleted = e.getKind() == RowKind.DELETE;
            String row = row(e.getField(0), e.getField(1), e.getField(2), e.getField(3));
            if (mode == DeleteMode.SOFT) rows.add(row + "|" + deleted);
            else if (!deleted) rows.add(row);
        }
        return rows;
    }

    private static LocalDateTime version(Row e) {
        return (LocalDateTime) e.getField(3);
    }

    /** Values as the rows of {@link #rows} show them: '|' between, timestamps as ISO local date-times. */
    static String row(Object... values) {
        List<String> texts = new ArrayList<>();
        for (Object v : values) texts.add(String.valueOf(v instanceof Timestamp t ? t.toLocalDateTime() : v));
        return String.join("|", texts);
    }

    /** The rows of a table or a SELECT, ordered by the first column unless the SELECT orders them. */
    List<String> rows(String tableOrQuery) throws Exception {
        return rows(db(), tableOrQuery);
    }

    /** The same, of any database. */
    static List<String> rows(EmbeddedDatabase db, String tableOrQuery) throws Exception {
        String sql = !tableOrQuery.startsWith("SELECT") ? "SELECT * FROM " + tableOrQuery + " ORDER BY 1"
                : tableOrQuery.contains("ORDER BY") ? tableOrQuery : tableOrQuery + " ORDER BY 1";
        List<String> rows = new ArrayList<>();
        try (Connection c = db.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            ResultSetMetaData meta = rs.getMetaData();
            while (rs.next()) {
                Object[] values = new Object[meta.getColumnCount()];
                for (int i = 0; i < values.length; i++) {
                    Object v = rs.getObject(i + 1);
                    values[i] = v instanceof LocalDateTime ldt ? Timestamp.valueOf(ldt) : v;
                }
                rows.add(row(values));
            }
        }
        return rows;
    }

    long count(String table) throws Exception {
        try (Connection c = db().connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        } catch (java.sql.SQLException e) {
            return -1; // not created yet
        }
    }

    static KafkaProducer<String, String> producer() {
        return producer(kafka.bootstrapServers());
    }

    static KafkaProducer<String, String> producer(String bootstrap) {
        Properties p = new Properties();
        p.put("bootstrap.servers", bootstrap);
        return new KafkaProducer<>(p, new StringSerializer(), new StringSerializer());
    }

    // Debezium-style events: "c" with the row after, "d" with the row before (carrying the delete's version).
    static void publish(KafkaProducer<String, String> producer, String topic, List<Row> rows) throws Exception {
        for (Row r : rows) {
            String image = "{\"user_id\":" + r.getField(0) + ",\"name\":\"" + r.getField(1) + "\",\"email\":\"" + r.getField(2)
                    + "\",\"updated_at\":\"" + Timestamp.valueOf(version(r)) + "\"}";
            String event = r.getKind() == RowKind.DELETE ? "{\"before\":" + image + ",\"after\":null,\"op\":\"d\"}"
                    : "{\"before\":null,\"after\":" + image + ",\"op\":\"c\"}";
            producer.send(new ProducerRecord<>(topic, String.valueOf(r.getField(0)), event)).get();
        }
    }

    /** The records of a one-partition topic: waits until there are {@code expected}, or 2 s when none are expected. */
    static List<ConsumerRecord<String, String>> read(String topic, int expected) {
        Properties p = new Properties();
        p.put("bootstrap.servers", kafka.bootstrapServers());
        List<ConsumerRecord<String, String>> seen = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer())) {
            TopicPartition partition = new TopicPartition(topic, 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long deadline = System.nanoTime() + Duration.ofSeconds(expected == 0 ? 2 : 30).toNanos();
            while ((expected == 0 || seen.size() < expected) && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(seen::add);
            }
        }
        return seen;
    }

    static Map<String, String> headers(ConsumerRecord<?, ?> record) {
        Map<String, String> headers = new LinkedHashMap<>();
        for (Header h : record.headers()) headers.put(h.key(), new String(h.value(), StandardCharsets.UTF_8));
        return headers;
    }

    /** Every message in an exception's chain, one per line. */
    static String messages(Throwable e) {
        List<String> all = new ArrayList<>();
        for (Throwable t = e; t != null && all.size() < 30; t = t.getCause()) all.add(t.getClass().getSimpleName() + ": " + t.getMessage());
        return String.join("\n", all);
    }
}
