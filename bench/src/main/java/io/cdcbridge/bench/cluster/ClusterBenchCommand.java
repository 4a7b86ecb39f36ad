package io.cdcbridge.bench.cluster;

import io.cdcbridge.bench.data.BenchDatabase;
import io.cdcbridge.bench.pgtopg.PathResult;
import io.cdcbridge.bench.pgtopg.PgToPgCommand;
import io.cdcbridge.bench.pipelines.Pipeline;
import io.cdcbridge.bench.report.LoadAverage;
import io.cdcbridge.bench.report.ReportFile;
import io.cdcbridge.cli.client.ServerClient;
import io.cdcbridge.cli.cluster.ClusterState;
import io.cdcbridge.cli.cluster.LocalSessionCluster;
import io.cdcbridge.cli.stack.LocalStack;
import io.cdcbridge.control.server.RestSettings;
import io.cdcbridge.control.workspace.Json;
import io.cdcbridge.embedded.EmbeddedServices;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The cdcbridge PostgreSQL -> PostgreSQL pipeline at parallelism 2 on three places a job can run, in one run: the
 * embedded MiniCluster (in the server's JVM), a session cluster of 1 TaskManager with 2 slots, and one of 2
 * TaskManagers with 2 slots each (separate JVMs, {@code cluster start}'s). Snapshot and streaming rows/s, each
 * checked row by row against the source.
 */
@Command(name = "cluster", mixinStandardHelpOptions = true,
        description = "The cdcbridge PG -> PG pipeline at parallelism 2 on the MiniCluster, on 1 TaskManager and on 2 (2 slots each).")
public final class ClusterBenchCommand implements Callable<Integer> {

    @Option(names = "--rows", defaultValue = "200000", description = "Rows in the snapshot and in the streaming load (default ${DEFAULT-VALUE}).")
    long rows;

    @Option(names = "--chunk", defaultValue = "25000", description = "Rows per snapshot split (default ${DEFAULT-VALUE}).")
    int chunk;

    @Mixin
    ReportFile report;

    @Option(names = "--json", description = "Print the results as JSON on stdout.")
    boolean json;

    private record Place(String name, int taskManagers) {
    }

    private static final List<Place> PLACES = List.of(new Place("MiniCluster (in the server's JVM)", 0),
            new Place("1 TaskManager x 2 slots", 1), new Place("2 TaskManagers x 2 slots", 2));

    @Override
    public Integer call() throws Exception {
        PgToPgCommand runner = PgToPgCommand.runner(rows);
        Pipeline base = Pipeline.cdcbridge();
        Map<String, String> source = new LinkedHashMap<>(base.sourceOptions());
        source.put("scan.incremental.snapshot.chunk.size", String.valueOf(chunk));
        Map<String, String> props = new LinkedHashMap<>(base.properties());
        props.put("parallelism.default", "2");
        Pipeline pipeline = new Pipeline("cdcbridge", base.description() + ", parallelism 2, " + chunk + "-row splits",
                source, base.sinkOptions(), props);
        String load = "load average " + LoadAverage.now();
        runner.progress.say("Load before: " + load);
        List<PathResult> results = new ArrayList<>();
        Path root = Files.createTempDirectory("cdcbridge-bench-cluster-");
        try (EmbeddedServices services = EmbeddedServices.start("postgres")) {
            BenchDatabase db = new BenchDatabase(services.postgres());
            db.create();
            db.insert(1, rows, n -> runner.progress.report("loading the source", n, rows, "rows"));
            int run = 0;
            for (Place place : PLACES) {
                runner.progress.say("On " + place.name() + "...");
                Path dir = Files.createDirectories(root.resolve("place-" + run));
                ClusterState cluster = place.taskManagers() == 0 ? null
                        : LocalSessionCluster.start(dir.resolve("cluster"), place.taskManagers(), 2, ProcessHandle.current().pid());
                LocalStack.Options options = new LocalStack.Options(dir.resolve("workspace"), RestSettings.loopback(0), null,
                        cluster == null ? null : cluster.rest(), Map.of("execution.checkpointing.interval", "5s"),
                        services.variables());
                try (LocalStack stack = LocalStack.start(options)) {
                    ServerClient server = new ServerClient(stack.url());
                    // unmeasured first: the server's JVM and (on a cluster) the TaskManagers compile the code first
                    runner.runPipeline(server, db, pipeline, ++run, services.postgres(), List.of());
                    PathResult r = runner.runPipeline(server, db, pipeline, ++run, services.postgres(), List.of("snapshot", "streaming"));
                    results.add(new PathResult(place.name(), r.description(), r.snapshotRowsPerSecond(), r.snapshotCheck(),
                            r.streamingRowsPerSecond(), r.streamingCheck(), Double.NaN, null, null, r.peakHeapUsedBytes(),
                            r.peakHeapLiveBytes(), r.error()));
                } finally {
                    if (cluster != null) LocalSessionCluster.stop(dir.resolve("cluster"));
                }
            }
        }
        String after = "load average " + LoadAverage.now();
        String md = markdown(results, load, after);
        Path written = report.write("cluster-" + rows, md);
        runner.progress.say("Report: " + written);
        if (json) System.out.println(Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(results));
        else System.out.println(md);
        return results.stream().allMatch(r -> r.error() == null) ? 0 : 1;
    }

    private String markdown(List<PathResult> results, String load, String after) {
        StringBuilder md = new StringBuilder("# cdcbridge PG -> PG on the MiniCluster and on session clusters\n\n");
        md.append("`bench/run cluster --rows ").append(rows).append(" --chunk ").append(chunk).append("`, ")
                .append(LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm"))).append(" UTC, ")
                .append(Runtime.getRuntime().availableProcessors()).append(" cores. Load (`uptime`) before: ").append(load)
                .append("; after: ").append(after).append(". Taken under load from other builds: read the ratios.\n\n");
        md.append("Pipeline: ").append(results.isEmpty() ? "" : results.get(0).description()).append("; each place warmed up")
                .append(" by one unmeasured snapshot first; the target compared with the source row by row after each phase.\n\n");
        md.append("| where the job runs | snapshot rows/s | vs MiniCluster | streaming rows/s | vs MiniCluster | target after snapshot | after streaming |\n");
        md.append("|---|---|---|---|---|---|---|\n");
        double snap0 = results.isEmpty() ? Double.NaN : results.get(0).snapshotRowsPerSecond();
        double stream0 = results.isEmpty() ? Double.NaN : results.get(0).streamingRowsPerSecond();
        for (PathResult r : results) {
            md.append(String.format("| %s | %.0f | %.2fx | %.0f | %.2fx | %s | %s |%n", r.pipeline(), r.snapshotRowsPerSecond(),
                    r.snapshotRowsPerSecond() / snap0, r.streamingRowsPerSecond(), r.streamingRowsPerSecond() / stream0,
                    r.error() != null ? "FAILED: " + r.error() : r.snapshotCheck(), r.streamingCheck()));
        }
        return md.toString();
    }
}
