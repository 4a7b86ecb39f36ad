package io.cdcbridge.connectors.options;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cdcbridge.connectors.deadletter.DeadLetterOptions;
import io.cdcbridge.connectors.jdbc.JdbcSinkOptions;
import io.cdcbridge.connectors.kafka.KafkaDlqOptions;
import io.cdcbridge.connectors.postgres.PostgresSourceOptions;
import java.time.Duration;
import java.util.List;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.connectors.kafka.table.KafkaConnectorOptions;
import org.apache.flink.streaming.connectors.kafka.table.KafkaConnectorOptions.ScanStartupMode;
import org.apache.flink.table.api.ValidationException;
import org.junit.jupiter.api.Test;

/** A table's values checked against the declared rules: the message names the table, the option, the rule and the value. */
class OptionSetTest {

    @Test
    void aValueOutsideItsOptionsRuleIsRefused() {
        Configuration jdbc = new Configuration();
        jdbc.set(JdbcSinkOptions.BUFFER_FLUSH_MAX_ROWS, 0);
        assertThatThrownBy(() -> JdbcSinkOptions.ALL.validate(jdbc, "table t"))
                .isInstanceOf(ValidationException.class).hasMessage("table t: 'sink.buffer-flush.max-rows' must be at least 1, not '0'");
        jdbc.set(JdbcSinkOptions.BUFFER_FLUSH_MAX_ROWS, 1);
        jdbc.set(JdbcSinkOptions.BUFFER_FLUSH_INTERVAL, Duration.ofMillis(-1));
        assertThatThrownBy(() -> JdbcSinkOptions.ALL.validate(jdbc, "table t"))
                .hasMessage("table t: 'sink.buffer-flush.interval' must not be negative, not '-1 ms'");
        Configuration postgres = new Configuration();
        postgres.set(PostgresSourceOptions.DECODING_PLUGIN_NAME, "wal2json");
        assertThatThrownBy(() -> PostgresSourceOptions.ALL.validate(postgres, "table t"))
                .hasMessage("table t: 'decoding.plugin.name' can only be 'pgoutput', not 'wal2json'");
        postgres.set(PostgresSourceOptions.DECODING_PLUGIN_NAME, "pgoutput");
        postgres.set(CdcSourceOptions.BACKFILL_SKIP, false);
        assertThatThrownBy(() -> PostgresSourceOptions.ALL.validate(postgres, "table t"))
                .hasMessage("table t: 'scan.incremental.snapshot.backfill.skip' can only be 'true', not 'false'");
    }

    @Test
    void defaultsKeepTheRulesAndRulesBetweenOptionsAreChecked() {
        assertThatCode(() -> JdbcSinkOptions.ALL.validate(new Configuration(), "table t")).doesNotThrowAnyException();
        Configuration jdbc = new Configuration();
        jdbc.set(JdbcSinkOptions.RETRY_BACKOFF, Duration.ofSeconds(30));
        assertThatThrownBy(() -> JdbcSinkOptions.ALL.validate(jdbc, "table t"))
                .hasMessage("table t: 'sink.retry.backoff-max' must be at least 'sink.retry.backoff'");
        Configuration kafka = new Configuration();
        kafka.set(KafkaConnectorOptions.TOPIC, List.of("a", "b"));
        assertThatThrownBy(() -> KafkaDlqOptions.ALL.validate(kafka, "table t"))
                .hasMessage("table t: a table reading several topics needs 'dlq.topic'");
        kafka.set(DeadLetterOptions.TOPIC, "both_dlq");
        kafka.set(KafkaConnectorOptions.SCAN_STARTUP_MODE, ScanStartupMode.SPECIFIC_OFFSETS);
        assertThatThrownBy(() -> KafkaDlqOptions.ALL.validate(kafka, "table t"))
                .hasMessage("table t: 'scan.startup.mode' = 'specific-offsets' needs 'scan.startup.specific-offsets'");
        kafka.set(KafkaConnectorOptions.SCAN_STARTUP_MODE, ScanStartupMode.TIMESTAMP);
        assertThatThrownBy(() -> KafkaDlqOptions.ALL.validate(kafka, "table t"))
                .hasMessage("table t: 'scan.startup.mode' = 'timestamp' needs 'scan.startup.timestamp-millis'");
        kafka.set(KafkaConnectorOptions.SCAN_STARTUP_TIMESTAMP_MILLIS, 1_700_000_000_000L);
        assertThatCode(() -> KafkaDlqOptions.ALL.validate(kafka, "table t")).doesNotThrowAnyException();
    }
}
