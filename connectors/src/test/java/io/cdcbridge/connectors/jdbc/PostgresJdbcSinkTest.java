package io.cdcbridge.connectors.jdbc;

import static io.cdcbridge.connectors.jdbc.FlinkJob.upsert;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cdcbridge.embedded.EmbeddedDatabase;
import io.cdcbridge.embedded.EmbeddedPostgres;
import io.cdcbridge.embedded.junit.PostgresExtension;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import org.apache.flink.table.api.TableResult;
import org.apache.flink.types.Row;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

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
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                assertThat(count("by_interval")).isEqualTo(3);
                assertThat(count("by_checkpoint")).isEqualTo(3);
            });
        } finally {
            byInterval.getJobClient().orElseThrow().cancel().get();
            byCheckpoint.getJobClient().orElseThrow().cancel().get();
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
