package io.cdcbridge.engine.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.table.api.config.ExecutionConfigOptions;
import org.junit.jupiter.api.Test;

/** Seed 002's SET 'sql.state-ttl' reaches Flink as its state retention, and an explicit Flink key still wins. */
class StatementPropertiesTest {

    private static final List<String> TABLES = List.of(
            "CREATE TABLE clicks (user_id INT) WITH ('connector' = 'datagen')",
            "CREATE TABLE counts (user_id INT, n BIGINT, PRIMARY KEY (user_id) NOT ENFORCED) WITH ('connector' = 'blackhole')");
    private static final String STATEMENT = "INSERT INTO counts SELECT user_id, COUNT(*) FROM clicks GROUP BY user_id";

    @Test
    void confluentsStateTtlBecomesFlinksStateRetention() throws Exception {
        try (FlinkSession session = FlinkSession.open(new Configuration(), TABLES)) {
            session.validate(STATEMENT, Map.of("sql.state-ttl", "7 d"));
            assertThat(session.env().getConfig().get(ExecutionConfigOptions.IDLE_STATE_RETENTION)).isEqualTo(Duration.ofDays(7));
        }
    }

    @Test
    void anExplicitFlinkKeyWins() {
        assertThat(StatementProperties.forFlink(Map.of("sql.state-ttl", "7 d", "table.exec.state.ttl", "1 h", "parallelism.default", "2")))
                .containsExactlyInAnyOrderEntriesOf(Map.of("table.exec.state.ttl", "1 h", "parallelism.default", "2"));
    }
}
