package io.cdcbridge.bench.pgkafkamariadb;

import static io.cdcbridge.bench.report.ReportNumbers.num;
import static io.cdcbridge.bench.report.ReportNumbers.ratio;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cdcbridge.bench.limits.KafkaLimits;
import io.cdcbridge.bench.process.CpuMeter;
import io.cdcbridge.bench.report.PipelineReport;
import io.cdcbridge.control.workspace.Json;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/** The report of one pg-kafka-mariadb run: a markdown table with the ratios against the baselines, and a plot of lag. */
final class KafkaPathReport extends PipelineReport<KafkaPathResult> {

    private final long rows;
    private final String serverHeap;
    private final String loadBefore;
    private final String loadAfter;
    private final MariaDbTarget.Alone alone;
    private final double writer;
    private final KafkaLimits.Rates broker;

    KafkaPathReport(long rows, long oltpSeconds, int oltpClients, int oltpRate, String serverHeap, String loadBefore, String loadAfter, MariaDbTarget.Alone alone, double writer,
                    KafkaLimits.Rates broker, List<KafkaPathResult> results) {
        super(results, oltpSeconds, oltpClients, oltpRate);
        this.rows = rows;
        this.serverHeap = serverHeap;
        this.loadBefore = loadBefore;
        this.loadAfter = loadAfter;
        this.alone = alone;
        this.writer = writer;
        this.broker = broker;
    }

    @Override
    protected String lagTitle() {
        return "PostgreSQL -> Kafka -> MariaDB: lag under OLTP load";
    }

    @Override
    public String markdown() {
        StringBuilder out = new StringBuilder();
        out.append("## pg-kafka-mariadb, ").append(rows).append(" rows\n\n");
        out.append(String.format(Locale.ROOT, "Machine: %d cores, shared with other work: load average (1, 5, 15 min) %s at the"
                + " start, %s at the end. Limits measured in the same run: MariaDB applying the rows alone, %d-row guarded multi-row"
                + " upserts from a table it holds **%.0f rows/s**, `LOAD DATA` **%.0f rows/s**; cdcbridge-jdbc writing the same rows"
                + " generated in Flink (no source, no format) **%.0f rows/s** (**%sx** MariaDB's upserts alone); the broker alone (keyed"
                + " records of cdcbridge's event size) produce **%.0f/s**, consume **%.0f/s**.%n%n",
                Runtime.getRuntime().availableProcessors(), loadBefore, loadAfter, MariaDbTarget.APPLY_BATCH_ROWS,
                alone.upserts(), alone.loadData(), writer, ratio(writer, alone.upserts()), broker.produce(), broker.consume()));
        out.append("| pipeline | running after s | snapshot rows/s | streaming rows/s | OLTP tx/s | lag p50 ms | lag p99 ms | lag max ms"
                + " | peak RSS MiB | total MiB | bytes/event | target = source |\n");
        out.append("|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (KafkaPathResult r : results) {
            String rss = r.peakRssBytes().entrySet().stream().map(e -> e.getKey() + " " + (e.getValue() >> 20))
                    .collect(Collectors.joining(", "));
            out.append(String.format(Locale.ROOT, "| %s | %.1f | %s | %s | %s | %s | %s | %s | %s | %d | %s | %s |%n", r.pipeline(),
                    r.startSeconds(), num(r.snapshotRowsPerSecond()), num(r.streamingRowsPerSecond()), num(r.oltpTransactionsPerSecond()),
                    num(r.lagPercentile(0.5)), num(r.lagPercentile(0.99)), num(r.lagPercentile(1.0)), rss,
                    r.totalRssBytes() >> 20, num(r.eventBytes()), r.error() != null ? "FAILED: " + r.error() : String.join("; ", r.checks())));
        }
        out.append("\nCPU seconds each process used (the pipeline's own, Kafka, PostgreSQL with the source's inserts, MariaDB),"
                + " and rows per CPU second of them all: what a pipeline costs, which a busy machine does not change as it"
                + " changes rows/s.\n\n| pipeline | snapshot CPU s | snapshot rows per CPU s | streaming CPU s | streaming rows per CPU s |\n"
                + "|---|---|---|---|---|\n");
        for (KafkaPathResult r : results) {
            out.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s |%n", r.pipeline(), CpuMeter.format(r.snapshotCpuSeconds()),
                    num(CpuMeter.perCpuSecond(rows, r.snapshotCpuSeconds())), CpuMeter.format(r.streamingCpuSeconds()),
                    num(CpuMeter.perCpuSecond(rows, r.streamingCpuSeconds()))));
        }
        out.append('\n');
        for (String pipeline : List.of("cdcbridge", "cdcbridge-noschema", "cdcbridge-cdcjson")) {
            Optional<KafkaPathResult> ours = find(pipeline);
            for (String baseline : List.of("debezium-tuned", "debezium-defaults", "stock-flink")) {
                Optional<KafkaPathResult> base = find(baseline);
                if (ours.isEmpty() || base.isEmpty()) continue;
                out.append(String.format(Locale.ROOT, "- %s / %s: snapshot **%sx**, streaming **%sx**, memory (all processes) **%sx**;"
                        + " rows per CPU second: snapshot **%sx**, streaming **%sx**%n", pipeline,
                        baseline, ratio(ours.get().snapshotRowsPerSecond(), base.get().snapshotRowsPerSecond()),
                        ratio(ours.get().streamingRowsPerSecond(), base.get().streamingRowsPerSecond()),
                        ratio(ours.get().totalRssBytes(), base.get().totalRssBytes()),
                        ratio(CpuMeter.perCpuSecond(rows, ours.get().snapshotCpuSeconds()), CpuMeter.perCpuSecond(rows, base.get().snapshotCpuSeconds())),
                        ratio(CpuMeter.perCpuSecond(rows, ours.get().streamingCpuSeconds()), CpuMeter.perCpuSecond(rows, base.get().streamingCpuSeconds()))));
            }
            ours.ifPresent(o -> out.append(String.format(Locale.ROOT, "- %s / MariaDB's multi-row upserts alone: snapshot **%sx**,"
                    + " streaming **%sx**%n", pipeline, ratio(o.snapshotRowsPerSecond(), alone.upserts()), ratio(o.streamingRowsPerSecond(), alone.upserts()))));
            ours.filter(o -> !Double.isNaN(o.applyAloneEventsPerSecond())).ifPresent(o -> out.append(String.format(Locale.ROOT,
                    "- %s's cdcbridge-jdbc alone (the topic read again from its start into a table of its own, %s events/s) / MariaDB's"
                    + " multi-row upserts alone: **%sx**%n", pipeline, num(o.applyAloneEventsPerSecond()), ratio(o.applyAloneEventsPerSecond(), alone.upserts()))));
        }
        Optional<KafkaPathResult> avro = find("cdcbridge-upsert-avro");
        Optional<KafkaPathResult> json = find("cdcbridge-upsert-json");
        if (avro.isPresent() && json.isPresent()) {
            out.append(String.format(Locale.ROOT, "- Avro / JSON (the upsert pipeline): snapshot **%sx**, streaming **%sx**,"
                    + " bytes per event **%sx**, memory (all processes) **%sx**%n",
                    ratio(avro.get().snapshotRowsPerSecond(), json.get().snapshotRowsPerSecond()),
                    ratio(avro.get().streamingRowsPerSecond(), json.get().streamingRowsPerSecond()),
                    ratio(avro.get().eventBytes(), json.get().eventBytes()),
                    ratio(avro.get().totalRssBytes(), json.get().totalRssBytes())));
        }
        appendFailures(out);
        out.append('\n');
        for (KafkaPathResult r : results) out.append("- `").append(r.pipeline()).append("`: ").append(r.description()).append('\n');
        out.append(String.format(Locale.ROOT, "%nEach pipeline ran in fresh processes: its own Kafka broker (-Xmx1g, Kafka's"
                + " default) and its cdcbridge server (-Xmx%s) or Connect worker (-Xmx2g, Connect's default); peak RSS is each"
                + " process's VmHWM. Snapshot: rows/s (and CPU seconds) from the pipeline's submission to its running"
                + " server or worker (the start of its jobs or connectors included: running after, till every job or"
                + " connector task runs) to %d rows in the target; streaming: %d more"
                + " rows inserted in 10k-row transactions, rows/s from the first insert to all in the target; then every tenth"
                + " streamed row deleted; every step checked row by row against the source.%n", serverHeap, rows, rows));
        appendLagPlot(out, "commit in PostgreSQL to visible in MariaDB");
        return out.toString();
    }

    @Override
    public ObjectNode toJson() {
        ObjectNode root = Json.MAPPER.createObjectNode();
        root.put("rows", rows);
        root.put("oltp_rate", oltpRate);
        root.put("load_before", loadBefore);
        root.put("load_after", loadAfter);
        root.put("mariadb_upserts_alone_rows_per_second", alone.upserts());
        root.put("mariadb_load_data_alone_rows_per_second", alone.loadData());
        root.put("cdcbridge_jdbc_generated_rows_per_second", writer);
        root.put("broker_produce_per_second", broker.produce());
        root.put("broker_consume_per_second", broker.consume());
        ArrayNode list = root.putArray("pipelines");
        for (KafkaPathResult r : results) {
            ObjectNode o = list.addObject();
            putFigures(o, r);
            o.put("running_after_seconds", r.startSeconds());
            ObjectNode rss = o.putObject("peak_rss_bytes");
            r.peakRssBytes().forEach(rss::put);
            o.put("event_bytes", r.eventBytes());
            o.put("apply_alone_events_per_second", r.applyAloneEventsPerSecond());
            ObjectNode snapshotCpu = o.putObject("snapshot_cpu_seconds");
            r.snapshotCpuSeconds().forEach(snapshotCpu::put);
            ObjectNode streamingCpu = o.putObject("streaming_cpu_seconds");
            r.streamingCpuSeconds().forEach(streamingCpu::put);
            ArrayNode checks = o.putArray("checks");
            r.checks().forEach(checks::add);
            o.put("error", r.error());
        }
        return root;
    }
}
