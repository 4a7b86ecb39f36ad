package io.cdcbridge.bench.verify;

import com.fasterxml.jackson.databind.JsonNode;
import io.cdcbridge.bench.process.BenchServer;
import io.cdcbridge.bench.process.KafkaBroker;
import io.cdcbridge.bench.report.LoadAverage;
import io.cdcbridge.bench.report.Progress;
import io.cdcbridge.bench.report.ReportFile;
import io.cdcbridge.cli.client.ServerClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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
 * {@code bench/run verify-topics --keys 1000000}: {@code cdcbridge verify} of a statement reading a topic a producer
 * fills and writing an upsert-kafka topic (neither end a database), in a server whose heap is small: the query run
 * again, both topics read and compared on disk in the server's verify memory.
 */
@Command(name = "verify-topics", mixinStandardHelpOptions = true,
        description = "Times cdcbridge verify of a statement writing a keyed topic from a topic, in a server of a small heap.")
public final class VerifyTopicsCommand implements Callable<Integer> {

    private static final String STATEMENT = "latest-copy";
    private static final int PARTITIONS = 2;

    @Option(names = "--keys", defaultValue = "1000000", description = "Keys in the topics (default ${DEFAULT-VALUE}).")
    long keys;

    @Option(names = "--versions", defaultValue = "2", description = "Records per key in the input, the latest one counting (default ${DEFAULT-VALUE}).")
    int versions;

    @Option(names = "--stop", defaultValue = "savepoint", description = "How the statement stops before it is verified: savepoint,"
            + " or no-savepoint (its latest offsets are then its last checkpoint's, what it wrote after it counted apart) (default ${DEFAULT-VALUE}).")
    String stop;

    @Option(names = "--server-heap", defaultValue = "384m", description = "Maximum heap of the cdcbridge server's JVM, as -Xmx takes it (default ${DEFAULT-VALUE}).")
    String serverHeap;

    @Mixin
    ReportFile report;

    @Override
    public Integer call() throws Exception {
        if (!List.of("savepoint", "no-savepoint").contains(stop)) {
            throw new IllegalArgumentException("--stop takes savepoint or no-savepoint, not '" + stop + "'");
        }
        boolean savepoint = stop.equals("savepoint");
        Progress progress = new Progress(System.err);
        Path dir = Files.createTempDirectory("cdcbridge-bench-verify-topics-");
        String loadBefore = LoadAverage.lastMinute();
        long records = keys * versions;
        try (KafkaBroker kafka = KafkaBroker.start(dir)) {
            kafka.createTopic("events", PARTITIONS);
            kafka.createTopic("latest", PARTITIONS);
            progress.say("producing " + records + " records (" + keys + " keys x " + versions + ") ...");
            produce(kafka.bootstrap(), keys, versions);
            String script = """
                    SET 'client.statement-name' = '%s';
                    CREATE TABLE events (id BIGINT, name STRING, version INT) WITH ('connector' = 'kafka', 'topic' = 'events',
                      'properties.bootstrap.servers' = '${KAFKA_BOOTSTRAP_SERVERS}', 'format' = 'json', 'scan.startup.mode' = 'earliest-offset');
                    CREATE TABLE latest (id BIGINT, name STRING, version INT, PRIMARY KEY (id) NOT ENFORCED) WITH ('connector' = 'upsert-kafka',
                      'topic' = 'latest', 'properties.bootstrap.servers' = '${KAFKA_BOOTSTRAP_SERVERS}', 'key.format' = 'json', 'value.format' = 'json');
                    INSERT INTO latest SELECT id, UPPER(name), version FROM events;
                    """.formatted(STATEMENT);
            try (BenchServer server = BenchServer.start(dir.resolve("server"), serverHeap, "topics.sql", script,
                    Map.of("KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrap()), List.of(STATEMENT), progress)) {
                long t0 = System.nanoTime();
                while (kafka.size("latest", PARTITIONS)[1] < records) {
                    server.check();
                    progress.report("statement writing", kafka.size("latest", PARTITIONS)[1], records, "records");
                    if (System.nanoTime() - t0 > 1_800_000_000_000L) throw new IllegalStateException("the statement did not write " + records + " records in 30 minutes");
                    Thread.sleep(1000);
                }
                ServerClient client = server.client();
                // with a savepoint its offsets are exactly what it read; without one its last checkpoint's, and what it
                // wrote from input read after it counts as written after the checkpoint
                client.stop(STATEMENT, savepoint);
                progress.say("verifying ...");
                long v0 = System.nanoTime();
                JsonNode verified = client.verify(STATEMENT, false);
                double seconds = (System.nanoTime() - v0) / 1e9;
                long expected = verified.path("source_rows").asLong(), after = verified.path("after_checkpoint").asLong();
                if (!verified.path("equal").asBoolean() || verified.path("target_rows").asLong() != records
                        || (savepoint ? expected != records : expected > records)) {
                    throw new IllegalStateException("the topics should be equal with " + records + " records written: " + verified.path("summary").asText());
                }
                String line = String.format(Locale.ROOT, "| %d | %d | %s | %s | %d | %d | %.1f | %.0f | %d |", keys, records, stop, serverHeap,
                        expected, after, seconds, 2 * records / seconds, server.jvm().peakRssBytes() >> 20);
                String markdown = "# verify-topics, " + keys + " keys, " + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm"))
                        + "\n\n" + Runtime.getRuntime().availableProcessors() + " cores, load average " + loadBefore + " before and "
                        + LoadAverage.lastMinute() + " after; the server's default --verify-memory\n\n"
                        + "| keys | records per side | stop | server -Xmx | records expected to the last checkpoint | keys written after it "
                        + "| verify s (query run again + both sides read, sorted, merged) | records compared /s | server peak RSS MiB |\n"
                        + "|---|---|---|---|---|---|---|---|---|\n" + line + "\n";
                Path file = report.write("verify-topics-" + keys + (savepoint ? "" : "-no-savepoint"), markdown);
                System.out.println(markdown);
                System.err.println("report: " + file);
            }
        }
        return 0;
    }

    // the input: each key's versions, the last one counting
    private static void produce(String bootstrap, long keys, int versions) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.LINGER_MS_CONFIG, "20");
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, "262144");
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
            for (int v = 0; v < versions; v++) {
                for (long id = 0; id < keys; id++) {
                    String value = "{\"id\":" + id + ",\"name\":\"customer " + id + " version " + v + "\",\"version\":" + v + "}";
                    // a key's versions in one partition, in order
                    producer.send(new ProducerRecord<>("events", (int) (id % PARTITIONS), null, value.getBytes(StandardCharsets.UTF_8)));
                }
            }
            producer.flush();
        }
    }
}
