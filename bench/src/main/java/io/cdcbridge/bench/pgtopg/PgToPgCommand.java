package io.cdcbridge.bench.pgtopg;

import io.cdcbridge.bench.data.BenchDatabase;
import io.cdcbridge.bench.data.CountQuery;
import io.cdcbridge.bench.data.OltpLoad;
import io.cdcbridge.bench.data.OltpOptions;
import io.cdcbridge.bench.data.TargetCheck;
import io.cdcbridge.bench.limits.DecodingCeiling;
import io.cdcbridge.bench.pipelines.FlinkScripts;
import io.cdcbridge.bench.pipelines.Pipeline;
import io.cdcbridge.bench.pipelines.StatementWaits;
import io.cdcbridge.bench.process.HeapSampler;
import io.cdcbridge.bench.report.Progress;
import io.cdcbridge.bench.report.ReportFile;
import io.cdcbridge.cli.client.ServerClient;
import io.cdcbridge.cli.stack.LocalStack;
import io.cdcbridge.control.server.ScriptRequest;
import io.cdcbridge.control.workspace.Json;
import io.cdcbridge.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * PostgreSQL to PostgreSQL through the seed-000 mapping: for each pipeline (stock defaults, stock tuned, cdcbridge),
 * in one run on one machine, the initial snapshot, bulk streaming inserts and OLTP lag, each followed by a check
 * that the target equals the source; then a markdown report with the ratios and a plot of lag over time.
 */
@Command(name = "pg-to-pg", mixinStandardHelpOptions = true,
        description = "Snapshot, streaming and OLTP lag of the seed-000 shape, PostgreSQL to PostgreSQL, cdcbridge vs stock.")
public final class PgToPgCommand implements Callable<Integer> {

    @Option(names = "--rows", defaultValue = "200000", description = "Rows in the snapshot and in the streaming load (default ${DEFAULT-VALUE}).")
    long rows;

    @Option(names = "--pipelines", defaultValue = "stock-defaults,stock-tuned,cdcbridge-sink,cdcbridge", split = ",",
            description = "Pipelines to run, in order (default ${DEFAULT-VALUE}).")
    List<String> pipelines;

    @Option(names = "--scenarios", defaultValue = "snapshot,streaming,oltp", split = ",",
            description = "Scenarios per pipeline: snapshot, streaming, oltp (default ${DEFAULT-VALUE}).")
    List<String> scenarios;

    @Option(names = "--oltp-seconds", defaultValue = "300", description = "Duration of the OLTP scenario (default ${DEFAULT-VALUE}).")
    long oltpSeconds;

    @Mixin
    OltpOptions oltp;

    @Option(names = "--warmup", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Run each pipeline's snapshot once, unmeasured, before the measured runs, so that no pipeline is"
                    + " measured while the JVM still compiles the code all of them share (default ${DEFAULT-VALUE}).")
    boolean warmup;

    @Mixin
    ReportFile report;

    @Option(names = "--json", description = "Print the results as JSON on stdout.")
    boolean json;

    public final Progress progress = new Progress(System.err);

    /** pg-to-pg's way of running a pipeline, for a command that runs it elsewhere ({@code cluster}). */
    public static PgToPgCommand runner(long rows) {
        PgToPgCommand runner = new PgToPgCommand();
        runner.rows = rows;
        return runner;
    }

    @Override
    public Integer call() throws Exception {
        System.setProperty("java.awt.headless", "true");
        Map<String, Pipeline> known = Pipeline.all();
        for (String p : pipelines) {
            if (!known.containsKey(p)) throw new IllegalArgumentException("unknown pipeline '" + p + "'; known: " + known.keySet());
        }
        Path workspace = Files.createTempDirectory("cdcbridge-bench-");
        progress.say("Starting embedded PostgreSQL and Flink...");
        List<PathResult> results = new ArrayList<>();
        DecodingCeiling.Rates ceiling;
        try (LocalStack stack = LocalStack.start(LocalStack.Options.local(workspace, "postgres")
                .withDefaults(Map.of("execution.checkpointing.interval", "5s")))) {
            EmbeddedPostgres pg = stack.services().postgres();
            BenchDatabase db = new BenchDatabase(pg);
            db.create();
            progress.say("PostgreSQL " + pg.binaries() + "; measuring pgoutput decoding alone...");
            ceiling = DecodingCeiling.measure(db, rows, progress);
            progress.say(String.format("  pgoutput decodes %.0f rows/s; the load alone inserts %.0f rows/s; the target alone applies %.0f rows/s",
                    ceiling.decoding(), ceiling.load(), ceiling.apply()));
            db.insert(1, rows, n -> progress.report("loading the source", n, rows, "rows"));
            ServerClient server = new ServerClient(stack.url());
            int run = 0;
            if (warmup) {
                progress.say("Warming up: each pipeline's snapshot once, not measured...");
                for (String name : pipelines) runPipeline(server, db, known.get(name), ++run, pg, List.of());
            }
            for (String name : pipelines) {
                results.add(runPipeline(server, db, known.get(name), ++run, pg, scenarios));
            }
        }
        PgToPgReport report = new PgToPgReport(rows, oltpSeconds, oltp.clients, oltp.rate, ceiling, results);
        Path written = report.write(this.report.dir(), ReportFile.name("pg-to-pg-" + rows));
        progress.say("Report: " + written);
        if (json) System.out.println(Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(report.toJson()));
        else System.out.println(report.markdown());
        return results.stream().allMatch(r -> r.error() == null) ? 0 : 1;
    }

    // Runs the pipeline's statement until its snapshot is in the target, then the scenarios given (none: a warm-up).
    public PathResult runPipeline(ServerClient server, BenchDatabase db, Pipeline p, int run, EmbeddedPostgres pg,
                                  List<String> measured) {
        progress.say("Pipeline " + p.name() + ": " + p.description());
        String slot = "bench_" + run;
        String statement = "bench-" + p.name();
        double snapshot = Double.NaN, streaming = Double.NaN, tps = Double.NaN;
        String snapshotCheck = null, streamingCheck = null, oltpCheck = null, error = null;
        List<OltpLoad.Sample> lag = null;
        db.truncateTarget();
        try (HeapSampler heap = new HeapSampler()) {
            try {
                long start = StatementWaits.submitAndAwaitRunning(server,
                        new ScriptRequest(p.name() + ".sql", script(p, run, slot, statement, db, pg), Map.of(), false), List.of(statement), progress);
                awaitTarget(db, rows, "snapshot");
                if (measured.contains("snapshot")) {
                    snapshot = rows / ((System.nanoTime() - start) / 1e9);
                    snapshotCheck = db.check().toString();
                    progress.say(String.format("  snapshot: %.0f rows/s, target %s", snapshot, snapshotCheck));
                }
                if (measured.contains("streaming")) {
                    long t0 = System.nanoTime();
                    db.insert(rows + 1, 2 * rows, n -> progress.report("streaming: inserted", n, rows, "rows"));
                    awaitTarget(db, 2 * rows, "streaming");
                    streaming = rows / ((System.nanoTime() - t0) / 1e9);
                    streamingCheck = db.check().toString();
                    progress.say(String.format("  streaming: %.0f rows/s, target %s", streaming, streamingCheck));
                }
                if (measured.contains("oltp")) {
                    OltpLoad.Result r = new OltpLoad(db::source, db::target, BenchDatabase.TARGET_TABLE, rows, oltp.clients, oltp.rate).run(oltpSeconds, progress);
                    tps = r.tps();
                    lag = r.lag();
                    oltpCheck = awaitEqual(db).toString();
                    progress.say(String.format("  oltp: %.0f tx/s, lag p50 %.0f ms, p99 %.0f ms, target %s", tps,
                            OltpLoad.percentile(lag, 0.5), OltpLoad.percentile(lag, 0.99), oltpCheck));
                }
            } catch (Exception e) {
                error = e.getMessage();
                progress.say("  FAILED: " + error);
            } finally {
                try {
                    // the delete drops the statement's replication slot too, so the next pipeline's slot is the only one
                    server.delete(statement).path("notes").forEach(n -> progress.say("  " + n.asText()));
                } catch (RuntimeException e) {
                    progress.say("  (statement " + statement + " not deleted: " + e.getMessage() + ")");
                }
                db.trimSource(rows);
            }
            return new PathResult(p.name(), p.description(), snapshot, snapshotCheck, streaming, streamingCheck, tps, lag,
                    oltpCheck, heap.peakUsedBytes(), heap.peakLiveBytes(), error);
        }
    }

    private static String script(Pipeline p, int run, String slot, String statement, BenchDatabase db, EmbeddedPostgres pg) {
        Map<String, String> source = FlinkScripts.postgres(p.sourceOptions().get("connector"), slot);
        source.putAll(p.sourceOptions());
        Map<String, String> sink = new LinkedHashMap<>(p.sinkOptions());
        sink.put("url", db.targetUrl());
        sink.put("table-name", BenchDatabase.TARGET_TABLE);
        sink.put("username", "${POSTGRES_USER}");
        sink.put("password", "${POSTGRES_PASSWORD}");
        StringBuilder sql = new StringBuilder();
        p.properties().forEach((k, v) -> sql.append("SET '").append(k).append("' = '").append(v).append("';\n"));
        sql.append("""
                CREATE TABLE customers_%1$d (id INT, fname STRING, lname STRING, email STRING, street STRING, zip STRING,
                  city STRING, phone STRING, status INT, registered TIMESTAMP(6), updated_at TIMESTAMP(3),
                  PRIMARY KEY (id) NOT ENFORCED) WITH (%2$s);
                CREATE TABLE customers_public_%1$d (id INT, first_name STRING, last_name STRING, email STRING, zip STRING,
                  phone STRING, status STRING, registration_date STRING, updated_at TIMESTAMP(3),
                  PRIMARY KEY (id) NOT ENFORCED) WITH (%3$s);
                SET 'client.statement-name' = '%4$s';
                INSERT INTO customers_public_%1$d
                  SELECT id, fname, lname, email, zip, phone,
                    CASE WHEN status = 1 THEN 'NEW' WHEN status = 2 THEN 'VIP' WHEN status = 3 THEN 'BLOCKED' ELSE 'STANDARD' END,
                    DATE_FORMAT(registered, 'dd-MM-yyyy'), updated_at
                  FROM customers_%1$d;
                """.formatted(run, FlinkScripts.options(source), FlinkScripts.options(sink), statement));
        return sql.toString();
    }

    private void awaitTarget(BenchDatabase db, long expected, String phase) throws Exception {
        try (CountQuery counter = db.targetCounter()) {
            StatementWaits.awaitTarget(counter::count, expected, phase, progress);
        }
    }

    // After the OLTP load the pipeline needs a moment to apply the last changes.
    private TargetCheck.Result awaitEqual(BenchDatabase db) throws InterruptedException {
        long deadline = System.nanoTime() + 120_000_000_000L;
        TargetCheck.Result r = db.check();
        while (!r.equal() && System.nanoTime() < deadline) {
            Thread.sleep(1000);
            r = db.check();
        }
        return r;
    }
}
