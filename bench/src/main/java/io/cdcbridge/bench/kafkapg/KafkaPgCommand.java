package io.cdcbridge.bench.kafkapg;

import io.cdcbridge.bench.data.CountQuery;
import io.cdcbridge.bench.data.TargetCheck;
import io.cdcbridge.bench.limits.KafkaLimits;
import io.cdcbridge.bench.pipelines.FlinkScripts;
import io.cdcbridge.bench.process.BenchServer;
import io.cdcbridge.bench.process.CpuMeter;
import io.cdcbridge.bench.process.KafkaBroker;
import io.cdcbridge.bench.report.LoadAverage;
import io.cdcbridge.bench.report.Progress;
import io.cdcbridge.bench.report.ReportFile;
import io.cdcbridge.bench.report.ReportNumbers;
import io.cdcbridge.control.workspace.Json;
import io.cdcbridge.embedded.EmbeddedPostgres;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Kafka -> PostgreSQL: change events of the users-migration shape already on a topic, read by each pipeline from
 * the start: cdcbridge (cdcbridge-kafka with cdc-json, dedup by event time, enrichment, cdcbridge-jdbc guarded by
 * updated_at) against stock Flink (kafka with debezium-json, the same enrichment, Flink's jdbc sink). Rate: events
 * per second from the statement running to the last event of every partition applied; then the target compared
 * row by row with what the events must make of it.
 */
@Command(name = "kafka-pg", mixinStandardHelpOptions = true,
        description = "Kafka -> dedup and enrichment -> PostgreSQL: cdcbridge vs stock Flink, events already on the topic.")
public final class KafkaPgCommand implements Callable<Integer> {

    static final List<String> PIPELINES = List.of("stock-flink", "cdcbridge");
    static final String TOPIC = "users_cdc";
    static final int PARTITIONS = 2;
    private static final String COLUMNS = "user_id, name, email, email_domain, country_code, country_name, is_corporate, is_deleted, updated_at";

    @Option(names = "--events", defaultValue = "200000", description = "Change events on the topic, over a quarter as many users (default ${DEFAULT-VALUE}).")
    int events;

    @Option(names = "--pipelines", defaultValue = "stock-flink,cdcbridge", split = ",", description = "Pipelines to run, in order (default ${DEFAULT-VALUE}).")
    List<String> pipelines;

    @Mixin
    ReportFile report;

    @Option(names = "--json", description = "Print the results as JSON on stdout.")
    boolean json;

    @Option(names = "--limits", description = "First measure what bounds the pipelines: each format decoding the events alone,"
            + " and a broker alone producing and consuming as many records of their size.")
    boolean limits;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "A SET statement put before both pipelines' statements"
            + " (e.g. pipeline.object-reuse=true), to measure a setting's effect.")
    Map<String, String> settings = new LinkedHashMap<>();

    @Option(names = "--cdcbridge-sink", paramLabel = "KEY=VALUE", description = "An option of cdcbridge's sink table"
            + " (e.g. sink.buffer-flush.interval=1s), to measure its effect.")
    Map<String, String> sinkOptions = new LinkedHashMap<>();

    private final Progress progress = new Progress(System.err);

    /** One pipeline's outcome. */
    record Result(String pipeline, double eventsPerSecond, String check, Map<String, Long> peakRssBytes,
                  Map<String, Double> cpuSeconds, String error) {

        double eventsPerCpuSecond(long events) {
            return CpuMeter.perCpuSecond(events, cpuSeconds);
        }
    }

    @Override
    public Integer call() throws Exception {
        for (String p : pipelines) {
            if (!PIPELINES.contains(p)) throw new IllegalArgumentException("unknown pipeline '" + p + "'; known: " + PIPELINES);
        }
        Path work = Files.createTempDirectory("cdcbridge-bench-kafka-pg-");
        String loadBefore = LoadAverage.now();
        UserEvents generated = new UserEvents(events, 20);
        List<Result> results = new ArrayList<>();
        DecodeLimits.Rates decoding = null;
        KafkaLimits.Rates broker = null;
        if (limits) {
            List<byte[]> values = generated.events.stream().map(e -> bytes(e.value())).toList();
            decoding = DecodeLimits.measure(values, progress);
            try (KafkaBroker kafka = KafkaBroker.start(work.resolve("limits"))) {
                int size = (int) Math.round(values.stream().mapToInt(v -> v.length).average().orElse(0));
                broker = KafkaLimits.measure(kafka, events, size, PARTITIONS, progress);
            }
        }
        progress.say("Starting embedded PostgreSQL (load average " + loadBefore + ")...");
        try (EmbeddedPostgres pg = EmbeddedPostgres.start()) {
            int run = 0;
            for (String name : pipelines) results.add(runPipeline(work.resolve(name + "-" + (++run)), name, pg, generated));
        }
        String loadAfter = LoadAverage.now();
        String markdown = markdown(results, generated, loadBefore, loadAfter) + limits(decoding, broker);
        Path written = report.write("kafka-pg-" + events, markdown);
        progress.say("Report: " + written);
        if (json) System.out.println(Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(results));
        else System.out.println(markdown);
        return results.stream().allMatch(r -> r.error() == null) ? 0 : 1;
    }

    private Result runPipeline(Path dir, String name, EmbeddedPostgres pg, UserEvents generated) {
        progress.say("Pipeline " + name + ": " + description(name));
        String table = "users_" + name.replace('-', '_');
        boolean softDeletes = name.equals("cdcbridge");
        Map<String, Long> rss = new LinkedHashMap<>();
        Map<String, Double> cpu = new LinkedHashMap<>();
        double rate = Double.NaN;
        String check = null, error = null;
        pg.execute("DROP TABLE IF EXISTS " + table, "CREATE TABLE " + table + " (user_id BIGINT PRIMARY KEY, name TEXT, email TEXT,"
                + " email_domain TEXT, country_code TEXT, country_name TEXT, is_corporate BOOLEAN, is_deleted BOOLEAN, updated_at TIMESTAMP(3))");
        try (KafkaBroker kafka = KafkaBroker.start(dir)) {
            try {
                kafka.createTopic(TOPIC, PARTITIONS);
                produce(kafka, generated);
                Map<String, String> vars = new LinkedHashMap<>(pg.variables("POSTGRES"));
                vars.put("KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrap());
                StringBuilder script = new StringBuilder();
                settings.forEach((k, v) -> script.append("SET '").append(k).append("' = '").append(v).append("';\n"));
                script.append(name.equals("cdcbridge") ? cdcbridgeScript(table, sinkOptions) : stockScript(table));
                try (BenchServer server = BenchServer.start(dir, "1g", name + ".sql", script.toString(), vars, List.of("bench-" + name), progress)) {
                    try {
                        CpuMeter meter = meter(server, kafka, pg);
                        Map<String, Double> before = meter.seconds();
                        long start = System.nanoTime();
                        awaitMarkers(pg, table, server);
                        rate = (events + PARTITIONS) / ((System.nanoTime() - start) / 1e9);
                        cpu.putAll(CpuMeter.used(before, meter.seconds()));
                        TargetCheck.Result r = compare(pg, table, generated, softDeletes);
                        check = r.toString();
                        progress.say(String.format(Locale.ROOT, "  %.0f events/s, target %s", rate, check));
                        if (!r.equal()) error = "target " + r;
                    } finally {
                        rss.put(server.jvm().name(), server.jvm().peakRssBytes());
                    }
                }
            } finally {
                rss.put("Kafka", kafka.jvm().peakRssBytes());
            }
        } catch (Exception e) {
            error = e.getMessage() == null ? e.toString() : e.getMessage();
            progress.say("  FAILED: " + error);
        }
        return new Result(name, rate, check, rss, cpu, error);
    }

    private static CpuMeter meter(BenchServer server, KafkaBroker kafka, EmbeddedPostgres pg) throws java.sql.SQLException {
        try (java.sql.Connection c = pg.connect()) {
            Map<String, Long> processes = new LinkedHashMap<>();
            processes.put("server", server.jvm().pid());
            processes.put("Kafka", kafka.jvm().pid());
            processes.put("PostgreSQL", CpuMeter.postgresPid(c));
            return CpuMeter.of(processes);
        }
    }

    static String description(String pipeline) {
        return pipeline.equals("cdcbridge")
                ? "cdcbridge-kafka (cdc-json) -> dedup by event time -> enrichment -> cdcbridge-jdbc (guard on updated_at)"
                : "kafka (debezium-json) -> enrichment -> Flink's jdbc sink (flush 5000 rows, reWriteBatchedInserts)";
    }

    // Every event keyed by its user; then one marker per partition, after which that partition holds nothing more.
    private void produce(KafkaBroker kafka, UserEvents generated) throws Exception {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrap());
        p.put(ProducerConfig.LINGER_MS_CONFIG, "20");
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, "524288");
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
            long n = 0;
            for (UserEvents.Event e : generated.events) {
                producer.send(new ProducerRecord<>(TOPIC, bytes(e.key()), bytes(e.value())));
                if (++n % 10_000 == 0) progress.report("producing events", n, generated.events.size(), "events");
            }
            for (int partition = 0; partition < PARTITIONS; partition++) {
                UserEvents.User marker = marker(partition);
                producer.send(new ProducerRecord<>(TOPIC, partition, bytes("{\"user_id\":" + marker.id() + "}"),
                        bytes("{\"before\":null,\"after\":" + marker.json() + ",\"op\":\"c\",\"ts_ms\":" + (generated.lastMillis() + 1) + "}")));
            }
            producer.flush();
        }
    }

    private static UserEvents.User marker(int partition) {
        return new UserEvents.User(-1 - partition, "marker", "marker@example.com", "US", UserEvents.BASE_MILLIS);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    // The markers are looked up by key every 100 ms, the rows counted (a scan of the table) every 2 s for progress:
    // a count every 100 ms cost PostgreSQL more CPU than some pipelines' writes, and the slower pipeline more of it.
    private void awaitMarkers(EmbeddedPostgres pg, String table, BenchServer server) throws Exception {
        String markerKeys = java.util.stream.IntStream.range(0, PARTITIONS).mapToObj(p -> Long.toString(marker(p).id()))
                .collect(java.util.stream.Collectors.joining(", "));
        try (CountQuery applied = new CountQuery(pg.connect(), "SELECT count(*) FROM " + table);
             CountQuery markers = new CountQuery(pg.connect(), "SELECT count(*) FROM " + table + " WHERE user_id IN (" + markerKeys + ")")) {
            long last = -1, lastChange = System.nanoTime(), lastCount = 0;
            while (markers.count() < PARTITIONS) {
                if (System.nanoTime() - lastCount > 2_000_000_000L) {
                    long n = applied.count();
                    progress.report("applying", n, 0, "users in the target");
                    if (n != last) {
                        last = n;
                        lastChange = System.nanoTime();
                    } else if (System.nanoTime() - lastChange > 180_000_000_000L) {
                        throw new IllegalStateException("the target stopped at " + n + " users without the last events");
                    }
                    server.check();
                    lastCount = System.nanoTime();
                }
                Thread.sleep(100);
            }
        }
    }

    // What the events make: each user's last state enriched (deleted users flagged where the pipeline keeps them),
    // the markers included; written to a table beside the target and compared row by row.
    private TargetCheck.Result compare(EmbeddedPostgres pg, String table, UserEvents generated, boolean softDeletes) throws Exception {
        String expected = table + "_expected";
        pg.execute("DROP TABLE IF EXISTS " + expected, "CREATE TABLE " + expected + " (LIKE " + table + ")");
        List<UserEvents.Expected> rows = new ArrayList<>(generated.expected.values());
        for (int p = 0; p < PARTITIONS; p++) rows.add(new UserEvents.Expected(marker(p), false));
        try (Connection c = pg.connect(); PreparedStatement insert = c.prepareStatement("INSERT INTO " + expected + " (" + COLUMNS
                + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (UserEvents.Expected e : rows) {
                if (e.deleted() && !softDeletes) continue;
                insert.setLong(1, e.user().id());
                insert.setString(2, e.user().name());
                insert.setString(3, e.user().email());
                insert.setString(4, e.domain());
                insert.setString(5, e.user().country());
                insert.setString(6, UserEvents.COUNTRY_NAMES.get(e.user().country()));
                insert.setBoolean(7, UserEvents.CORPORATE.contains(e.domain()));
                insert.setBoolean(8, e.deleted());
                insert.setTimestamp(9, Timestamp.valueOf(e.updatedAt()));
                insert.addBatch();
            }
            insert.executeBatch();
        }
        try (Connection s = pg.connect(); Connection t = pg.connect()) {
            return TargetCheck.compare(s, "SELECT " + COLUMNS + " FROM " + expected + " ORDER BY user_id", t,
                    "SELECT " + COLUMNS + " FROM " + table + " ORDER BY user_id");
        }
    }

    private static final String COUNTRY_DIM = """
            CREATE TEMPORARY VIEW country_dim AS SELECT * FROM (VALUES ('US', 'United States'), ('IN', 'India'),
              ('DE', 'Germany'), ('SG', 'Singapore')) AS t(country_code, country_name);
            """;
    private static final String ENRICHED = """
            u.user_id, u.name, u.email, SUBSTRING(u.email FROM POSITION('@' IN u.email) + 1) AS email_domain, u.country_code,
              d.country_name, SUBSTRING(u.email FROM POSITION('@' IN u.email) + 1) IN ('contoso.com', 'autodesk.com', 'company.com')""";

    private static String sink(String connector, String table, Map<String, String> more) {
        Map<String, String> sink = new LinkedHashMap<>();
        sink.put("connector", connector);
        sink.put("url", "jdbc:postgresql://${POSTGRES_HOST}:${POSTGRES_PORT}/${POSTGRES_DATABASE}" + (connector.equals("jdbc") ? "?reWriteBatchedInserts=true" : ""));
        sink.put("username", "${POSTGRES_USER}");
        sink.put("password", "${POSTGRES_PASSWORD}");
        sink.put("table-name", table);
        sink.putAll(more);
        return "CREATE TABLE users_target (user_id BIGINT, name STRING, email STRING, email_domain STRING, country_code STRING,"
                + " country_name STRING, is_corporate BOOLEAN, is_deleted BOOLEAN, updated_at TIMESTAMP(3), PRIMARY KEY (user_id) NOT ENFORCED)"
                + " WITH (" + FlinkScripts.options(sink) + ");\n";
    }

    private static final String SETTINGS = """
            SET 'parallelism.default' = '2';
            SET 'execution.checkpointing.interval' = '5s';
            SET 'table.local-time-zone' = 'UTC';
            """;

    // the users-migration example's statement: events checked by cdc-json, the latest per user by event time, enriched
    static String cdcbridgeScript(String table, Map<String, String> sinkOptions) {
        Map<String, String> sinkTable = new LinkedHashMap<>(Map.of("version-column", "updated_at"));
        sinkTable.putAll(sinkOptions);
        return SETTINGS + """
                SET 'table.exec.sink.upsert-materialize' = 'NONE';
                CREATE TABLE users_cdc (op STRING,
                  `before` ROW<user_id BIGINT, name STRING, email STRING, country_code STRING, updated_at BIGINT>,
                  `after` ROW<user_id BIGINT, name STRING, email STRING, country_code STRING, updated_at BIGINT>, ts_ms BIGINT,
                  ts AS TO_TIMESTAMP_LTZ(ts_ms, 3), WATERMARK FOR ts AS ts - INTERVAL '10' SECOND)
                WITH ('connector' = 'cdcbridge-kafka', 'topic' = '%s', 'properties.bootstrap.servers' = '${KAFKA_BOOTSTRAP_SERVERS}',
                  'properties.group.id' = 'bench-cdcbridge', 'scan.startup.mode' = 'earliest-offset', 'format' = 'cdc-json',
                  'cdc-json.key-fields' = 'user_id', 'cdc-json.timestamp-field' = 'ts_ms');
                CREATE TEMPORARY VIEW users_changes AS SELECT
                  CASE WHEN op = 'd' THEN `before`.user_id ELSE `after`.user_id END AS user_id,
                  CASE WHEN op = 'd' THEN `before`.name ELSE `after`.name END AS name,
                  CASE WHEN op = 'd' THEN `before`.email ELSE `after`.email END AS email,
                  CASE WHEN op = 'd' THEN `before`.country_code ELSE `after`.country_code END AS country_code,
                  CASE WHEN op = 'd' THEN `before`.updated_at ELSE `after`.updated_at END AS updated_at,
                  (op = 'd') AS is_deleted, ts
                FROM users_cdc;
                CREATE TEMPORARY VIEW users_latest AS SELECT * FROM (
                  SELECT *, ROW_NUMBER() OVER (PARTITION BY user_id ORDER BY ts DESC) AS rn FROM users_changes) WHERE rn = 1;
                """.formatted(TOPIC) + COUNTRY_DIM + sink("cdcbridge-jdbc", table, sinkTable) + """
                SET 'client.statement-name' = 'bench-cdcbridge';
                INSERT INTO users_target SELECT %s, u.is_deleted, CAST(TO_TIMESTAMP_LTZ(u.updated_at, 3) AS TIMESTAMP(3))
                  FROM users_latest u LEFT JOIN country_dim d ON u.country_code = d.country_code;
                """.formatted(ENRICHED);
    }

    // Flink's own way: debezium-json turns the events into a changelog (a delete retracts the row), Flink's jdbc sink
    static String stockScript(String table) {
        return SETTINGS + """
                SET 'execution.buffer-timeout.interval' = '100ms';
                SET 'pipeline.object-reuse' = 'false';
                CREATE TABLE users_cdc (user_id BIGINT, name STRING, email STRING, country_code STRING, updated_at BIGINT)
                WITH ('connector' = 'kafka', 'topic' = '%s', 'properties.bootstrap.servers' = '${KAFKA_BOOTSTRAP_SERVERS}',
                  'properties.group.id' = 'bench-stock-flink', 'scan.startup.mode' = 'earliest-offset', 'format' = 'debezium-json');
                """.formatted(TOPIC) + COUNTRY_DIM + sink("jdbc", table, Map.of("sink.buffer-flush.max-rows", "5000")) + """
                SET 'client.statement-name' = 'bench-stock-flink';
                INSERT INTO users_target SELECT %s, FALSE, CAST(TO_TIMESTAMP_LTZ(u.updated_at, 3) AS TIMESTAMP(3))
                  FROM users_cdc u LEFT JOIN country_dim d ON u.country_code = d.country_code;
                """.formatted(ENRICHED);
    }

    private static String limits(DecodeLimits.Rates decoding, KafkaLimits.Rates broker) {
        if (decoding == null) return "";
        return String.format(Locale.ROOT, "%nLimits, measured first: decoding alone, events per CPU second of one thread: cdc-json"
                + " in one pass %s, cdc-json through its tree path %s, debezium-json %s; the events framed with their schema as"
                + " JsonConverter writes them: cdc-json %s, debezium-json (schema-include) %s; a broker alone, records/s: produced %s,"
                + " consumed by one consumer %s.%n", ReportNumbers.num(decoding.onePass()), ReportNumbers.num(decoding.treePath()),
                ReportNumbers.num(decoding.debeziumJson()), ReportNumbers.num(decoding.onePassFramed()),
                ReportNumbers.num(decoding.debeziumJsonFramed()), ReportNumbers.num(broker.produce()), ReportNumbers.num(broker.consume()));
    }

    private String markdown(List<Result> results, UserEvents generated, String loadBefore, String loadAfter) {
        StringBuilder out = new StringBuilder("## kafka-pg, " + events + " events\n\n");
        out.append(String.format(Locale.ROOT, "Machine: %d cores, shared with other work: load average %s at the start, %s at"
                + " the end. %d change events (%d users, %d deletes) already on a %d-partition topic, read from the start.%n%n",
                Runtime.getRuntime().availableProcessors(), loadBefore, loadAfter, events, generated.expected.size(),
                generated.expected.values().stream().filter(UserEvents.Expected::deleted).count(), PARTITIONS));
        if (!settings.isEmpty()) out.append("Set before both pipelines' statements: ").append(settings).append(".\n\n");
        if (!sinkOptions.isEmpty()) out.append("cdcbridge's sink table also has: ").append(sinkOptions).append(".\n\n");
        out.append("| pipeline | events/s | CPU s (server, Kafka, PostgreSQL) | events per CPU second | peak RSS MiB | target = expected |\n"
                + "|---|---|---|---|---|---|\n");
        for (Result r : results) {
            out.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s |%n", r.pipeline(), ReportNumbers.num(r.eventsPerSecond()),
                    CpuMeter.format(r.cpuSeconds()), ReportNumbers.num(r.eventsPerCpuSecond(events)),
                    r.peakRssBytes().entrySet().stream().map(e -> e.getKey() + " " + (e.getValue() >> 20)).toList(),
                    r.error() != null ? "FAILED: " + r.error() : r.check()));
        }
        Optional<Result> ours = results.stream().filter(r -> r.pipeline().equals("cdcbridge")).findFirst();
        Optional<Result> stock = results.stream().filter(r -> r.pipeline().equals("stock-flink")).findFirst();
        if (ours.isPresent() && stock.isPresent()) {
            out.append(String.format(Locale.ROOT, "%n- cdcbridge / stock-flink: **%sx** events/s, **%sx** events per CPU second"
                    + " (the CPU all three processes used: the figure a busy machine does not move)%n%n",
                    ReportNumbers.ratio(ours.get().eventsPerSecond(), stock.get().eventsPerSecond()),
                    ReportNumbers.ratio(ours.get().eventsPerCpuSecond(events), stock.get().eventsPerCpuSecond(events))));
        }
        for (String p : PIPELINES) out.append("- `").append(p).append("`: ").append(description(p)).append('\n');
        return out.toString();
    }
}
