package io.cdcbridge.connectors.jdbc;

import static io.cdcbridge.connectors.jdbc.FlinkJob.delete;
import static io.cdcbridge.connectors.jdbc.FlinkJob.update;
import static io.cdcbridge.connectors.jdbc.FlinkJob.upsert;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cdcbridge.embedded.EmbeddedDatabase;
import io.cdcbridge.embedded.EmbeddedKafka;
import io.cdcbridge.embedded.EmbeddedPostgres;
import io.cdcbridge.embedded.FreePorts;
import io.cdcbridge.embedded.TcpProxy;
import io.cdcbridge.embedded.junit.PostgresExtension;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.flink.table.api.TableResult;
import org.apache.flink.types.Row;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** cdcbridge-jdbc's guarantees on PostgreSQL. */
@Tag("integration")
@ExtendWith(PostgresExtension.class)
class PostgresJdbcSinkTest extends JdbcSinkContract {

    static EmbeddedPostgres postgres;

    @BeforeAll
    static void sharedPostgres(EmbeddedPostgres shared) {
        postgres = shared;
    }

    // Behaviour of the writer that no dialect changes: tested once.
    @Test
    void bufferedRowsAreWrittenWhenTheIntervalIsOverAndAtEveryCheckpoint() throws Exception {
        List<Row> three = List.of(upsert(1, "Ann", T), upsert(2, "Bob", T), upsert(3, "Cy", T));
        // no checkpoints, far fewer rows than max-rows: only the interval's timer writes them
        kafka.createTopic("by_interval", 1);
        TableResult byInterval = FlinkJob.named(flink, "by-interval").sql(events("by_interval"),
                sink("target", "by_interval", Map.of("sink.buffer-flush.max-rows", "1000", "sink.buffer-flush.interval", "300ms")))
                .start("INSERT INTO target SELECT * FROM events");
        // no timer, far fewer rows than max-rows: only the checkpoint writes them
        kafka.createTopic("by_checkpoint", 1);
        TableResult byCheckpoint = FlinkJob.checkpointed(flink, "by-checkpoint").sql(events("by_checkpoint"),
                sink("target", "by_checkpoint", Map.of("sink.buffer-flush.max-rows", "1000", "sink.buffer-flush.interval", "0")))
                .start("INSERT INTO target SELECT * FROM events");
        try (KafkaProducer<String, String> producer = producer()) {
            publish(producer, "by_interval", three);
            publish(producer, "by_checkpoint", three);
            await().atMost(Duration.ofMinutes(3)).untilAsserted(() -> {
                assertThat(count("by_interval")).isEqualTo(3);
                assertThat(count("by_checkpoint")).isEqualTo(3);
            });
        } finally {
            byInterval.getJobClient().orElseThrow().cancel().get();
            byCheckpoint.getJobClient().orElseThrow().cancel().get();
        }
    }

    // A statement set of more tables than the database lets the sink's user connect (PostgreSQL allows 100 by
    // default, a migration moves hundreds): the job's writers share 'sink.connections' connections, no retry needed.
    @Test
    void moreTablesThanTheUsersConnectionLimitAreAllWrittenOverSharedConnections() throws Exception {
        postgres.execute("CREATE ROLE few_connections LOGIN PASSWORD 'few' CONNECTION LIMIT 2",
                "CREATE SCHEMA few AUTHORIZATION few_connections");
        List<Row> events = shuffledHistory(new Random(5), 10);
        List<String> sinks = new ArrayList<>();
        List<String> inserts = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            sinks.add(sink("t" + i, "few.t" + i, Map.of("username", "few_connections", "password", "few",
                    "sink.connections", "2", "sink.max-retries", "0")));
            inserts.add(FlinkJob.insertChanges("t" + i));
        }
        FlinkJob.named(flink, "six-tables").changes(events).sql(sinks.toArray(String[]::new)).run(inserts.toArray(String[]::new));
        for (int i = 0; i < 6; i++) {
            assertThat(rows("few.t" + i)).as("few.t" + i).isEqualTo(expected(events, DeleteMode.HARD));
        }
    }

    // A batch is written on a thread of its own; what it refused must not wait for the next batch or checkpoint.
    @Test
    void aRowRefusedInTheLastBatchIsDeadLetteredWithoutMoreRowsOrACheckpoint() throws Exception {
        createNarrowTable("refused_last");
        String topic = "refused_last_dlq";
        kafka.createTopic("refused_last", 1);
        kafka.createTopic(topic, 1);
        TableResult job = FlinkJob.named(flink, "refused-last").sql(events("refused_last"),
                sink("target", "refused_last", Map.of("sink.buffer-flush.interval", "100ms", "auto-create", "false",
                        "dlq.topic", topic, "dlq.properties.bootstrap.servers", kafka.bootstrapServers())))
                .start("INSERT INTO target SELECT * FROM events");
        try (KafkaProducer<String, String> producer = producer()) {
            publish(producer, "refused_last", List.of(upsert(1, "Ann", T), upsert(3, "Much too long", T)));
            List<ConsumerRecord<String, String>> letters = read(topic, 1);
            assertThat(letters).extracting(ConsumerRecord::key).containsExactly("{\"user_id\":3}");
            assertThat(count("refused_last")).isEqualTo(1);
        } finally {
            job.getJobClient().orElseThrow().cancel().get();
        }
    }

    // Behaviour of the source side, not of a dialect: tested once. Its own broker, kept in a folder so that it can be
    // stopped and started again there; every connection of the statement goes through the proxy (advertised port).
    @Test
    void theBrokerCutStalledAndRestartedMidStreamEndsAsTheEventsSay(@TempDir Path home) throws Exception {
        int proxyPort = FreePorts.next();
        EmbeddedKafka broker = EmbeddedKafka.start(home, proxyPort);
        int forwarded = broker.forwardedPort();
        try (TcpProxy proxy = TcpProxy.start("broker", proxyPort, "127.0.0.1", forwarded)) {
            broker.createTopic("broker_faults", 1);
            TableResult running = FlinkJob.checkpointed(flink, "broker-faults")
                    .sql(events("broker_faults", "127.0.0.1:" + proxyPort), sink("target", "broker_faults", Map.of(
                            "sink.buffer-flush.max-rows", "10", "sink.buffer-flush.interval", "200ms")))
                    .start("INSERT INTO target SELECT * FROM events");
            int users = 30;
            List<List<Row>> phases = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
            for (int id = 1; id <= users; id++) {
                phases.get(0).add(upsert(id, "User " + id, T));
                // each fault's phase changes a third of the users, every fifth of them deleted
                List<Row> phase = phases.get(1 + (id - 1) % 3);
                phase.add(update(id, "User " + id + " v2", T.plusMinutes(1)));
                if (id % 5 == 0) phase.add(delete(id, "User " + id + " v2", T.plusMinutes(2)));
            }
            String bootstrap = broker.bootstrapServers(); // the broker's own listener: the test's producer is not proxied
            try {
                try (KafkaProducer<String, String> producer = producer(bootstrap)) {
                    publish(producer, "broker_faults", phases.get(0));
                    await().atMost(Duration.ofMinutes(3)).until(() -> count("broker_faults"), n -> n == users);

                    assertThat(proxy.cut()).as("the statement's connections to the broker").isPositive();
                    publish(producer, "broker_faults", phases.get(1));

                    proxy.stall(true);
                    publish(producer, "broker_faults", phases.get(2));
                    Thread.sleep(3_000); // held: the consumer's fetches and commits wait
                    proxy.stall(false);
                }
                broker.close();
                broker = EmbeddedKafka.start(home, proxyPort);
                assertThat(broker.forwardedPort()).as("the proxy forwards to the restarted broker").isEqualTo(forwarded);
                try (KafkaProducer<String, String> producer = producer(bootstrap)) {
                    publish(producer, "broker_faults", phases.get(3));
                }

                List<Row> all = new ArrayList<>();
                phases.forEach(all::addAll);
                assertRodeItOut(running, "broker_faults", all);
            } finally {
                running.getJobClient().orElseThrow().cancel().get();
            }
        } finally {
            broker.close();
        }
    }

    @Override
    EmbeddedDatabase db() {
        return postgres;
    }

    @Override
    String timestampType() {
        return "timestamp(3)";
    }

    @Override
    String permissionDeniedState() {
        return "42501";
    }

    @Override
    List<String> autoCreatedDataTypes() {
        return List.of("bigint", "character", "character varying", "text", "boolean", "bytea", "numeric", "smallint", "smallint",
                "integer", "real", "double precision", "date", "time without time zone", "timestamp without time zone",
                "timestamp with time zone");
    }

    @Override
    Instant instant(ResultSet rs, String column) throws Exception {
        return rs.getObject(column, OffsetDateTime.class).toInstant();
    }

    @Override
    void createReadOnlyUser(String user, String password, String table) {
        postgres.execute("CREATE ROLE " + user + " LOGIN PASSWORD '" + password + "'", "GRANT SELECT ON " + table + " TO " + user);
    }
}
