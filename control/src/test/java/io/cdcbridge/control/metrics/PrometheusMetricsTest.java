package io.cdcbridge.control.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cdcbridge.control.engine.FakeEngine;
import io.cdcbridge.control.engine.JobMetrics;
import io.cdcbridge.control.engine.SnapshotProgress;
import io.cdcbridge.control.engine.SourceLag;
import io.cdcbridge.control.script.ScriptRunner;
import io.cdcbridge.control.script.VariableSource;
import io.cdcbridge.control.statement.StatementService;
import io.cdcbridge.control.workspace.Workspace;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.MatchResult;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** /metrics: a statement's sample in Prometheus' text format, by Prometheus' naming conventions, and the JVM's figures. */
class PrometheusMetricsTest {

    private static final VariableSource VARS = VariableSource.of(List.of(Map.of()), n -> Optional.empty());
    private static final Instant T0 = Instant.parse("2026-12-05T10:00:00Z");

    // statement 'copy' reading table a, its job running; returns the job's id
    private static String runningCopy(Workspace workspace, FakeEngine engine, StatementService statements) {
        new ScriptRunner(workspace, engine, statements, Map.of()).run("s.sql", """
                CREATE TABLE a (id INT) WITH ('connector' = 'kafka', 'topic' = 'a');
                CREATE TABLE dst (id INT) WITH ('connector' = 'kafka', 'topic' = 'dst');
                SET 'client.statement-name' = 'copy';
                INSERT INTO dst SELECT id FROM a;
                """, VARS, "local");
        String job = engine.latestJob("copy").orElseThrow().id();
        engine.run(job);
        statements.reconcile();
        return job;
    }

    @Test
    void aStatementsSampleInTheTextFormat(@TempDir Path dir) throws Exception {
        FakeEngine engine = new FakeEngine();
        Workspace workspace = Workspace.open(dir);
        Clock clock = Clock.fixed(T0.plusSeconds(30), ZoneOffset.UTC);
        try (StatementService statements = new StatementService(workspace, engine, () -> VARS);
             MetricsSampler sampler = new MetricsSampler(statements, clock)) {
            String job = runningCopy(workspace, engine, statements);
            engine.lag("copy", List.of(SourceLag.kafka("a", "kafka", Map.of(0, 3L, 1, 4L))));
            engine.jobMetrics(job, new JobMetrics(100L, 2L, 1L, 4L, T0, 1500L, 2048L, 40L, 210L,
                    new SnapshotProgress(300L, 1200L, 1L, 4L, false), 96L, 4L, 7L));
            sampler.sample();

            ByteArrayOutputStream out = new ByteArrayOutputStream();
            new PrometheusMetrics(sampler, clock).write(out);
            List<String> lines = out.toString(StandardCharsets.UTF_8).lines().toList();
            assertThat(lines).contains(
                    "# TYPE cdcbridge_statement_phase gauge",
                    "cdcbridge_statement_phase{phase=\"RUNNING\",statement=\"copy\"} 1.0",
                    "cdcbridge_statement_messages_behind{statement=\"copy\"} 7.0",
                    "cdcbridge_source_messages_behind{partition=\"0\",statement=\"copy\",table=\"a\"} 3.0",
                    "cdcbridge_source_messages_behind{partition=\"1\",statement=\"copy\",table=\"a\"} 4.0",
                    "# TYPE cdcbridge_statement_rows_written_total counter",
                    "cdcbridge_statement_rows_written_total{statement=\"copy\"} 100.0",
                    "cdcbridge_statement_dead_letters_total{statement=\"copy\"} 2.0",
                    "cdcbridge_statement_upserts_total{statement=\"copy\"} 96.0",
                    "cdcbridge_statement_deletes_total{statement=\"copy\"} 4.0",
                    "cdcbridge_statement_sink_retries_total{statement=\"copy\"} 7.0",
                    "cdcbridge_statement_restarts_total{statement=\"copy\"} 1.0",
                    "cdcbridge_statement_checkpoints_total{statement=\"copy\"} 4.0",
                    "cdcbridge_statement_last_checkpoint_age_seconds{statement=\"copy\"} 30.0",
                    "cdcbridge_statement_last_checkpoint_duration_seconds{statement=\"copy\"} 1.5",
                    "cdcbridge_statement_last_checkpoint_size_bytes{statement=\"copy\"} 2048.0",
                    // commit to emission plus the sink's write delay
                    "cdcbridge_statement_lag_seconds{statement=\"copy\"} 0.25",
                    "cdcbridge_statement_snapshot_rows_read{statement=\"copy\"} 300.0",
                    "cdcbridge_statement_snapshot_rows_estimated{statement=\"copy\"} 1200.0",
                    "cdcbridge_statement_snapshot_splits_finished{statement=\"copy\"} 1.0",
                    "cdcbridge_statement_snapshot_splits{statement=\"copy\"} 4.0");
            assertThat(lines).as("no rate before a second sample").noneMatch(l -> l.startsWith("cdcbridge_statement_rows_written_per_second{"));
            assertThat(lines).anyMatch(l -> l.startsWith("jvm_memory_used_bytes{area=\"heap\"}"));
        }
    }

    @Test
    void everyMetricTheGrafanaDashboardQueriesIsExported(@TempDir Path dir) throws Exception {
        FakeEngine engine = new FakeEngine();
        Workspace workspace = Workspace.open(dir);
        ManualClock clock = new ManualClock(T0);
        try (StatementService statements = new StatementService(workspace, engine, () -> VARS);
             MetricsSampler sampler = new MetricsSampler(statements, clock)) {
            String job = runningCopy(workspace, engine, statements);
            engine.lag("copy", List.of(SourceLag.kafka("a", "kafka", Map.of(0, 3L)), SourceLag.wal("p", "postgres-cdc", 512L)));
            engine.jobMetrics(job, new JobMetrics(100L, 2L, 1L, 4L, T0, 1500L, 2048L, 30L, 5L,
                    new SnapshotProgress(10L, 20L, 1L, 2L, false), 90L, 10L, 3L));
            sampler.sample();
            clock.set(T0.plusSeconds(5));
            sampler.sample();

            ByteArrayOutputStream out = new ByteArrayOutputStream();
            new PrometheusMetrics(sampler, clock).write(out);
            List<String> exported = out.toString(StandardCharsets.UTF_8).lines().filter(l -> !l.startsWith("#"))
                    .map(l -> l.split("[{ ]")[0]).distinct().toList();
            JsonNode dashboard = new ObjectMapper().readTree(Path.of("..", "ops", "grafana", "cdcbridge.json").toFile());
            List<String> queried = dashboard.findValues("expr").stream()
                    .flatMap(e -> Pattern.compile("\\b(cdcbridge|jvm)_[a-z_]+").matcher(e.asText()).results().map(MatchResult::group))
                    .distinct().toList();
            assertThat(queried).hasSizeGreaterThanOrEqualTo(10);
            assertThat(exported).containsAll(queried);
        }
    }
}
