package io.cdcbridge.control.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.cdcbridge.control.engine.FakeEngine;
import io.cdcbridge.control.engine.JobMetrics;
import io.cdcbridge.control.engine.SourceLag;
import io.cdcbridge.control.script.ScriptRunner;
import io.cdcbridge.control.script.VariableSource;
import io.cdcbridge.control.statement.Phase;
import io.cdcbridge.control.statement.StatementService;
import io.cdcbridge.control.workspace.Workspace;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Samples: lag summed over sources, rows/s between two samples of one job, an hour kept, deleted statements forgotten. */
class MetricsSamplerTest {

    private static final VariableSource VARS = VariableSource.of(List.of(Map.of()), n -> Optional.empty());
    private static final Instant T0 = Instant.parse("2026-12-05T10:00:00Z");

    private final ManualClock clock = new ManualClock(T0);

    @Test
    void lagRatesAndHistory(@TempDir Path dir) {
        FakeEngine engine = new FakeEngine();
        Workspace workspace = Workspace.open(dir);
        try (StatementService statements = new StatementService(workspace, engine, () -> VARS);
             MetricsSampler sampler = new MetricsSampler(statements, clock)) {
            new ScriptRunner(workspace, engine, statements, Map.of()).run("s.sql", """
                    CREATE TABLE a (id INT) WITH ('connector' = 'kafka', 'topic' = 'a');
                    CREATE TABLE b (id INT) WITH ('connector' = 'kafka', 'topic' = 'b');
                    CREATE TABLE dst (id INT) WITH ('connector' = 'kafka', 'topic' = 'dst');
                    SET 'client.statement-name' = 'copy';
                    INSERT INTO dst SELECT id FROM a UNION ALL SELECT id FROM b;
                    """, VARS, "local");
            String job = engine.latestJob("copy").orElseThrow().id();
            engine.run(job);
            statements.reconcile();
            engine.lag("copy", List.of(SourceLag.kafka("a", "kafka", Map.of(0, 3L, 1, 4L)), SourceLag.kafka("b", "kafka", Map.of(0, 5L))));
            engine.jobMetrics(job, new JobMetrics(100L, 2L, 0L, 4L, T0, 12L, 2048L));

            sampler.sample();
            StatementMetrics first = sampler.latest("copy").orElseThrow();
            assertThat(first.phase()).isEqualTo(Phase.RUNNING);
            assertThat(first.messagesBehind()).isEqualTo(12L);
            assertThat(first.walBytesRetained()).isNull();
            assertThat(first.rowsWritten()).isEqualTo(100L);
            assertThat(first.rowsPerSecond()).as("no sample before: no rate yet").isNull();
            assertThat(first.deadLetters()).isEqualTo(2L);
            assertThat(first.sources()).extracting(SourceLag::table).containsExactly("a", "b");

            clock.set(T0.plusSeconds(5));
            engine.jobMetrics(job, new JobMetrics(350L, 2L, 0L, 9L, T0.plusSeconds(4), 10L, 2048L));
            sampler.sample();
            assertThat(sampler.latest("copy").orElseThrow().rowsPerSecond()).isEqualTo(50.0);
            assertThat(sampler.latest()).extracting(StatementMetrics::name).containsExactly("copy");

            // an hour later the first samples are gone
            clock.set(T0.plus(Duration.ofMinutes(60)).plusSeconds(1));
            sampler.sample();
            assertThat(sampler.history("copy")).extracting(StatementMetrics::at)
                    .containsExactly(T0.plusSeconds(5), T0.plus(Duration.ofMinutes(60)).plusSeconds(1));

            statements.delete("copy");
            sampler.sample();
            assertThat(sampler.latest("copy")).isEmpty();
            assertThat(sampler.history("copy")).isEmpty();
        }
    }
}
