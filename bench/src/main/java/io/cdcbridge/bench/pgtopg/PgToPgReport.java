package io.cdcbridge.bench.pgtopg;

import static io.cdcbridge.bench.report.ReportNumbers.num;
import static io.cdcbridge.bench.report.ReportNumbers.ratio;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cdcbridge.bench.limits.DecodingCeiling;
import io.cdcbridge.bench.process.HeapSampler;
import io.cdcbridge.bench.report.PipelineReport;
import io.cdcbridge.control.workspace.Json;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The report of one pg-to-pg run: a markdown table with ratios against the baselines, and a PNG of lag over time. */
final class PgToPgReport extends PipelineReport<PathResult> {

    private final long rows;
    private final DecodingCeiling.Rates ceiling;

    PgToPgReport(long rows, long oltpSeconds, int oltpClients, int oltpRate, DecodingCeiling.Rates ceiling, List<PathResult> results) {
        super(results, oltpSeconds, oltpClients, oltpRate);
        this.rows = rows;
        this.ceiling = ceiling;
    }

    @Override
    protected String lagTitle() {
        return "End-to-end lag under OLTP load";
    }

    @Override
    public String markdown() {
        StringBuilder out = new StringBuilder();
        out.append("## pg-to-pg, ").append(rows).append(" rows\n\n");
        out.append(String.format(Locale.ROOT, "Machine: %d cores, JVM heap max %d MiB. pgoutput decoding alone: **%.0f rows/s**;"
                + " the streaming load alone (its inserts, nobody reading): **%.0f rows/s**; the target applying the same rows"
                + " alone (5000-row guarded upserts from a table it holds): **%.0f rows/s**.%n%n",
                Runtime.getRuntime().availableProcessors(), HeapSampler.maxHeapBytes() >> 20, ceiling.decoding(), ceiling.load(),
                ceiling.apply()));
        out.append("| pipeline | snapshot rows/s | streaming rows/s | OLTP tx/s | lag p50 ms | lag p99 ms | lag max ms | peak heap MiB (live) | target = source |\n");
        out.append("|---|---|---|---|---|---|---|---|---|\n");
        for (PathResult r : results) {
            out.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s | %s | %d (%d) | %s |%n", r.pipeline(),
                    num(r.snapshotRowsPerSecond()), num(r.streamingRowsPerSecond()), num(r.oltpTransactionsPerSecond()),
                    num(r.lagPercentile(0.5)), num(r.lagPercentile(0.99)), num(r.lagPercentile(1.0)),
                    r.peakHeapUsedBytes() >> 20, r.peakHeapLiveBytes() >> 20, checks(r)));
        }
        out.append('\n');
        Optional<PathResult> ours = find("cdcbridge");
        for (String baseline : List.of("stock-defaults", "stock-tuned")) {
            Optional<PathResult> base = find(baseline);
            if (ours.isEmpty() || base.isEmpty()) continue;
            out.append(String.format(Locale.ROOT, "- cdcbridge / %s: snapshot **%sx**, streaming **%sx**%n", baseline,
                    ratio(ours.get().snapshotRowsPerSecond(), base.get().snapshotRowsPerSecond()),
                    ratio(ours.get().streamingRowsPerSecond(), base.get().streamingRowsPerSecond())));
        }
        ours.ifPresent(o -> out.append(String.format(Locale.ROOT, "- cdcbridge streaming / pgoutput decoding alone: **%sx**%n",
                ratio(o.streamingRowsPerSecond(), ceiling.decoding()))));
        ours.ifPresent(o -> out.append(String.format(Locale.ROOT, "- cdcbridge streaming / the load alone: **%sx**%n",
                ratio(o.streamingRowsPerSecond(), ceiling.load()))));
        ours.ifPresent(o -> out.append(String.format(Locale.ROOT, "- cdcbridge streaming / the target applying alone: **%sx**%n",
                ratio(o.streamingRowsPerSecond(), ceiling.apply()))));
        appendFailures(out);
        appendLagPlot(out, "commit to visible in the target");
        return out.toString();
    }

    @Override
    public ObjectNode toJson() {
        ObjectNode root = Json.MAPPER.createObjectNode();
        root.put("rows", rows);
        root.put("decoding_ceiling_rows_per_second", ceiling.decoding());
        root.put("load_alone_rows_per_second", ceiling.load());
        root.put("apply_alone_rows_per_second", ceiling.apply());
        ArrayNode list = root.putArray("pipelines");
        for (PathResult r : results) {
            ObjectNode o = list.addObject();
            putFigures(o, r);
            o.put("peak_heap_used_bytes", r.peakHeapUsedBytes());
            o.put("peak_heap_live_bytes", r.peakHeapLiveBytes());
            o.put("snapshot_check", r.snapshotCheck());
            o.put("streaming_check", r.streamingCheck());
            o.put("oltp_check", r.oltpCheck());
            o.put("error", r.error());
        }
        return root;
    }

    private static String checks(PathResult r) {
        StringBuilder s = new StringBuilder();
        for (String c : new String[] {r.snapshotCheck(), r.streamingCheck(), r.oltpCheck()}) {
            if (c == null) continue;
            if (s.length() > 0) s.append("; ");
            s.append(c);
        }
        return r.error() != null ? "FAILED: " + r.error() : s.toString();
    }
}
