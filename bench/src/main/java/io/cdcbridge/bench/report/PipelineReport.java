package io.cdcbridge.bench.report;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cdcbridge.bench.data.OltpLoad;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The report of a benchmark whose pipelines run snapshot, streaming and OLTP: a markdown file of a row per pipeline
 * with the ratios its benchmark names, and a PNG of lag over time beside it. What it prints is its benchmark's.
 */
public abstract class PipelineReport<R extends PipelineRun> {

    protected final List<R> results;
    private final long oltpSeconds;
    private final int oltpClients;
    /** Transactions per second of all OLTP clients together; 0: as fast as they go. */
    protected final int oltpRate;
    private String plotFile;

    protected PipelineReport(List<R> results, long oltpSeconds, int oltpClients, int oltpRate) {
        this.results = List.copyOf(results);
        this.oltpSeconds = oltpSeconds;
        this.oltpClients = oltpClients;
        this.oltpRate = oltpRate;
    }

    /** The plot's title, before " (N clients)". */
    protected abstract String lagTitle();

    public abstract String markdown();

    public abstract ObjectNode toJson();

    /** Writes {@code <name>.md} (and {@code <name>-lag.png} when there are lag samples) into the directory. */
    public Path write(Path dir, String name) throws IOException {
        Files.createDirectories(dir);
        Map<String, List<OltpLoad.Sample>> lag = new LinkedHashMap<>();
        for (R r : results) lag.put(r.pipeline(), r.lag());
        plotFile = LagPlot.writeIfAny(dir, name, lagTitle() + " (" + oltpClients + " clients)", lag);
        Path md = dir.resolve(name + ".md");
        Files.writeString(md, markdown());
        return md;
    }

    protected Optional<R> find(String pipeline) {
        return results.stream().filter(r -> r.pipeline().equals(pipeline)).findFirst();
    }

    /** A line for each pipeline that failed, saying why. */
    protected void appendFailures(StringBuilder out) {
        for (R r : results) {
            if (r.error() != null) out.append("- ").append(r.pipeline()).append(" failed: ").append(r.error()).append('\n');
        }
    }

    /** The plot, when written, and how the OLTP load ran; {@code lag} says what the probe timed. */
    protected void appendLagPlot(StringBuilder out, String lag) {
        if (plotFile == null) return;
        out.append("\n![lag over time](").append(plotFile).append(")\n");
        out.append(String.format(Locale.ROOT, "%nOLTP: %d s of single-row UPDATE transactions from %d clients%s; lag sampled by a"
                + " probe row about 4 times a second (%s).%n", oltpSeconds, oltpClients,
                oltpRate > 0 ? ", paced to " + oltpRate + " tx/s together" : ", as fast as they go", lag));
    }

    /** The figures every pipeline has, into its JSON object. */
    protected static void putFigures(ObjectNode o, PipelineRun r) {
        o.put("pipeline", r.pipeline());
        o.put("snapshot_rows_per_second", r.snapshotRowsPerSecond());
        o.put("streaming_rows_per_second", r.streamingRowsPerSecond());
        o.put("oltp_transactions_per_second", r.oltpTransactionsPerSecond());
        o.put("lag_p50_ms", r.lagPercentile(0.5));
        o.put("lag_p99_ms", r.lagPercentile(0.99));
    }
}
