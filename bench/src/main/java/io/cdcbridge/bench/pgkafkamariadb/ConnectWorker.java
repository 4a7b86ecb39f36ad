package io.cdcbridge.bench.pgkafkamariadb;

import com.fasterxml.jackson.databind.JsonNode;
import io.cdcbridge.bench.process.ChildJvm;
import io.cdcbridge.control.workspace.Json;
import io.cdcbridge.embedded.EmbeddedDatabase;
import io.cdcbridge.embedded.FreePorts;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * The baseline of {@code pg-kafka-mariadb}: Debezium's PostgreSQL connector and Debezium's JDBC sink connector on a
 * Kafka Connect standalone worker in a JVM of its own, as users of the PostgreSQL -> Kafka -> MySQL path run them.
 * The worker and the two plugins come from Maven Central (bench/connect/pom.xml, resolved by Maven into
 * bench/target/connect: the worker's class path and one folder per plugin, without the worker's own Jackson and
 * SLF4J). Events are JSON with schemas; deletes reach the target as soft deletes through ExtractNewRecordState's
 * {@code rewrite} mode ({@code __deleted} = 'true').
 */
final class ConnectWorker implements AutoCloseable {

    static final String SOURCE = "bench-source";
    static final String SINK = "bench-sink";

    private final ChildJvm jvm;
    private final String rest;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private ConnectWorker(ChildJvm jvm, String rest) {
        this.jvm = jvm;
        this.rest = rest;
    }

    /**
     * Starts a worker running the source (table inventory.customers of {@code pg} into topic {@code topic}, through
     * replication slot and publication {@code slot}) and the sink (the topic into {@code targetTable} of {@code mariadb}).
     */
    static ConnectWorker start(Path root, Path dir, boolean tuned, String bootstrap, EmbeddedDatabase pg, String slot,
                               String topicPrefix, EmbeddedDatabase mariadb, String targetTable) throws Exception {
        Path jars = resolve(root);
        Files.createDirectories(dir);
        int port = FreePorts.next();
        Path worker = write(dir.resolve("worker.properties"), worker(tuned, bootstrap, jars.resolve("plugins"), dir.resolve("offsets"), port));
        Path source = write(dir.resolve("source.properties"), source(tuned, pg, slot, topicPrefix));
        Path sink = write(dir.resolve("sink.properties"), sink(tuned, mariadb, topicPrefix + ".inventory.customers", targetTable));
        Path log4j = dir.resolve("log4j.properties");
        Files.writeString(log4j, """
                log4j.rootLogger=WARN, file
                log4j.appender.file=org.apache.log4j.FileAppender
                log4j.appender.file.File=%s
                log4j.appender.file.layout=org.apache.log4j.PatternLayout
                log4j.appender.file.layout.ConversionPattern=%%d %%p %%c{1} %%m%%n
                """.formatted(dir.resolve("connect.log")));
        // Kafka's scripts give Connect -Xms256M -Xmx2G (KAFKA_HEAP_OPTS), G1
        ChildJvm jvm = ChildJvm.start("Kafka Connect", List.of("-Xms256m", "-Xmx2g", "-XX:+UseG1GC",
                        "-Dlog4j.configuration=" + log4j.toUri()), jars.resolve("runtime") + "/*",
                "org.apache.kafka.connect.cli.ConnectStandalone",
                List.of(worker.toString(), source.toString(), sink.toString()), dir.resolve("stdout.log"));
        return new ConnectWorker(jvm, "http://127.0.0.1:" + port);
    }

    static Map<String, String> worker(boolean tuned, String bootstrap, Path pluginPath, Path offsets, int port) {
        Map<String, String> w = new LinkedHashMap<>();
        w.put("bootstrap.servers", bootstrap);
        w.put("key.converter", "org.apache.kafka.connect.json.JsonConverter");
        w.put("value.converter", "org.apache.kafka.connect.json.JsonConverter");
        w.put("key.converter.schemas.enable", "true");
        w.put("value.converter.schemas.enable", "true");
        w.put("offset.storage.file.filename", offsets.toString());
        w.put("plugin.path", pluginPath.toString());
        w.put("listeners", "http://127.0.0.1:" + port);
        if (tuned) {
            // larger producer batches, a little linger, and the sink's consumer fetching a whole sink batch per poll
            w.put("producer.linger.ms", "20");
            w.put("producer.batch.size", "524288");
            w.put("consumer.max.poll.records", "5000");
            w.put("consumer.fetch.min.bytes", "65536");
            w.put("consumer.fetch.max.wait.ms", "50");
        }
        return w;
    }

    static Map<String, String> source(boolean tuned, EmbeddedDatabase pg, String slot, String topicPrefix) {
        Map<String, String> s = new LinkedHashMap<>();
        s.put("name", SOURCE);
        s.put("connector.class", "io.debezium.connector.postgresql.PostgresConnector");
        s.put("tasks.max", "1");
        s.put("database.hostname", pg.host());
        s.put("database.port", "" + pg.port());
        s.put("database.user", pg.user());
        s.put("database.password", pg.password());
        s.put("database.dbname", pg.database());
        s.put("topic.prefix", topicPrefix);
        s.put("table.include.list", "inventory.customers");
        s.put("plugin.name", "pgoutput");
        s.put("slot.name", slot);
        s.put("publication.name", slot);
        s.put("publication.autocreate.mode", "filtered");
        if (tuned) {
            // Debezium's batch and queue (2048 / 8192 by default), snapshot fetch size, and its empty-poll sleep (500 ms)
            s.put("max.batch.size", "20480");
            s.put("max.queue.size", "81920");
            s.put("snapshot.fetch.size", "20480");
            s.put("poll.interval.ms", "50");
        }
        return s;
    }

    static Map<String, String> sink(boolean tuned, EmbeddedDatabase mariadb, String topic, String table) {
        Map<String, String> s = new LinkedHashMap<>();
        s.put("name", SINK);
        s.put("connector.class", "io.debezium.connector.jdbc.JdbcSinkConnector");
        s.put("tasks.max", "1");
        s.put("topics", topic);
        // MariaDB Connector/J 3's bulk protocol for batched upserts: its form of reWriteBatchedInserts
        s.put("connection.url", mariadb.jdbcUrl() + (tuned ? "?useBulkStmts=true" : ""));
        s.put("connection.username", mariadb.user());
        s.put("connection.password", mariadb.password());
        s.put("insert.mode", "upsert");
        s.put("primary.key.mode", "record_key");
        s.put("primary.key.fields", "id");
        s.put("delete.enabled", "false");
        s.put("schema.evolution", "none");
        s.put("table.name.format", table);
        s.put("transforms", "unwrap");
        s.put("transforms.unwrap.type", "io.debezium.transforms.ExtractNewRecordState");
        s.put("transforms.unwrap.delete.tombstone.handling.mode", "rewrite");
        if (tuned) s.put("batch.size", "5000");
        return s;
    }

    /**
     * Waits until the worker's REST API answers, which it does once it has scanned its plugins and goes on to create
     * the connectors it was given; returns {@link System#nanoTime()} then, where the snapshot is timed from, as a
     * cdcbridge statement's from its submission to a running server: the connectors' start counts. (Created over
     * REST instead, the JDBC sink connector ran without tasks on this worker.)
     */
    long awaitAnswering(long timeoutSeconds) throws InterruptedException {
        long deadline = System.nanoTime() + timeoutSeconds * 1_000_000_000L;
        while (get(rest + "/connectors") != 200) {
            jvm.requireAlive();
            if (System.nanoTime() > deadline) throw new IllegalStateException("the Connect worker did not answer within " + timeoutSeconds + " s; log: " + jvm.log());
            Thread.sleep(50);
        }
        return System.nanoTime();
    }

    // The status code of a GET, or 0 while nothing listens.
    private int get(String url) throws InterruptedException {
        try {
            return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return 0;
        }
    }

    /** Waits until both connectors and their tasks run; fails naming a failed task's trace, or the worker's end. */
    void awaitRunning(long timeoutSeconds) throws InterruptedException {
        long deadline = System.nanoTime() + timeoutSeconds * 1_000_000_000L;
        while (true) {
            jvm.requireAlive();
            boolean running = true;
            for (String name : List.of(SOURCE, SINK)) {
                JsonNode status = status(name);
                if (status == null) {
                    running = false;
                    continue;
                }
                for (JsonNode task : status.path("tasks")) {
                    if (task.path("state").asText().equals("FAILED")) {
                        throw new IllegalStateException(name + " failed: " + task.path("trace").asText().lines().findFirst().orElse(""));
                    }
                }
                running &= status.path("connector").path("state").asText().equals("RUNNING") && status.path("tasks").size() > 0
                        && status.path("tasks").findValuesAsText("state").stream().allMatch("RUNNING"::equals);
            }
            if (running) return;
            if (System.nanoTime() > deadline) throw new IllegalStateException("the connectors did not run within " + timeoutSeconds + " s; log: " + jvm.log());
            Thread.sleep(200);
        }
    }

    /** A task that has failed since, named with the first line of its trace; null when all run. */
    String failure() {
        for (String name : List.of(SOURCE, SINK)) {
            JsonNode status = status(name);
            if (status == null) continue;
            for (JsonNode task : status.path("tasks")) {
                if (task.path("state").asText().equals("FAILED")) {
                    return name + " failed: " + task.path("trace").asText().lines().findFirst().orElse("");
                }
            }
        }
        return null;
    }

    private JsonNode status(String connector) {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(rest + "/connectors/" + connector + "/status"))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 ? Json.MAPPER.readTree(r.body()) : null;
        } catch (IOException e) {
            return null; // not listening yet
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    ChildJvm jvm() {
        return jvm;
    }

    @Override
    public void close() {
        jvm.close();
    }

    // Resolves the worker's class path and the two plugins with Maven into bench/target/connect, once.
    private static synchronized Path resolve(Path root) throws IOException, InterruptedException {
        Path out = root.resolve("bench/target/connect");
        for (String profile : List.of("runtime", "postgres", "jdbc")) {
            Path dir = profile.equals("runtime") ? out.resolve("runtime") : out.resolve("plugins").resolve(profile);
            if (Files.isDirectory(dir)) continue;
            List<String> command = new ArrayList<>(List.of(root.resolve("mvnw").toString(), "-B", "-q", "-f",
                    root.resolve("bench/connect/pom.xml").toString(), "-P", profile, "dependency:copy-dependencies",
                    "-DincludeScope=runtime", "-DoutputDirectory=" + dir));
            Process p = new ProcessBuilder(command).directory(root.toFile()).inheritIO().start();
            if (p.waitFor() != 0) {
                throw new IllegalStateException("Maven could not resolve Kafka Connect's " + profile + " jars (command: "
                        + String.join(" ", command) + ")");
            }
        }
        return out;
    }

    private static Path write(Path file, Map<String, String> settings) {
        Properties p = new Properties();
        p.putAll(settings);
        StringWriter text = new StringWriter();
        try {
            p.store(text, null);
            Files.writeString(file, text.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }
}
