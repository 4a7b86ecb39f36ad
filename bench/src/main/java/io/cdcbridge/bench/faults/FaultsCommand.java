package io.cdcbridge.bench.faults;

import io.cdcbridge.cli.topic.TopicReader;
import io.cdcbridge.connectors.deadletter.DeadLetter;
import io.cdcbridge.connectors.kafka.MalformedEvents;
import io.cdcbridge.embedded.EmbeddedKafka;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.table.api.TableResult;
import org.apache.flink.types.Row;
import org.apache.flink.util.CloseableIterator;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code bench/run faults}: fuzzed malformed change events of every kind the connectors' tests know, shuffled among
 * good ones, through {@code cdcbridge-kafka} with {@code cdc-json} on an embedded Kafka and a local Flink. Every
 * malformed event must become a dead letter with its kind's reason, every good one a row exactly once; the report
 * counts what did not.
 */
@Command(name = "faults", mixinStandardHelpOptions = true,
        description = "Fuzzed malformed events among good ones through cdcbridge-kafka and cdc-json: dead letters, rows, what is missing.")
public final class FaultsCommand implements Callable<Integer> {

    @Option(names = "--good", defaultValue = "20000", description = "Good change events (default: ${DEFAULT-VALUE}).")
    int good;

    @Option(names = "--malformed", defaultValue = "10000", description = "Malformed ones (default: ${DEFAULT-VALUE}).")
    int malformed;

    @Option(names = "--seed", defaultValue = "14", description = "Seed of the fuzzing (default: ${DEFAULT-VALUE}).")
    long seed;

    @Override
    public Integer call() throws Exception {
        List<MalformedEvents> kinds = MalformedEvents.all();
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            kafka.createTopic("fuzz_cdc", 4);
            produce(kafka.bootstrapServers(), kinds);
            long began = System.nanoTime();
            TableEnvironment env = TableEnvironment.create(EnvironmentSettings.inStreamingMode());
            env.getConfig().set("pipeline.name", "faults");
            env.getConfig().set("parallelism.default", "2");
            env.getConfig().set("restart-strategy.type", "none");
            env.getConfig().set("execution.checkpointing.interval", "1s");
            env.executeSql("CREATE TABLE fuzz_raw (op STRING, `after` ROW<user_id BIGINT, name STRING, email STRING>,"
                    + " timestamp_ms BIGINT) WITH ('connector' = 'cdcbridge-kafka', 'topic' = 'fuzz_cdc',"
                    + " 'properties.bootstrap.servers' = '" + kafka.bootstrapServers() + "', 'properties.group.id' = 'faults',"
                    + " 'scan.startup.mode' = 'earliest-offset', 'format' = 'cdc-json', 'cdc-json.key-fields' = 'user_id',"
                    + " 'cdc-json.timestamp-field' = 'timestamp_ms')");
            TableResult result = env.executeSql("SELECT `after`.user_id, `after`.name FROM fuzz_raw");
            Map<Long, Integer> seen = new ConcurrentHashMap<>();
            AtomicLong differing = new AtomicLong();
            AtomicLong rows = new AtomicLong();
            try (CloseableIterator<Row> it = result.collect()) {
                // drained in the background: a lost event would leave the iterator waiting for ever
                Thread drain = new Thread(() -> {
                    // ends with the job, cancelled when the report is written
                    while (hasNext(it)) {
                        Row r = it.next();
                        long id = (Long) r.getField(0);
                        seen.merge(id, 1, Integer::sum);
                        if (!("User " + id).equals(r.getField(1))) differing.incrementAndGet();
                        rows.incrementAndGet();
                    }
                }, "faults-rows");
                drain.setDaemon(true);
                drain.start();
                long last = -1;
                long quietSince = System.nanoTime();
                while (rows.get() < good && System.nanoTime() - quietSince < Duration.ofSeconds(60).toNanos()) {
                    Thread.sleep(200);
                    if (rows.get() != last) {
                        last = rows.get();
                        quietSince = System.nanoTime();
                    }
                }
                // a replay would come late: give it a moment
                Thread.sleep(2000);
                Map<MalformedEvents, Integer> letters = new EnumMap<>(MalformedEvents.class);
                int[] wrongReason = {0};
                int lettersRead = TopicReader.readRecords(kafka.bootstrapServers(), "fuzz_cdc_dlq", true, malformed,
                        Duration.ofSeconds(30), r -> {
                            String key = new String(r.key(), StandardCharsets.UTF_8);
                            MalformedEvents kind = kinds.get(Integer.parseInt(key.substring("bad-".length())) % kinds.size());
                            letters.merge(kind, 1, Integer::sum);
                            Header reason = r.headers().lastHeader(DeadLetter.REASON);
                            String text = reason == null ? null : new String(reason.value(), StandardCharsets.UTF_8);
                            if (text == null || !text.startsWith(kind.reasonStart)) {
                                if (wrongReason[0]++ < 5) System.out.println("  " + kind + " with the reason: " + text);
                            }
                        });
                double seconds = (System.nanoTime() - began) / 1e9;
                long missing = 0;
                for (long id = 1; id <= good; id++) if (!seen.containsKey(id)) missing++;
                long extra = seen.keySet().stream().filter(id -> id < 1 || id > good).count();
                long replayed = seen.values().stream().mapToLong(n -> n - 1).sum();
                System.out.printf("faults: %d good and %d malformed change events (%d kinds, seed %d), %.1f s%n",
                        good, malformed, kinds.size(), seed, seconds);
                System.out.printf("rows: %d of %d; missing %d, extra %d, differing %d, replayed %d%n",
                        seen.size(), good, missing, extra, differing.get(), replayed);
                System.out.printf("dead letters: %d of %d; with another kind's reason %d; not dead-lettered %d%n",
                        lettersRead, malformed, wrongReason[0], malformed - lettersRead);
                letters.forEach((kind, n) -> System.out.printf("  %-22s %d%n", kind, n));
                System.out.println("kills: 0 (this scenario injects input faults only)");
                return missing == 0 && extra == 0 && differing.get() == 0 && replayed == 0 && lettersRead == malformed && wrongReason[0] == 0 ? 0 : 1;
            }
        }
    }

    private void produce(String bootstrap, List<MalformedEvents> kinds) {
        Random random = new Random(seed);
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < good + malformed; i++) order.add(i);
        Collections.shuffle(order, random);
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.LINGER_MS_CONFIG, "20");
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
            for (int i : order) {
                producer.send(i < good
                        ? new ProducerRecord<>("fuzz_cdc", utf8(String.valueOf(i + 1)), MalformedEvents.good(i + 1, 1_726_531_200_000L + i))
                        : new ProducerRecord<>("fuzz_cdc", utf8("bad-" + (i - good)), kinds.get((i - good) % kinds.size()).event(random)));
            }
            producer.flush();
        }
    }

    private static boolean hasNext(CloseableIterator<Row> it) {
        try {
            return it.hasNext();
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
