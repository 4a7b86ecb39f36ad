package io.cdcbridge.connectors.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cdcbridge.connectors.deadletter.DeadLetter;
import io.cdcbridge.connectors.jdbc.dialect.Column;
import io.cdcbridge.connectors.jdbc.dialect.Table;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.List;
import org.apache.flink.metrics.SimpleCounter;
import org.apache.flink.table.types.logical.IntType;
import org.apache.flink.table.types.logical.TimestampType;
import org.apache.flink.table.types.logical.VarCharType;
import org.apache.flink.types.RowKind;
import org.junit.jupiter.api.Test;

/** What each reporter does with a row the target refused: the job's failure, or the dead letter. */
class RefusalReporterTest {

    private static final Table USERS = new Table(List.of("app", "users"), List.of(new Column("name", new VarCharType(true, 10)),
            new Column("user_id", new IntType(false)), new Column("updated_at", new TimestampType(true, 3))), List.of("user_id"));
    private static final JdbcSinkConfig CONFIG = new JdbcSinkConfig("jdbc:postgresql://db:5432/app", USERS, "writer", "secret",
            "updated_at", DeleteMode.HARD, "__deleted", false, 5000, Duration.ofMillis(10), 20, Duration.ofMillis(200),
            Duration.ofSeconds(10), "users__cdcbridge_tombstones", Duration.ofDays(7), null, NonFiniteFloats.REFUSE, 4);
    private static final Change TOO_LONG = new Change(RowKind.UPDATE_AFTER,
            new Object[] {"Bartholomew the Third", 3, LocalDateTime.parse("2024-01-02T03:04:05.678")}, null);
    private static final SQLException VALUE_TOO_LONG = new SQLException("value too long for type character varying(10)", "22001");

    @Test
    void withoutADeadLetterTopicARefusedRowFailsTheJobNamingTableKeyAndReason() {
        RefusalReporter reporter = RefusalReporter.of(CONFIG, "load-users", new SimpleCounter());
        assertThat(reporter).isInstanceOf(FailingReporter.class);
        assertThatThrownBy(() -> reporter.report(TOO_LONG, "value too long", VALUE_TOO_LONG))
                .isInstanceOf(IOException.class).hasCause(VALUE_TOO_LONG)
                .hasMessage("cdcbridge-jdbc: table app.users refused the row with key {\"user_id\":3}: value too long."
                        + " Set 'dlq.topic' to send refused rows to a dead-letter topic instead of failing the job");
    }

    @Test
    void aDeadLetterCarriesKeyAndRowAsJsonAndSaysWhyWhereAndWhatKind() {
        DeadLetterReporter reporter = new DeadLetterReporter(CONFIG, "load-users", null, new SimpleCounter());
        DeadLetter letter = reporter.letter(TOO_LONG, "value too long", VALUE_TOO_LONG);
        assertThat(new String(letter.key(), StandardCharsets.UTF_8)).isEqualTo("{\"user_id\":3}");
        assertThat(new String(letter.value(), StandardCharsets.UTF_8))
                .isEqualTo("{\"name\":\"Bartholomew the Third\",\"user_id\":3,\"updated_at\":\"2024-01-02T03:04:05.678\"}");
        assertThat(letter.headers()).containsExactly(
                java.util.Map.entry(DeadLetter.REASON, "value too long"),
                java.util.Map.entry(DeadLetter.SQL_STATE, "22001"),
                java.util.Map.entry(DeadLetter.STATEMENT, "load-users"),
                java.util.Map.entry(DeadLetter.TARGET_TABLE, "app.users"),
                java.util.Map.entry(DeadLetter.ROW_KIND, "+U"));
        // refused by the sink itself (no version to judge by): no SQL state
        assertThat(reporter.letter(TOO_LONG, "the version column 'updated_at' is NULL", null).headers())
                .doesNotContainKey(DeadLetter.SQL_STATE);
    }
}
