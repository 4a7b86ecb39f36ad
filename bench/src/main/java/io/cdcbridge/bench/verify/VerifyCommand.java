package io.cdcbridge.bench.verify;

import io.cdcbridge.bench.process.CpuMeter;
import io.cdcbridge.bench.report.LoadAverage;
import io.cdcbridge.bench.report.ReportFile;
import io.cdcbridge.embedded.EmbeddedDatabase;
import io.cdcbridge.embedded.EmbeddedMariaDb;
import io.cdcbridge.embedded.EmbeddedPostgres;
import io.cdcbridge.verify.Report;
import io.cdcbridge.verify.TableRef;
import io.cdcbridge.verify.Verifier;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code bench/run verify --rows 1000000}: verifying equal tables (PostgreSQL -> PostgreSQL, PostgreSQL -> MariaDB)
 * against {@code count(*)} on both sides at once and against reading both tables whole at once, in one run.
 */
@Command(name = "verify", mixinStandardHelpOptions = true,
        description = "Times cdcbridge verify on equal tables against count(*) and against reading both tables whole.")
public final class VerifyCommand implements Callable<Integer> {

    @Option(names = "--rows", defaultValue = "1000000", description = "Rows in each table (default ${DEFAULT-VALUE}).")
    int rows;

    @Option(names = "--runs", defaultValue = "3", description = "Runs of each measurement, alternating; the median counts (default ${DEFAULT-VALUE}).")
    int runs;

    @Option(names = "--connections", split = ",", description = "Connections per side verify's first pass runs on, each value "
            + "measured in the same run (default: verify's default, this machine's cores, at most 8).")
    List<Integer> connections;

    @Mixin
    ReportFile report;

    // the seed-000 customers shape, generated alike in both databases
    private static final String PG_TABLE = """
            CREATE TABLE customers (id INT PRIMARY KEY, fname TEXT, lname TEXT, email TEXT, street TEXT, zip TEXT, city TEXT,
              phone TEXT, status INT, registered TIMESTAMP, updated_at TIMESTAMP(3) NOT NULL)""";
    private static final String PG_ROWS = """
            INSERT INTO customers SELECT g, 'first' || g, 'last' || g, 'user' || g || '@example.com', g || ' Main St',
              lpad((g %% 100000)::text, 5, '0'), 'Springfield', '(555) ' || g, 1 + g %% 4,
              timestamp '2020-01-01' + g * interval '1 minute', timestamp '2024-01-01' + g * interval '1 millisecond'
            FROM generate_series(1, %d) g""";
    private static final String MARIA_TABLE = """
            CREATE TABLE customers (id INT PRIMARY KEY, fname TEXT, lname TEXT, email TEXT, street TEXT, zip TEXT, city TEXT,
              phone TEXT, status INT, registered DATETIME(6), updated_at DATETIME(3) NOT NULL)""";
    private static final String MARIA_ROWS = """
            INSERT INTO customers SELECT seq, CONCAT('first', seq), CONCAT('last', seq), CONCAT('user', seq, '@example.com'),
              CONCAT(seq, ' Main St'), LPAD(seq %% 100000, 5, '0'), 'Springfield', CONCAT('(555) ', seq), 1 + seq %% 4,
              TIMESTAMP '2020-01-01 00:00:00' + INTERVAL seq MINUTE, TIMESTAMP '2024-01-01 00:00:00' + INTERVAL seq * 1000 MICROSECOND
            FROM seq_1_to_%d""";

    @Override
    public Integer call() throws Exception {
        try (EmbeddedPostgres pg = EmbeddedPostgres.start(); EmbeddedMariaDb maria = EmbeddedMariaDb.start()) {
            System.err.println("loading " + rows + " rows into PostgreSQL (two databases) and MariaDB ...");
            pg.execute("CREATE DATABASE verify_target");
            String pgTargetUrl = pg.jdbcUrl().replaceFirst("/[^/]*$", "/verify_target");
            pg.execute(PG_TABLE, PG_ROWS.formatted(rows), "VACUUM ANALYZE customers");
            sql(pgTargetUrl, pg, PG_TABLE, PG_ROWS.formatted(rows), "VACUUM ANALYZE customers");
            maria.execute(MARIA_TABLE, MARIA_ROWS.formatted(rows), "ANALYZE TABLE customers");
            TableRef source = new TableRef(pg.jdbcUrl(), pg.user(), pg.password(), List.of("public", "customers"));
            List<String> lines = new ArrayList<>();
            if (connections == null) connections = List.of(Verifier.Options.defaults().connections());
            String load = LoadAverage.lastMinute();
            lines.add("| pair (" + rows + " equal rows) | connections per side | count(*) both sides s | read both whole s | verify s | verify / count(*) "
                    + "| verify / read | count(*) server CPU s | verify server CPU s | verify / count(*) in CPU | rows read by verify |");
            lines.add("|---|---|---|---|---|---|---|---|---|---|---|");
            lines.addAll(pair("PostgreSQL -> PostgreSQL", source, new TableRef(pgTargetUrl, pg.user(), pg.password(), List.of("public", "customers"))));
            lines.addAll(pair("PostgreSQL -> MariaDB", source, new TableRef(maria.jdbcUrl(), maria.user(), maria.password(), List.of("customers"))));
            String markdown = "# verify, " + rows + " rows, " + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm"))
                    + "\n\nmedian of " + runs + " alternating runs; both sides at once in every measurement; " + Runtime.getRuntime().availableProcessors()
                    + " cores, load average " + load + " before and " + LoadAverage.lastMinute() + " after\n\n" + String.join("\n", lines) + "\n";
            Path file = report.write("verify-" + rows, markdown);
            System.out.println(markdown);
            System.err.println("report: " + file);
        }
        return 0;
    }

    private List<String> pair(String name, TableRef source, TableRef target) throws Exception {
        CpuMeter servers = CpuMeter.of(servers(source, target));
        List<Double> counts = new ArrayList<>();
        List<Map<String, Double>> countCpu = new ArrayList<>();
        List<Double> reads = new ArrayList<>();
        List<List<Double>> verifies = new ArrayList<>();
        List<List<Map<String, Double>>> verifyCpu = new ArrayList<>();
        connections.forEach(n -> {
            verifies.add(new ArrayList<>());
            verifyCpu.add(new ArrayList<>());
        });
        long rowsRead = 0;
        for (int run = 0; run < runs; run++) {
            Map<String, Double> before = servers.seconds();
            counts.add(both(source, target, "SELECT count(*) FROM "));
            countCpu.add(CpuMeter.used(before, servers.seconds()));
            reads.add(both(source, target, "SELECT * FROM "));
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%s run %d: count %.2f s (CPU %s), read %.2f s", name, run + 1,
                    counts.get(run), CpuMeter.format(countCpu.get(run)), reads.get(run)));
            for (int i = 0; i < connections.size(); i++) {
                before = servers.seconds();
                long t0 = System.nanoTime();
                try (Verifier v = Verifier.open(source, target)) {
                    Report r = v.verify(v.byName(Optional.empty(), Optional.empty(), false, Optional.empty()),
                            Verifier.Options.defaults().withConnections(connections.get(i)));
                    if (!r.equal() || r.sourceRows() != rows) throw new IllegalStateException(name + ": the tables should be equal, " + r.mismatches());
                    rowsRead = r.rowsRead();
                }
                verifies.get(i).add((System.nanoTime() - t0) / 1e9);
                verifyCpu.get(i).add(CpuMeter.used(before, servers.seconds()));
                line.append(String.format(Locale.ROOT, ", verify on %d: %.2f s (CPU %s)", connections.get(i), verifies.get(i).get(run),
                        CpuMeter.format(verifyCpu.get(i).get(run))));
            }
            System.err.println(line);
        }
        double c = median(counts);
        double r = median(reads);
        Map<String, Double> cc = medians(countCpu);
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < connections.size(); i++) {
            double v = median(verifies.get(i));
            Map<String, Double> vc = medians(verifyCpu.get(i));
            String cpuRatio = vc.keySet().stream().map(k -> String.format(Locale.ROOT, "%s %.1fx", k, vc.get(k) / cc.get(k)))
                    .collect(java.util.stream.Collectors.joining(", "));
            lines.add(String.format(Locale.ROOT, "| %s | %d | %.2f | %.2f | %.2f | %.1fx | %.2fx | %s | %s | %s | %d |", name, connections.get(i), c, r, v,
                    v / c, v / r, CpuMeter.format(cc), CpuMeter.format(vc), cpuRatio, rowsRead));
        }
        return lines;
    }

    // the database servers' processes, named, one entry when both tables live in the same server
    private static Map<String, Long> servers(TableRef source, TableRef target) throws java.sql.SQLException {
        Map<String, Long> pids = new java.util.LinkedHashMap<>();
        for (TableRef t : List.of(source, target)) {
            try (Connection c = DriverManager.getConnection(t.url(), t.user(), t.password())) {
                boolean pg = t.url().startsWith("jdbc:postgresql:");
                pids.putIfAbsent(pg ? "PostgreSQL" : "MariaDB", pg ? CpuMeter.postgresPid(c) : CpuMeter.mariadbPid(c));
            }
        }
        return pids;
    }

    private static Map<String, Double> medians(List<Map<String, Double>> runs) {
        Map<String, Double> out = new java.util.LinkedHashMap<>();
        runs.get(0).keySet().forEach(k -> out.put(k, median(runs.stream().map(m -> m.get(k)).toList())));
        return out;
    }

    /** Seconds to run the query (its rows read through JDBC, every column) on both tables at once. */
    private static double both(TableRef source, TableRef target, String query) {
        long t0 = System.nanoTime();
        CompletableFuture<Void> s = CompletableFuture.runAsync(() -> scan(source, query));
        CompletableFuture<Void> t = CompletableFuture.runAsync(() -> scan(target, query));
        s.join();
        t.join();
        return (System.nanoTime() - t0) / 1e9;
    }

    private static void scan(TableRef table, String query) {
        try (Connection c = DriverManager.getConnection(table.url(), table.user(), table.password())) {
            c.setAutoCommit(false);
            try (Statement st = c.createStatement()) {
                st.setFetchSize(10_000);
                String name = table.url().startsWith("jdbc:postgresql:") ? "\"customers\"" : "`customers`";
                try (ResultSet rs = st.executeQuery(query + name)) {
                    int n = rs.getMetaData().getColumnCount();
                    long chars = 0;
                    while (rs.next()) for (int i = 1; i <= n; i++) {
                        String v = rs.getString(i);
                        chars += v == null ? 0 : v.length();
                    }
                    if (chars < 0) throw new IllegalStateException();
                }
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void sql(String url, EmbeddedDatabase db, String... statements) throws Exception {
        try (Connection c = DriverManager.getConnection(url, db.user(), db.password()); Statement s = c.createStatement()) {
            for (String each : statements) s.execute(each);
        }
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(Double::compare);
        return sorted.get(sorted.size() / 2);
    }
}
