package io.cdcbridge.control.metrics;

import io.cdcbridge.control.engine.SourceLag;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * {@code /metrics}: every statement's latest sample and the JVM's figures in Prometheus' text exposition format,
 * through the Prometheus Java client. Names follow Prometheus' conventions: a {@code cdcbridge_} prefix, base units
 * (seconds, bytes), {@code _total} on counters, the statement (and source table, partition) as labels.
 */
public final class PrometheusMetrics {

    /** The answer's content type (text format 0.0.4). */
    public static final String CONTENT_TYPE = PrometheusTextFormatWriter.CONTENT_TYPE;

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();
    private final MetricsSampler sampler;
    private final Clock clock;

    public PrometheusMetrics(MetricsSampler sampler, Clock clock) {
        this.sampler = sampler;
        this.clock = clock;
        JvmMetrics.builder().register(registry);
        registry.register((MultiCollector) this::statements);
    }

    /** Writes every metric in the text exposition format. */
    public void write(OutputStream out) throws IOException {
        writer.write(out, registry.scrape());
    }

    private MetricSnapshots statements() {
        List<StatementMetrics> all = sampler.latest();
        List<MetricSnapshot> out = new ArrayList<>();
        out.add(phases(all));
        out.add(gauge("cdcbridge_statement_messages_behind",
                "Messages the statement's Kafka sources hold that it has not acknowledged (end offset minus committed offset)",
                all, StatementMetrics::messagesBehind));
        out.add(gauge("cdcbridge_statement_lag_seconds",
                "Seconds from a change's commit in a PostgreSQL source to its write in the sink (the latest change's;"
                        + " rows waiting in the sink count from the oldest)", all, StatementMetrics::lagSeconds));
        out.add(gauge("cdcbridge_statement_snapshot_rows_read", "Rows the statement's sources read in their snapshots",
                all, m -> m.snapshot() == null ? null : m.snapshot().rowsRead()));
        out.add(gauge("cdcbridge_statement_snapshot_rows_estimated",
                "Rows the statement's source tables are estimated to hold when their snapshot began",
                all, m -> m.snapshot() == null ? null : m.snapshot().rowsEstimated()));
        out.add(gauge("cdcbridge_statement_snapshot_splits_finished", "Snapshot splits the statement's sources read",
                all, m -> m.snapshot() == null ? null : m.snapshot().splitsFinished()));
        out.add(gauge("cdcbridge_statement_snapshot_splits", "Snapshot splits the statement's source tables were cut into",
                all, m -> m.snapshot() == null ? null : m.snapshot().splitsTotal()));
        out.add(sourceMessagesBehind(all));
        out.add(sourceWal(all));
        out.add(counter("cdcbridge_statement_rows_written", "Rows the statement's sinks wrote since its job started",
                all, StatementMetrics::rowsWritten));
        out.add(gauge("cdcbridge_statement_rows_written_per_second", "Rows written per second between the two latest samples",
                all, StatementMetrics::rowsPerSecond));
        out.add(counter("cdcbridge_statement_dead_letters", "Records the statement sent to dead-letter topics since its job started",
                all, StatementMetrics::deadLetters));
        out.add(counter("cdcbridge_statement_upserts", "Rows the statement's sinks wrote as upserts (inserts and updates)",
                all, StatementMetrics::upserts));
        out.add(counter("cdcbridge_statement_deletes", "Rows the statement's sinks wrote as deletes (hard or soft)",
                all, StatementMetrics::deletes));
        out.add(counter("cdcbridge_statement_sink_retries", "Retries of the statement's sinks while their database was unreachable",
                all, StatementMetrics::retries));
        out.add(counter("cdcbridge_statement_restarts", "Restarts of the statement's job", all, StatementMetrics::restarts));
        out.add(counter("cdcbridge_statement_checkpoints", "Completed checkpoints of the statement's job",
                all, StatementMetrics::checkpoints));
        out.add(gauge("cdcbridge_statement_last_checkpoint_age_seconds", "Seconds since the latest completed checkpoint",
                all, m -> m.lastCheckpointAt() == null ? null
                        : Duration.between(m.lastCheckpointAt(), clock.instant()).toMillis() / 1000.0));
        out.add(gauge("cdcbridge_statement_last_checkpoint_duration_seconds", "How long the latest completed checkpoint took",
                all, m -> m.lastCheckpointDurationMs() == null ? null : m.lastCheckpointDurationMs() / 1000.0));
        out.add(gauge("cdcbridge_statement_last_checkpoint_size_bytes", "Size of the latest completed checkpoint",
                all, StatementMetrics::lastCheckpointSizeBytes));
        return new MetricSnapshots(out);
    }

    // 1 for each statement's current phase, as a state set
    private static GaugeSnapshot phases(List<StatementMetrics> all) {
        GaugeSnapshot.Builder b = GaugeSnapshot.builder().name("cdcbridge_statement_phase")
                .help("The statement's phase (1 for the current one): PENDING, RUNNING, STOPPING, STOPPED, FAILED, COMPLETED");
        for (StatementMetrics m : all) {
            b.dataPoint(GaugeSnapshot.GaugeDataPointSnapshot.builder()
                    .labels(Labels.of("statement", m.name(), "phase", m.phase().name())).value(1).build());
        }
        return b.build();
    }

    private static GaugeSnapshot sourceMessagesBehind(List<StatementMetrics> all) {
        GaugeSnapshot.Builder b = GaugeSnapshot.builder().name("cdcbridge_source_messages_behind")
                .help("Messages of one partition of a Kafka source the statement has not acknowledged");
        for (StatementMetrics m : all) {
            for (SourceLag l : m.sources()) {
                if (l.partitionsBehind() == null) continue;
                l.partitionsBehind().forEach((partition, behind) -> b.dataPoint(GaugeSnapshot.GaugeDataPointSnapshot.builder()
                        .labels(Labels.of("statement", m.name(), "table", l.table(), "partition", String.valueOf(partition)))
                        .value(behind).build()));
            }
        }
        return b.build();
    }

    private static GaugeSnapshot sourceWal(List<StatementMetrics> all) {
        GaugeSnapshot.Builder b = GaugeSnapshot.builder().name("cdcbridge_source_wal_retained_bytes")
                .help("WAL the replication slot of a PostgreSQL source retains (current WAL position minus its restart LSN)");
        for (StatementMetrics m : all) {
            for (SourceLag l : m.sources()) {
                if (l.walBytesRetained() == null) continue;
                b.dataPoint(GaugeSnapshot.GaugeDataPointSnapshot.builder()
                        .labels(Labels.of("statement", m.name(), "table", l.table())).value(l.walBytesRetained()).build());
            }
        }
        return b.build();
    }

    private static GaugeSnapshot gauge(String name, String help, List<StatementMetrics> all,
                                       Function<StatementMetrics, ? extends Number> figure) {
        GaugeSnapshot.Builder b = GaugeSnapshot.builder().name(name).help(help);
        values(all, figure).forEach((statement, v) -> b.dataPoint(GaugeSnapshot.GaugeDataPointSnapshot.builder()
                .labels(Labels.of("statement", statement)).value(v).build()));
        return b.build();
    }

    private static CounterSnapshot counter(String name, String help, List<StatementMetrics> all,
                                           Function<StatementMetrics, ? extends Number> figure) {
        CounterSnapshot.Builder b = CounterSnapshot.builder().name(name).help(help);
        values(all, figure).forEach((statement, v) -> b.dataPoint(CounterSnapshot.CounterDataPointSnapshot.builder()
                .labels(Labels.of("statement", statement)).value(v).build()));
        return b.build();
    }

    // the figure of each statement that has it
    private static Map<String, Double> values(List<StatementMetrics> all, Function<StatementMetrics, ? extends Number> figure) {
        Map<String, Double> out = new LinkedHashMap<>();
        for (StatementMetrics m : all) {
            Number v = figure.apply(m);
            if (v != null) out.put(m.name(), v.doubleValue());
        }
        return out;
    }
}
