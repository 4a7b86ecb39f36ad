package io.cdcbridge.bench.mariadbtopg;

import io.cdcbridge.bench.pipelines.StatementWaits;
import io.cdcbridge.bench.process.CpuMeter;
import io.cdcbridge.bench.report.LoadAverage;
import io.cdcbridge.bench.report.Progress;
import io.cdcbridge.bench.report.ReportFile;
import io.cdcbridge.cli.client.ServerClient;
import io.cdcbridge.cli.stack.LocalStack;
import io.cdcbridge.control.server.ScriptRequest;
import io.cdcbridge.control.workspace.Json;
import io.cdcbridge.embedded.EmbeddedMariaDb;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * MariaDB to PostgreSQL from the binlog: for each pipeline (mysql-cdc into Flink's stock jdbc sink, defaults and
 * tuned; mysql-cdc into cdcbridge-jdbc; cdcbridge-mysql into cdcbridge-jdbc), in one run, the snapshot and bulk
 * streaming inserts, each followed by a row-by-row check of the target against the source; beside them the limits measured in the same run: the load
 * alone, the binlog read alone (the binlog client library mysql-cdc reads with) and the target applying alone.
 */
@Command(name = "mariadb-to-pg", mixinStandardHelpOptions = true,
        description = "Snapshot and streaming, MariaDB to PostgreSQL through mysql-cdc or cdcbridge-mysql, cdcbridge-jdbc vs Flink's jdbc sink.")
public final class MariaDbToPgCommand implements Callable<Integer> {

    @Option(names = "--rows", defaultValue = "200000", description = "Rows in the snapshot and in the streaming load (default ${DEFAULT-VALUE}).")
    long rows;

    @Option(names = "--pipelines", defaultValue = "stock-defaults,stock-tuned,cdcbridge,cdcbridge-mysql", split = ",",
            description = "Pipelines to run, in order (default ${DEFAULT-VALUE}).")
    List<String> pipelines;

    @Option(names = "--parallelism", defaultValue = "2",
            description = "Every statement's 'parallelism.default' (default ${DEFAULT-VALUE}: what a statement takes unset on this 2-core machine, the cores); cdcbridge-jdbc writes with one writer at any.")
    int parallelism;

    @Option(names = "--warmup", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Run each pipeline's snapshot once, unmeasured, first (default ${DEFAULT-VALUE}).")
    boolean warmup;

    @Mixin
    ReportFile reportFile;

    @Option(names = "--json", description = "Print the results as JSON on stdout.")
    boolean json;

    /** One pipeline: the mysql-cdc options over the common ones, the sink's options, the statement's properties. */
    record Route(String name, String description, Map<String, String> source, Map<String, String> sink, Map<String, String> properties) {}

    /**
     * A pipeline's figures: rows/s of the snapshot and of streaming, the checks after each, and the CPU seconds each
     * phase took per process (the bench's JVM, which hosts Flink, then MariaDB and PostgreSQL).
     */
    record Result(String pipeline, String description, double snapshot, String snapshotCheck, double streaming,
                  String streamingCheck, Map<String, Double> snapshotCpu, Map<String, Double> streamingCpu,
                  double snapshotPolling, double streamingPolling, String error) {}

    private static final Map<String, String> STOCK_PROPERTIES = Map.of("execution.buffer-timeout.interval", "100ms",
            "pipeline.object-reuse", "false");

    static Map<String, Route> pipelines() {
        Map<String, Route> out = new LinkedHashMap<>();
        out.put("stock-defaults", new Route("stock-defaults", "mysql-cdc -> stock jdbc sink, defaults", Map.of(),
                Map.of("connector", "jdbc"), STOCK_PROPERTIES));
        out.put("stock-tuned", new Route("stock-tuned", "mysql-cdc (chunk 50k) -> stock jdbc sink, flush 1000",
                Map.of("scan.incremental.snapshot.chunk.size", "50000"),
                Map.of("connector", "jdbc", "sink.buffer-flush.max-rows", "1000"), STOCK_PROPERTIES));
        out.put("cdcbridge", new Route("cdcbridge", "mysql-cdc (chunk 50k) -> cdcbridge-jdbc (version guard on updated_at)",
                Map.of("scan.incremental.snapshot.chunk.size", "50000"),
                Map.of("connector", "cdcbridge-jdbc", "version-column", "updated_at"),
                Map.of("table.exec.sink.upsert-materialize", "NONE")));
        out.put("cdcbridge-mysql", new Route("cdcbridge-mysql", "cdcbridge-mysql (chunk 50k) -> cdcbridge-jdbc (version guard on updated_at)",
                Map.of("connector", "cdcbridge-mysql", "scan.incremental.snapshot.chunk.size", "50000"),
                Map.of("connector", "cdcbridge-jdbc", "version-column", "updated_at"),
                Map.of("table.exec.sink.upsert-materialize", "NONE")));
        return out;
    }

    private final Progress progress = new Progress(System.err);
    private CpuMeter databases;
    private long scanned; // rows the current phase's polls of the target's count scanned

    @Override
    public Integer call() throws Exception {
        Map<String, Route> known = pipelines();
        for (String p : pipelines) {
            if (!known.containsKey(p)) throw new IllegalArgumentException("unknown pipeline '" + p + "'; known: " + known.keySet());
        }
        String loadAtStart = LoadAverage.now();
        Path workspace = Files.createTempDirectory("cdcbridge-bench-");
        progress.say("Starting embedded MariaDB, PostgreSQL and Flink...");
        List<Result> results = new ArrayList<>();
        MariaDbBenchData.Limits limits;
        String load;
        try (LocalStack stack = LocalStack.start(LocalStack.Options.local(workspace, "postgres,mariadb")
                .withDefaults(Map.of("execution.checkpointing.interval", "5s")))) {
            MariaDbBenchData data = new MariaDbBenchData(stack.services().mariadb(), stack.services().postgres());
            data.create();
            databases = data.databases();
            progress.say("Measuring the limits: the load alone, the binlog read alone, the target applying alone...");
            limits = data.limits(rows, progress);
            progress.say(String.format("  the load inserts %.0f rows/s; the binlog client reads %.0f rows/s; the target applies %.0f rows/s",
                    limits.load(), limits.binlogRead(), limits.apply()));
            data.insert(1, rows, n -> progress.report("loading the source", n, rows, "rows"));
            ServerClient server = new ServerClient(stack.url());
            int run = 0;
            if (warmup) {
                progress.say("Warming up: each pipeline's snapshot once, not measured...");
                for (String name : pipelines) runPipeline(server, data, known.get(name), ++run, false);
            }
            for (String name : pipelines) results.add(runPipeline(server, data, known.get(name), ++run, true));
            load = "at the start `" + loadAtStart + "`, at the end `" + LoadAverage.now() + "`";
        }
        String report = markdown(results, limits, load);
        Path written = reportFile.write("mariadb-to-pg-" + rows, report);
        progress.say("Report: " + written);
        if (json) System.out.println(Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(Map.of("rows", rows,
                "limits", limits, "results", results, "load", load)));
        else System.out.println(report);
        return results.stream().allMatch(r -> r.error() == null) ? 0 : 1;
    }

    private Result runPipeline(ServerClient server, MariaDbBenchData data, Route p, int run, boolean measured) {
        progress.say("Pipeline " + p.name() + ": " + p.description());
        String statement = "bench-" + p.name() + "-" + run;
        double snapshot = Double.NaN, streaming = Double.NaN;
        String snapshotCheck = null, streamingCheck = null, error = null;
        Map<String, Double> snapshotCpu = Map.of(), streamingCpu = Map.of();
        double snapshotPolling = Double.NaN, streamingPolling = Double.NaN;
        data.truncateTarget();
        try {
            Map<String, Double> cpu = cpu();
            scanned = 0;
            long start = StatementWaits.submitAndAwaitRunning(server,
                    new ScriptRequest(p.name() + ".sql", script(p, run, statement, data, parallelism), Map.of(), false), List.of(statement), progress);
            awaitTarget(data, rows, "snapshot");
            if (measured) {
                snapshot = rows / ((System.nanoTime() - start) / 1e9);
                snapshotCpu = CpuMeter.used(cpu, cpu());
                snapshotPolling = withoutPolling(snapshotCpu, data);
                snapshotCheck = data.check().toString();
                progress.say(String.format("  snapshot: %.0f rows/s, %.0f rows per CPU second (%s), target %s", snapshot,
                        CpuMeter.perCpuSecond(rows, snapshotCpu), CpuMeter.format(snapshotCpu), snapshotCheck));
                cpu = cpu();
                scanned = 0;
                long t0 = System.nanoTime();
                data.insert(rows + 1, 2 * rows, n -> progress.report("streaming: inserted", n, rows, "rows"));
                awaitTarget(data, 2 * rows, "streaming");
                streaming = rows / ((System.nanoTime() - t0) / 1e9);
                streamingCpu = CpuMeter.used(cpu, cpu());
                streamingPolling = withoutPolling(streamingCpu, data);
                streamingCheck = data.check().toString();
                progress.say(String.format("  streaming: %.0f rows/s, %.0f rows per CPU second (%s), target %s", streaming,
                        CpuMeter.perCpuSecond(rows, streamingCpu), CpuMeter.format(streamingCpu), streamingCheck));
            }
        } catch (Exception e) {
            error = e.getMessage();
            progress.say("  FAILED: " + error);
        } finally {
            try {
                server.delete(statement);
            } catch (RuntimeException e) {
                progress.say("  (statement " + statement + " not deleted: " + e.getMessage() + ")");
            }
            data.trimSource(rows);
        }
        return new Result(p.name(), p.description(), snapshot, snapshotCheck, streaming, streamingCheck, snapshotCpu,
                streamingCpu, snapshotPolling, streamingPolling, error);
    }

    // Takes out of PostgreSQL's seconds of a phase what the bench's own polls of the target's count cost it (a poll
    // every 100 ms scans the whole table: seconds in a slow phase): the cost of a row scanned, measured now on the
    // target as it stands, times the rows the phase's polls scanned. Returns the seconds taken out.
    private double withoutPolling(Map<String, Double> phase, MariaDbBenchData data) throws Exception {
        int counts = 20;
        long size = 0;
        Map<String, Double> before = databases.seconds();
        try (Connection c = data.target(); Statement s = c.createStatement()) {
            for (int i = 0; i < counts; i++) {
                try (ResultSet rs = s.executeQuery("SELECT count(*) FROM " + MariaDbBenchData.TARGET_TABLE)) {
                    rs.next();
                    size = rs.getLong(1);
                }
            }
        }
        double cost = CpuMeter.used(before, databases.seconds()).getOrDefault("PostgreSQL", 0.0);
        double postgres = phase.getOrDefault("PostgreSQL", 0.0);
        double polling = size == 0 ? 0 : Math.min(cost / (counts * (double) size) * scanned, postgres);
        if (phase.containsKey("PostgreSQL")) phase.put("PostgreSQL", postgres - polling);
        return polling;
    }

    // CPU seconds so far: this JVM's own (Flink, the load's and the checks' clients), then each database server's
    private Map<String, Double> cpu() {
        Map<String, Double> out = new LinkedHashMap<>();
        out.put("JVM", ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime() / 1e9);
        out.putAll(databases.seconds());
        return out;
    }

    private static String script(Route p, int run, String statement, MariaDbBenchData data, int parallelism) {
        Map<String, String> source = new LinkedHashMap<>();
        source.put("connector", "mysql-cdc");
        source.put("hostname", "${MYSQL_HOST}");
        source.put("port", "${MYSQL_PORT}");
        source.put("username", "${MYSQL_USER}");
        source.put("password", "${MYSQL_PASSWORD}");
        source.put("database-name", "${MYSQL_DATABASE}");
        source.put("table-name", MariaDbBenchData.SOURCE_TABLE);
        source.put("server-time-zone", "UTC");
        source.putAll(p.source());
        Map<String, String> sink = new LinkedHashMap<>(p.sink());
        sink.put("url", data.targetUrl());
        sink.put("table-name", MariaDbBenchData.TARGET_TABLE);
        sink.put("username", "${POSTGRES_USER}");
        sink.put("password", "${POSTGRES_PASSWORD}");
        StringBuilder sql = new StringBuilder("SET 'parallelism.default' = '" + parallelism + "';\n");
        p.properties().forEach((k, v) -> sql.append("SET '").append(k).append("' = '").append(v).append("';\n"));
        String columns = "id INT, fname STRING, lname STRING, email STRING, zip STRING, phone STRING, status INT,"
                + " registered TIMESTAMP(6), updated_at TIMESTAMP(3), PRIMARY KEY (id) NOT ENFORCED";
        sql.append("CREATE TABLE customers_").append(run).append(" (").append(columns).append(") WITH (").append(options(source)).append(");\n");
        sql.append("CREATE TABLE copy_").append(run).append(" (").append(columns).append(") WITH (").append(options(sink)).append(");\n");
        sql.append("SET 'client.statement-name' = '").append(statement).append("';\n");
        sql.append("INSERT INTO copy_").append(run).append(" SELECT * FROM customers_").append(run).append(";\n");
        return sql.toString();
    }

    private static String options(Map<String, String> options) {
        return options.entrySet().stream().map(e -> "'" + e.getKey() + "' = '" + e.getValue().replace("'", "''") + "'")
                .collect(Collectors.joining(", "));
    }

    private void awaitTarget(MariaDbBenchData data, long expected, String phase) throws Exception {
        try (Connection c = data.target(); Statement s = c.createStatement()) {
            StatementWaits.awaitTarget(() -> {
                try (ResultSet rs = s.executeQuery("SELECT count(*) FROM " + MariaDbBenchData.TARGET_TABLE)) {
                    rs.next();
                    scanned += rs.getLong(1);
                    return rs.getLong(1);
                } catch (java.sql.SQLException e) {
                    throw new IllegalStateException("cannot count the target: " + e.getMessage(), e);
                }
            }, expected, phase, progress);
        }
    }

    private String markdown(List<Result> results, MariaDbBenchData.Limits limits, String load) {
        StringBuilder md = new StringBuilder();
        md.append("# MariaDB -> PostgreSQL, ").append(rows).append(" rows, ")
                .append(LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm"))).append("\n\n");
        md.append("Embedded MariaDB ").append(EmbeddedMariaDb.VERSION).append(" (row binlog) and PostgreSQL, Flink MiniCluster,")
                .append(" one run; statements at parallelism ").append(parallelism)
                .append(" (cdcbridge-jdbc with one writer), checkpoints every 5 s; a snapshot timed from the statement's submission to"
                + " its last row in the target (its job's start included). Load average ")
                .append(load).append(" (the machine is shared: read the ratios, not the rows/s). CPU seconds of each phase:"
                + " this JVM's own (Flink, the load's and the check's clients) + MariaDB + PostgreSQL, PostgreSQL's without"
                + " the bench's polls of the target's count (their estimated seconds: snapshot, streaming):");
        for (Result r : results) {
            md.append(String.format(" %s %.1f, %.1f;", r.pipeline(), r.snapshotPolling(), r.streamingPolling()));
        }
        md.append("\n\n");
        md.append("| pipeline | snapshot rows/s | snapshot CPU s | rows per CPU s | streaming rows/s | streaming CPU s | rows per CPU s"
                + " | snapshot check | streaming check |\n|---|---|---|---|---|---|---|---|---|\n");
        for (Result r : results) {
            md.append(String.format("| %s | %.0f | %s | %.0f | %.0f | %s | %.0f | %s | %s |%n", r.description(), r.snapshot(),
                    CpuMeter.format(r.snapshotCpu()), CpuMeter.perCpuSecond(rows, r.snapshotCpu()), r.streaming(),
                    CpuMeter.format(r.streamingCpu()), CpuMeter.perCpuSecond(rows, r.streamingCpu()),
                    r.error() != null ? "FAILED: " + r.error() : r.snapshotCheck(), r.streamingCheck()));
        }
        for (Result cdcbridge : results) {
            if (!cdcbridge.pipeline().startsWith("cdcbridge")) continue;
            md.append("\nRatios, ").append(cdcbridge.pipeline()).append(" against each stock pipeline of the same run:\n\n");
            for (Result r : results) {
                if (r.pipeline().startsWith("cdcbridge")) continue;
                md.append(String.format("- %s: snapshot %.2fx, streaming %.2fx; per CPU second snapshot %.2fx, streaming %.2fx%n",
                        r.pipeline(), cdcbridge.snapshot() / r.snapshot(), cdcbridge.streaming() / r.streaming(),
                        CpuMeter.perCpuSecond(rows, cdcbridge.snapshotCpu()) / CpuMeter.perCpuSecond(rows, r.snapshotCpu()),
                        CpuMeter.perCpuSecond(rows, cdcbridge.streamingCpu()) / CpuMeter.perCpuSecond(rows, r.streamingCpu())));
            }
        }
        md.append(String.format("%nLimits in the same run: the load alone inserts %.0f rows/s (10k-row transactions); the binlog"
                + " client library mysql-cdc reads with (mysql-binlog-connector-java, as shaded in mysql-cdc 3.5) reads and decodes"
                + " those inserts at %.0f rows/s with nobody downstream; the target applies the rows alone at %.0f rows/s"
                + " (5000-row version-guarded upserts from a table it holds).%n", limits.load(), limits.binlogRead(), limits.apply()));
        return md.toString();
    }
}
