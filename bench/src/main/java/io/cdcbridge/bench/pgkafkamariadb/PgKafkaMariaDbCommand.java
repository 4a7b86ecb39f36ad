package io.cdcbridge.bench.pgkafkamariadb;

import io.cdcbridge.bench.data.BenchDatabase;
import io.cdcbridge.bench.data.CountQuery;
import io.cdcbridge.bench.data.OltpLoad;
import io.cdcbridge.bench.data.OltpOptions;
import io.cdcbridge.bench.data.TargetCheck;
import io.cdcbridge.bench.limits.KafkaLimits;
import io.cdcbridge.bench.pipelines.FlinkScripts;
import io.cdcbridge.bench.pipelines.StatementWaits;
import io.cdcbridge.bench.process.BenchServer;
import io.cdcbridge.bench.process.ChildJvm;
import io.cdcbridge.bench.process.CpuMeter;
import io.cdcbridge.bench.process.KafkaBroker;
import io.cdcbridge.bench.report.LoadAverage;
import io.cdcbridge.bench.report.Progress;
import io.cdcbridge.bench.report.ReportFile;
import io.cdcbridge.embedded.EmbeddedMariaDb;
import io.cdcbridge.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * PostgreSQL -> Kafka -> MariaDB, the customers table as it is (soft deletes where the pipeline can): cdcbridge
 * (cdcbridge-postgres -> debezium-kafka, then the topic -> cdcbridge-jdbc), stock Flink (postgres-cdc -> kafka with
 * debezium-json, then Flink's jdbc sink) and Debezium's PostgreSQL connector + JDBC sink connector on Kafka Connect
 * (defaults, tuned), in one run. Each pipeline gets fresh processes of its own (Kafka; the cdcbridge server or the
 * Connect worker), whose peak resident sets are its memory. Scenarios: snapshot, streaming inserts, deletes, OLTP
 * lag, each followed by a row-by-row check of the target against the source.
 */
@Command(name = "pg-kafka-mariadb", mixinStandardHelpOptions = true,
        description = "PostgreSQL -> Kafka -> MariaDB: cdcbridge vs Debezium + Kafka Connect (defaults, tuned) vs stock Flink.")
public final class PgKafkaMariaDbCommand implements Callable<Integer> {

    static final List<String> PIPELINES = List.of("debezium-defaults", "debezium-tuned", "stock-flink", "cdcbridge",
            "cdcbridge-noschema", "cdcbridge-cdcjson", "cdcbridge-upsert-json", "cdcbridge-upsert-avro");
    /**
     * The pipelines that write Debezium's envelope with debezium-kafka and read it back, whose sink is measured alone too:
     * whether each event carries its schema, and how the topic is read.
     */
    private record Envelope(boolean schemas, FlinkScripts.Reader reader) {}
    private static final Map<String, Envelope> ENVELOPES = Map.of(
            "cdcbridge", new Envelope(true, FlinkScripts.Reader.DEBEZIUM_JSON),
            "cdcbridge-noschema", new Envelope(false, FlinkScripts.Reader.DEBEZIUM_JSON),
            "cdcbridge-cdcjson", new Envelope(true, FlinkScripts.Reader.CDC_JSON));
    static final String TOPIC_PREFIX = "bench";
    static final String TOPIC = TOPIC_PREFIX + ".inventory.customers";
    static final int PARTITIONS = 2;

    @Option(names = "--rows", defaultValue = "100000", description = "Rows in the snapshot and in the streaming load (default ${DEFAULT-VALUE}).")
    long rows;

    @Option(names = "--pipelines", defaultValue = "debezium-defaults,debezium-tuned,stock-flink,cdcbridge", split = ",",
            description = "Pipelines to run, in order (default ${DEFAULT-VALUE}); cdcbridge-noschema writes Debezium's"
                    + " envelope without its schema in each event, cdcbridge-cdcjson reads it with cdcbridge-kafka and cdc-json;"
                    + " cdcbridge-upsert-json and cdcbridge-upsert-avro compare JSON with Avro on the same upsert topic pipeline.")
    List<String> pipelines;

    @Option(names = "--oltp-seconds", defaultValue = "60", description = "Duration of the OLTP scenario; 0 leaves it out (default ${DEFAULT-VALUE}).")
    long oltpSeconds;

    @Mixin
    OltpOptions oltp;

    @Option(names = "--server-heap", defaultValue = "1g", description = "Maximum heap of the cdcbridge server's JVM, as -Xmx takes it (default ${DEFAULT-VALUE}).")
    String serverHeap;

    @Mixin
    ReportFile report;

    @Option(names = "--json", description = "Print the results as JSON on stdout.")
    boolean json;

    private final Progress progress = new Progress(System.err);

    @Override
    public Integer call() throws Exception {
        System.setProperty("java.awt.headless", "true");
        for (String p : pipelines) {
            if (!PIPELINES.contains(p)) throw new IllegalArgumentException("unknown pipeline '" + p + "'; known: " + PIPELINES);
        }
        Path root = Path.of(System.getProperty("bench.root", ".")).toAbsolutePath().normalize();
        Path work = Files.createTempDirectory("cdcbridge-bench-kafka-");
        String load = LoadAverage.now();
        progress.say("Starting embedded PostgreSQL and MariaDB (load average " + load + ")...");
        List<KafkaPathResult> results = new ArrayList<>();
        KafkaLimits.Rates broker;
        MariaDbTarget.Alone alone;
        double writer;
        try (EmbeddedPostgres pg = EmbeddedPostgres.start(); EmbeddedMariaDb mariadb = EmbeddedMariaDb.start()) {
            BenchDatabase db = new BenchDatabase(pg);
            db.create();
            pg.execute("CREATE TABLE inventory.customers_deleted (LIKE inventory.customers)");
            MariaDbTarget target = new MariaDbTarget(mariadb);
            progress.say("MariaDB applying " + rows + " rows alone...");
            alone = target.measureAlone(rows, work, progress);
            progress.say(String.format("  multi-row upserts: %.0f rows/s; LOAD DATA: %.0f rows/s", alone.upserts(), alone.loadData()));
            writer = writerAlone(work.resolve("writer-alone"), target);
            db.insert(1, rows, n -> progress.report("loading the source", n, rows, "rows"));
            int run = 0;
            for (String name : pipelines) {
                results.add(runPipeline(root, work.resolve(name + "-" + (++run)), name, run, db, pg, target));
            }
            double eventBytes = results.stream().filter(r -> r.pipeline().startsWith("cdcbridge") && r.eventBytes() > 0)
                    .mapToDouble(KafkaPathResult::eventBytes).findFirst().orElse(1024);
            progress.say(String.format("The broker alone: producing and consuming %d events of %.0f bytes...", 2 * rows, eventBytes));
            try (KafkaBroker kafka = KafkaBroker.start(work.resolve("limits"))) {
                broker = KafkaLimits.measure(kafka, 2 * rows, (int) Math.round(eventBytes), PARTITIONS, progress);
            }
            progress.say(String.format("  produce %.0f events/s, consume %.0f events/s", broker.produce(), broker.consume()));
        }
        KafkaPathReport report = new KafkaPathReport(rows, oltpSeconds, oltp.clients, oltp.rate, serverHeap, load,
                LoadAverage.now(), alone, writer, broker, results);
        Path written = report.write(this.report.dir(), ReportFile.name("pg-kafka-mariadb-" + rows));
        progress.say("Report: " + written);
        if (json) System.out.println(io.cdcbridge.control.workspace.Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(report.toJson()));
        else System.out.println(report.markdown());
        return results.stream().allMatch(KafkaPathResult::equal) ? 0 : 1;
    }

    /** A pipeline's process (a cdcbridge server, a Connect worker): its work submitted, whether it runs, how it ends. */
    private interface Running extends AutoCloseable {
        ChildJvm process();

        /**
         * Submits the pipeline to its process and waits until it runs; returns {@link System#nanoTime()} at the
         * submission, where the snapshot is timed from in every pipeline (the start of its job or connectors counts).
         */
        long submit() throws Exception;

        /** Throws naming the failure when the pipeline has failed. */
        void check();

        @Override
        void close();
    }

    private KafkaPathResult runPipeline(Path root, Path dir, String name, int run, BenchDatabase db, EmbeddedPostgres pg,
                                        MariaDbTarget target) {
        String description = description(name);
        progress.say("Pipeline " + name + ": " + description);
        MariaDbTarget.Deletes deletes = name.startsWith("debezium") ? MariaDbTarget.Deletes.SOFT_TEXT
                : name.startsWith("cdcbridge") ? MariaDbTarget.Deletes.SOFT_BOOLEAN : MariaDbTarget.Deletes.HARD;
        String table = "customers_" + name.replace('-', '_');
        String slot = "bench_" + name.replace('-', '_') + "_" + run;
        double started = Double.NaN, snapshot = Double.NaN, streaming = Double.NaN, tps = Double.NaN, eventBytes = Double.NaN, applyAlone = Double.NaN;
        List<OltpLoad.Sample> lag = null;
        List<String> checks = new ArrayList<>();
        Map<String, Long> rss = new LinkedHashMap<>();
        Map<String, Double> snapshotCpu = new LinkedHashMap<>(), streamingCpu = new LinkedHashMap<>();
        String error = null;
        target.create(table, deletes);
        try (KafkaBroker kafka = KafkaBroker.start(dir)) {
            kafka.createTopic(TOPIC, PARTITIONS);
            Running running = null;
            try {
                running = name.startsWith("debezium")
                        ? startConnect(root, dir, name.equals("debezium-tuned"), kafka, pg, slot, target, table)
                        : startFlink(dir, name, kafka, pg, slot, target, table);
                CpuMeter meter = meter(running, kafka, pg, target);
                Map<String, Double> cpu = meter.seconds();
                long start = running.submit();
                started = (System.nanoTime() - start) / 1e9;
                progress.say(String.format("  running %.1f s after the submission", started));
                awaitCount(target, target.countQuery(table), rows, "snapshot", running);
                snapshot = rows / ((System.nanoTime() - start) / 1e9);
                snapshotCpu.putAll(CpuMeter.used(cpu, meter.seconds()));
                checks.add(check(db, target, table, deletes, "snapshot"));
                progress.say(String.format("  snapshot: %.0f rows/s, target %s", snapshot, checks.get(checks.size() - 1)));

                cpu = meter.seconds();
                long t0 = System.nanoTime();
                db.insert(rows + 1, 2 * rows, n -> progress.report("streaming: inserted", n, rows, "rows"));
                awaitCount(target, target.countQuery(table), 2 * rows, "streaming", running);
                streaming = rows / ((System.nanoTime() - t0) / 1e9);
                streamingCpu.putAll(CpuMeter.used(cpu, meter.seconds()));
                checks.add(check(db, target, table, deletes, "streaming"));
                progress.say(String.format("  streaming: %.0f rows/s, target %s", streaming, checks.get(checks.size() - 1)));

                long deleted = deleteEveryTenth(db);
                if (deletes.soft()) awaitCount(target, target.deletedQuery(table, deletes), deleted, "deletes", running);
                else awaitCountDown(target, target.countQuery(table), 2 * rows - deleted, running);
                checks.add(check(db, target, table, deletes, "deletes"));
                progress.say("  deletes: " + deleted + " rows deleted at the source, target " + checks.get(checks.size() - 1));

                if (oltpSeconds > 0) {
                    OltpLoad.Result r = new OltpLoad(db::source, target::connect, MariaDbTarget.quote(table), rows, oltp.clients, oltp.rate)
                            .run(oltpSeconds, progress);
                    tps = r.tps();
                    lag = r.lag();
                    checks.add(awaitEqual(db, target, table, deletes, "oltp", running));
                    progress.say(String.format("  oltp: %.0f tx/s, lag p50 %.0f ms, p99 %.0f ms, target %s", tps,
                            OltpLoad.percentile(lag, 0.5), OltpLoad.percentile(lag, 0.99), checks.get(checks.size() - 1)));
                }
                long[] size = kafka.size(TOPIC, PARTITIONS);
                eventBytes = size[1] == 0 ? Double.NaN : (double) size[0] / size[1];
                if (ENVELOPES.containsKey(name)) {
                    // the pipeline's server ends first: the sink alone gets the machine, and the memory is the pipeline's
                    rss.put(running.process().name(), running.process().peakRssBytes());
                    running.close();
                    running = null;
                    applyAlone = applyAlone(dir, kafka, db, target, table, size[1], ENVELOPES.get(name), checks);
                }
            } catch (Exception e) {
                error = e.getMessage() == null ? e.toString() : e.getMessage();
                progress.say("  FAILED: " + error);
            } finally {
                if (running != null) {
                    rss.put(running.process().name(), running.process().peakRssBytes());
                    running.close();
                }
                rss.put("Kafka", kafka.jvm().peakRssBytes());
            }
        } catch (Exception e) {
            error = "Kafka did not start: " + e.getMessage();
            progress.say("  FAILED: " + error);
        } finally {
            dropSlot(pg, slot);
            db.trimSource(rows);
            pg.execute("TRUNCATE inventory.customers_deleted");
        }
        rss.forEach((process, bytes) -> progress.say(String.format("  peak RSS of %s: %d MiB", process, bytes >> 20)));
        return new KafkaPathResult(name, description, started, snapshot, streaming, tps, lag, checks, rss, eventBytes, applyAlone,
                snapshotCpu, streamingCpu, error);
    }

    /**
     * cdcbridge-jdbc alone: the topic the pipeline wrote read again from its start by a fresh server into a table of its
     * own, events/s from the statement running to the table equal to the source.
     */
    private double applyAlone(Path dir, KafkaBroker kafka, BenchDatabase db, MariaDbTarget target, String table, long events,
                              Envelope envelope, List<String> checks) throws Exception {
        String alone = table + "_alone";
        target.create(alone, MariaDbTarget.Deletes.SOFT_BOOLEAN);
        Map<String, String> vars = new LinkedHashMap<>(target.database().variables("MYSQL"));
        vars.put("KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrap());
        progress.say("  cdcbridge-jdbc alone: the topic's " + events + " events read again into " + alone + "...");
        try (Running running = flink(dir.resolve("apply-alone"), "apply-alone.sql",
                FlinkScripts.apply(TOPIC, "bench-apply-alone", alone, envelope.schemas(), envelope.reader()), vars, List.of("bench-apply-alone"))) {
            running.submit();
            long start = System.nanoTime();
            awaitCount(target, target.countQuery(alone), 2 * rows, "apply alone", running);
            checks.add(awaitEqual(db, target, alone, MariaDbTarget.Deletes.SOFT_BOOLEAN, "apply alone", running));
            double rate = events / ((System.nanoTime() - start) / 1e9);
            progress.say(String.format("  cdcbridge-jdbc alone: %.0f events/s, target %s", rate, checks.get(checks.size() - 1)));
            return rate;
        }
    }

    /**
     * cdcbridge-jdbc alone with nothing before it: the rows MariaDB applied alone, generated in Flink, five times as
     * many (the job's start is left out, and a short run would be over between two counts), written into a table of
     * their own; rows/s from the first row in the table to the last.
     */
    private double writerAlone(Path dir, MariaDbTarget target) throws Exception {
        String table = "limit_writer";
        long generated = 5 * rows;
        target.create(table, MariaDbTarget.Deletes.SOFT_BOOLEAN);
        progress.say("cdcbridge-jdbc writing " + generated + " such rows alone, generated in Flink...");
        try (Running running = flink(dir, "writer-alone.sql", FlinkScripts.generated("bench-writer-alone", table, generated),
                target.database().variables("MYSQL"), List.of("bench-writer-alone"));
             CountQuery counter = new CountQuery(target.connect(), target.countQuery(table))) {
            running.submit();
            StatementWaits.awaitTarget(counter::count, 1, "writer alone", progress, 180, running::check);
            long start = System.nanoTime();
            long first = counter.count();
            StatementWaits.awaitTarget(counter::count, generated, "writer alone", progress, 180, running::check);
            double rate = (generated - first) / ((System.nanoTime() - start) / 1e9);
            long matching = target.generatedRowsMatching(table);
            if (matching != generated) {
                throw new IllegalStateException("cdcbridge-jdbc alone: " + (generated - matching) + " of " + generated
                        + " generated rows differ in MariaDB");
            }
            progress.say(String.format("  cdcbridge-jdbc alone: %.0f rows/s (from %d rows on), all %d rows as generated", rate, first, generated));
            return rate;
        }
    }

    static String description(String pipeline) {
        return switch (pipeline) {
            case "debezium-defaults" -> "Debezium 3.1 PostgreSQL connector + JDBC sink connector on Kafka Connect 3.9 standalone, defaults";
            case "debezium-tuned" -> "the same, tuned: Debezium batch 20480 / queue 81920 / poll 50 ms, producer linger 20 ms and"
                    + " 512 KiB batches, consumer 5000 records per poll, sink batch 5000, MariaDB bulk statements";
            case "stock-flink" -> "postgres-cdc -> kafka (debezium-json) -> Flink's jdbc sink (flush 5000 rows, rewriteBatchedStatements); hard deletes";
            case "cdcbridge" -> "cdcbridge-postgres -> debezium-kafka (Debezium's envelope with its schema in each event, JsonConverter's"
                    + " schemas.enable=true) -> kafka (debezium-json, schema-include) -> cdcbridge-jdbc (soft deletes, version guard)";
            case "cdcbridge-noschema" -> "the same, the events without their schema (debezium-kafka 'schemas.enable' = 'false', as"
                    + " JsonConverter's schemas.enable=false), read by debezium-json without schema-include";
            case "cdcbridge-cdcjson" -> "the same as cdcbridge, the topic read by cdcbridge-kafka with cdc-json (the schema skipped;"
                    + " a delete as its before image flagged)";
            case "cdcbridge-upsert-json" -> "cdcbridge-postgres -> upsert-kafka (JSON key and value) -> upsert-kafka -> cdcbridge-jdbc"
                    + " (soft deletes, version guard)";
            case "cdcbridge-upsert-avro" -> "the same in Avro: key and value in Confluent's wire format, schemas in the server's"
                    + " registry";
            default -> throw new IllegalArgumentException(pipeline);
        };
    }

    private Running startConnect(Path root, Path dir, boolean tuned, KafkaBroker kafka, EmbeddedPostgres pg, String slot,
                                 MariaDbTarget target, String table) throws Exception {
        ConnectWorker worker = ConnectWorker.start(root, dir.resolve("connect"), tuned, kafka.bootstrap(), pg, slot, TOPIC_PREFIX,
                target.database(), table);
        return new Running() {
            public ChildJvm process() {
                return worker.jvm();
            }

            public long submit() throws Exception {
                long submitted = worker.awaitAnswering(600);
                worker.awaitRunning(600); // a worker on a busy machine took more than 3 minutes to start both
                return submitted;
            }

            public void check() {
                worker.jvm().requireAlive();
                String failure = worker.failure();
                if (failure != null) throw new IllegalStateException(failure);
            }

            public void close() {
                worker.close();
            }
        };
    }

    private Running startFlink(Path dir, String name, KafkaBroker kafka, EmbeddedPostgres pg, String slot,
                               MariaDbTarget target, String table) throws Exception {
        Map<String, String> vars = new LinkedHashMap<>();
        vars.putAll(pg.variables("POSTGRES"));
        vars.putAll(target.database().variables("MYSQL"));
        vars.put("KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrap());
        String script = switch (name) {
            case "cdcbridge", "cdcbridge-noschema", "cdcbridge-cdcjson" -> FlinkScripts.cdcbridge(slot, TOPIC_PREFIX, TOPIC, table,
                    ENVELOPES.get(name).schemas(), ENVELOPES.get(name).reader());
            case "cdcbridge-upsert-json", "cdcbridge-upsert-avro" -> FlinkScripts.upsert(slot, TOPIC, table, name.endsWith("avro"));
            default -> FlinkScripts.stock(slot, TOPIC, table);
        };
        List<String> statements = name.startsWith("cdcbridge") ? List.of("bench-publish", "bench-apply")
                : List.of("bench-stock-publish", "bench-stock-apply");
        return flink(dir, name + ".sql", script, vars, statements);
    }

    // The pipeline's own process and every service it runs on; the source's load (inserts) is in PostgreSQL's share
    private static CpuMeter meter(Running running, KafkaBroker kafka, EmbeddedPostgres pg, MariaDbTarget target) throws SQLException {
        Map<String, Long> processes = new LinkedHashMap<>();
        processes.put(running.process().name(), running.process().pid());
        processes.put("Kafka", kafka.jvm().pid());
        try (Connection c = pg.connect()) {
            processes.put("PostgreSQL", CpuMeter.postgresPid(c));
        }
        try (Connection c = target.connect()) {
            processes.put("MariaDB", CpuMeter.mariadbPid(c));
        }
        return CpuMeter.of(processes);
    }

    // A cdcbridge server started in dir, to which submit() gives the script.
    private Running flink(Path dir, String file, String script, Map<String, String> vars, List<String> statements) throws Exception {
        BenchServer server = BenchServer.launch(dir, serverHeap, progress);
        return new Running() {
            public ChildJvm process() {
                return server.jvm();
            }

            public long submit() throws Exception {
                return server.submit(file, script, vars, statements);
            }

            public void check() {
                server.check();
            }

            public void close() {
                server.close();
            }
        };
    }

    // Polls a count in the target until it reaches the expected value; no progress for 180 s, or a failed pipeline, fails.
    private void awaitCount(MariaDbTarget target, String query, long expected, String phase, Running running) throws Exception {
        try (CountQuery counter = new CountQuery(target.connect(), query)) {
            StatementWaits.awaitTarget(counter::count, expected, phase, progress, 180, running::check);
        }
    }

    // The same for a count that falls (hard deletes).
    private void awaitCountDown(MariaDbTarget target, String query, long expected, Running running) throws Exception {
        long deadline = System.nanoTime() + 180_000_000_000L;
        try (CountQuery counter = new CountQuery(target.connect(), query)) {
            while (counter.count() > expected) {
                if (System.nanoTime() > deadline) throw new IllegalStateException("deletes: the target still holds more than " + expected + " rows");
                running.check();
                Thread.sleep(100);
            }
        }
    }

    // Deletes every tenth streamed row in one transaction, keeping a copy of each for the comparison of soft deletes.
    private long deleteEveryTenth(BenchDatabase db) throws SQLException {
        try (Connection c = db.source(); Statement s = c.createStatement()) {
            c.setAutoCommit(false);
            s.execute("INSERT INTO inventory.customers_deleted SELECT * FROM inventory.customers WHERE id > " + rows + " AND id % 10 = 0");
            int n = s.executeUpdate("DELETE FROM inventory.customers WHERE id > " + rows + " AND id % 10 = 0");
            c.commit();
            return n;
        }
    }

    private String check(BenchDatabase db, MariaDbTarget target, String table, MariaDbTarget.Deletes deletes, String phase) throws SQLException {
        try (Connection source = db.source()) {
            TargetCheck.Result r = target.check(source, table, deletes);
            if (!r.equal()) throw new IllegalStateException(phase + ": target " + r);
            return r.toString();
        }
    }

    // After the OLTP load the pipeline needs a moment to apply the last changes.
    private String awaitEqual(BenchDatabase db, MariaDbTarget target, String table, MariaDbTarget.Deletes deletes, String phase,
                              Running running)
            throws SQLException, InterruptedException {
        long deadline = System.nanoTime() + 180_000_000_000L;
        while (true) {
            TargetCheck.Result r;
            try (Connection source = db.source()) {
                r = target.check(source, table, deletes);
            }
            if (r.equal()) return r.toString();
            if (System.nanoTime() > deadline) throw new IllegalStateException(phase + ": target " + r);
            running.check();
            Thread.sleep(1000);
        }
    }

    // Drops the pipeline's replication slot once nobody holds it, and the publications its source may have created
    // (Debezium's named after the slot here, cdcbridge-postgres's cdcbridge_<slot>, postgres-cdc's dbz_publication).
    private void dropSlot(EmbeddedPostgres pg, String slot) {
        try (Connection c = pg.connect(); java.sql.PreparedStatement active = c.prepareStatement(
                "SELECT active FROM pg_replication_slots WHERE slot_name = ?");
             java.sql.PreparedStatement drop = c.prepareStatement("SELECT pg_drop_replication_slot(?)");
             Statement s = c.createStatement()) {
            active.setString(1, slot);
            drop.setString(1, slot);
            for (int i = 0; i < 150; i++) {
                try (var rs = active.executeQuery()) {
                    if (!rs.next()) break;
                    if (!rs.getBoolean(1)) {
                        drop.execute();
                        break;
                    }
                }
                Thread.sleep(200);
            }
            for (String publication : List.of(slot, "cdcbridge_" + slot, "dbz_publication")) {
                s.execute("DROP PUBLICATION IF EXISTS \"" + publication.replace("\"", "\"\"") + "\"");
            }
        } catch (SQLException e) {
            progress.say("  (replication slot " + slot + " not dropped: " + e.getMessage() + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
