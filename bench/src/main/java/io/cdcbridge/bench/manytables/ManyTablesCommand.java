package io.cdcbridge.bench.manytables;

import io.cdcbridge.bench.pipelines.FlinkScripts;
import io.cdcbridge.bench.pipelines.StatementWaits;
import io.cdcbridge.bench.process.HeapSampler;
import io.cdcbridge.bench.report.LoadAverage;
import io.cdcbridge.bench.report.Progress;
import io.cdcbridge.bench.report.ReportFile;
import io.cdcbridge.cli.client.ServerClient;
import io.cdcbridge.cli.stack.LocalStack;
import io.cdcbridge.control.server.RestSettings;
import io.cdcbridge.control.server.ScriptRequest;
import io.cdcbridge.embedded.EmbeddedPostgres;
import io.cdcbridge.embedded.TableShapes;
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
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Many tables through one slot: {@code --tables} tables of three shapes, {@code --rows} rows each, PostgreSQL ->
 * PostgreSQL (cdcbridge-postgres -> cdcbridge-jdbc, auto-created targets) in one statement set reading one slot,
 * against the same number of rows in one table of the first shape: snapshot and streaming rows/s, the server JVM's
 * peak heap, and each target compared with its source after each phase.
 */
@Command(name = "many-tables", mixinStandardHelpOptions = true,
        description = "N tables through one slot against the same rows in one table, PG -> PG: snapshot and streaming rows/s, heap.")
public final class ManyTablesCommand implements Callable<Integer> {

    @Option(names = "--tables", defaultValue = "100", description = "Tables read through the one slot (default ${DEFAULT-VALUE}).")
    int tables;

    @Option(names = "--rows", defaultValue = "10000", description = "Rows per table, in the snapshot and again streamed (default ${DEFAULT-VALUE}).")
    int rows;

    @Mixin
    ReportFile report;

    private final Progress progress = new Progress(System.err);

    private record Result(String what, double snapshot, double streaming, String snapshotCheck, String streamingCheck,
                          long peakHeapUsed, long peakHeapLive) {}

    @Override
    public Integer call() throws Exception {
        String before = "load average " + LoadAverage.now();
        progress.say("Load before: " + before);
        List<Result> results = new ArrayList<>();
        Path workspace = Files.createTempDirectory("cdcbridge-bench-many-");
        // PostgreSQL's default max_connections (100): the tables' sinks share a few connections ('sink.connections')
        try (EmbeddedPostgres pg = EmbeddedPostgres.start(EmbeddedPostgres.Options.defaults());
             LocalStack stack = LocalStack.start(new LocalStack.Options(workspace, RestSettings.loopback(0), null, null,
                     Map.of("execution.checkpointing.interval", "5s"), pg.variables("POSTGRES")))) {
            ServerClient server = new ServerClient(stack.url());
            long total = (long) tables * rows;
            // warm-up (unmeasured), then the one table, then the many
            results.add(run(server, pg, "warm-up", "warm", 1, Math.min(total, 100_000)));
            results.add(run(server, pg, "1 table of " + total + " rows", "one", 1, total));
            results.add(run(server, pg, tables + " tables of " + rows + " rows, one slot", "many", tables, rows));
        }
        String after = "load average " + LoadAverage.now();
        String md = markdown(results.subList(1, results.size()), before, after);
        Path written = report.write("many-tables-" + tables + "x" + rows, md);
        progress.say("Report: " + written);
        System.out.println(md);
        return results.stream().allMatch(r -> r.snapshotCheck().startsWith("equal") && r.streamingCheck().startsWith("equal")) ? 0 : 1;
    }

    // n tables of `rows` rows in schema <tag>, into <tag>_target through slot bench_<tag>: the snapshot, then as many rows again
    private Result run(ServerClient server, EmbeddedPostgres pg, String what, String tag, int n, long rowsEach) throws Exception {
        progress.say(what + "...");
        StringBuilder create = new StringBuilder("CREATE SCHEMA " + tag + "; CREATE SCHEMA " + tag + "_target;");
        StringBuilder script = new StringBuilder("SET 'client.statement-name' = 'bench-" + tag + "';\n");
        StringBuilder set = new StringBuilder("EXECUTE STATEMENT SET BEGIN\n");
        for (int i = 0; i < n; i++) {
            TableShapes shape = TableShapes.of(i);
            create.append("CREATE TABLE ").append(tag).append(".t").append(i).append(" (").append(shape.columns).append(");")
                    .append("ALTER TABLE ").append(tag).append(".t").append(i).append(" REPLICA IDENTITY FULL;")
                    .append("INSERT INTO ").append(tag).append(".t").append(i).append(" SELECT ").append(shape.row)
                    .append(" FROM generate_series(1, ").append(rowsEach).append(") g;");
            Map<String, String> source = FlinkScripts.postgres("cdcbridge-postgres", "bench_" + tag);
            source.put("schema-name", tag);
            source.put("table-name", "t" + i);
            source.put("scan.incremental.snapshot.chunk.size", "50000");
            Map<String, String> sink = new LinkedHashMap<>();
            sink.put("connector", "cdcbridge-jdbc");
            sink.put("url", "jdbc:postgresql://${POSTGRES_HOST}:${POSTGRES_PORT}/${POSTGRES_DATABASE}");
            sink.put("username", "${POSTGRES_USER}");
            sink.put("password", "${POSTGRES_PASSWORD}");
            sink.put("table-name", tag + "_target.t" + i);
            sink.put("auto-create", "true");
            script.append("CREATE TABLE s_").append(tag).append(i).append(" (").append(shape.flinkColumns).append(", PRIMARY KEY (id) NOT ENFORCED) WITH (")
                    .append(FlinkScripts.options(source)).append(");\n");
            script.append("CREATE TABLE k_").append(tag).append(i).append(" (").append(shape.flinkColumns).append(", PRIMARY KEY (id) NOT ENFORCED) WITH (")
                    .append(FlinkScripts.options(sink)).append(");\n");
            set.append("INSERT INTO k_").append(tag).append(i).append(" SELECT * FROM s_").append(tag).append(i).append(";\n");
        }
        pg.execute(create.toString());
        long total = n * rowsEach;
        // one connection for the progress polls: a login per poll cost the JVM under test a SCRAM key derivation each
        try (HeapSampler heap = new HeapSampler(); Connection poll = pg.connect()) {
            server.runScript(new ScriptRequest("bench-" + tag + ".sql", script.append(set).append("END;\n").toString(), Map.of(), false));
            StatementWaits.awaitRunning(server, "bench-" + tag);
            long start = System.nanoTime();
            StatementWaits.awaitTarget(() -> targetRows(poll, tag, n), total, "snapshot", progress);
            double snapshot = total / ((System.nanoTime() - start) / 1e9);
            String snapshotCheck = check(pg, tag, n);
            progress.say(String.format("  snapshot: %.0f rows/s, target %s", snapshot, snapshotCheck));
            // as many rows again, in transactions of 100,000 rows (1000 per table of 100), the tables taking turns
            long t0 = System.nanoTime();
            long step = Math.max(1, 100_000 / n);
            for (long from = rowsEach + 1; from <= 2 * rowsEach; from += step) {
                long to = Math.min(2 * rowsEach, from + step - 1);
                StringBuilder batch = new StringBuilder();
                for (int i = 0; i < n; i++) {
                    batch.append("INSERT INTO ").append(tag).append(".t").append(i).append(" SELECT ")
                            .append(TableShapes.of(i).row).append(" FROM generate_series(").append(from).append(", ")
                            .append(to).append(") g;");
                }
                pg.execute(batch.toString());
            }
            StatementWaits.awaitTarget(() -> targetRows(poll, tag, n), 2 * total, "streaming", progress);
            double streaming = total / ((System.nanoTime() - t0) / 1e9);
            String streamingCheck = check(pg, tag, n);
            progress.say(String.format("  streaming: %.0f rows/s, target %s", streaming, streamingCheck));
            server.delete("bench-" + tag);
            return new Result(what, snapshot, streaming, snapshotCheck, streamingCheck, heap.peakUsedBytes(), heap.peakLiveBytes());
        }
    }

    // the rows of all targets (a target not created yet counts 0)
    private static long targetRows(Connection c, String tag, int n) {
        try (Statement s = c.createStatement()) {
            long sum = 0;
            for (int i = 0; i < n; i++) {
                try (ResultSet rs = s.executeQuery("SELECT count(*) FROM " + tag + "_target.t" + i)) {
                    rs.next();
                    sum += rs.getLong(1);
                } catch (java.sql.SQLException e) {
                    // not created yet
                }
            }
            return sum;
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    // "equal (n tables)" or the first table whose target differs from its source
    private static String check(EmbeddedPostgres pg, String tag, int n) throws Exception {
        try (Connection c = pg.connect(); Statement s = c.createStatement()) {
            for (int i = 0; i < n; i++) {
                String q = "SELECT (SELECT count(*) FROM (SELECT * FROM %1$s.t%2$d EXCEPT SELECT * FROM %1$s_target.t%2$d) a)"
                        + " + (SELECT count(*) FROM (SELECT * FROM %1$s_target.t%2$d EXCEPT SELECT * FROM %1$s.t%2$d) b)";
                try (ResultSet rs = s.executeQuery(q.formatted(tag, i))) {
                    rs.next();
                    if (rs.getLong(1) != 0) return "differs: " + tag + ".t" + i + " (" + rs.getLong(1) + " rows)";
                }
            }
        }
        return "equal (" + n + " table" + (n == 1 ? "" : "s") + ")";
    }

    private String markdown(List<Result> results, String before, String after) {
        StringBuilder md = new StringBuilder("# Many tables through one slot, PostgreSQL -> PostgreSQL\n\n");
        md.append("`bench/run many-tables --tables ").append(tables).append(" --rows ").append(rows).append("`, ")
                .append(LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm"))).append(" UTC, ")
                .append(Runtime.getRuntime().availableProcessors()).append(" cores. Load (`uptime`) before: ").append(before)
                .append("; after: ").append(after).append(".\n\n");
        md.append("cdcbridge-postgres -> cdcbridge-jdbc (auto-created targets), the statement's default parallelism, one statement")
                .append(" (set); streaming: as many rows again in transactions of 100,000 rows (with many tables: each table's")
                .append(" share of it, the tables in turn). Heap: the")
                .append(" server JVM's peak (used; live after GC).\n\n");
        md.append("| run | snapshot rows/s | streaming rows/s | peak heap used / live (MiB) | target after snapshot | after streaming |\n");
        md.append("|---|---|---|---|---|---|\n");
        for (Result r : results) {
            md.append(String.format("| %s | %.0f | %.0f | %d / %d | %s | %s |%n", r.what(), r.snapshot(), r.streaming(),
                    r.peakHeapUsed() >> 20, r.peakHeapLive() >> 20, r.snapshotCheck(), r.streamingCheck()));
        }
        if (results.size() == 2) {
            md.append(String.format("%nMany tables against one: snapshot %.2fx, streaming %.2fx (goal: at least 0.80x).%n",
                    results.get(1).snapshot() / results.get(0).snapshot(), results.get(1).streaming() / results.get(0).streaming()));
        }
        return md.toString();
    }
}
