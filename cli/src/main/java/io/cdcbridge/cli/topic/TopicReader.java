package io.cdcbridge.cli.topic;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/** Reads a topic without a consumer group (nothing is committed): what `cdcbridge consume` and the demos show. */
public final class TopicReader {

    // no record for this long before the topic's records as they were when asked are read: the broker is gone
    private static final Duration STALLED = Duration.ofSeconds(60);

    private TopicReader() {}

    /**
     * Calls {@code sink} for each record until {@code max} records were read (0: no limit) or, once the records the
     * topic held when asked are read, no record arrived for {@code idle}; returns how many were read.
     */
    public static int read(String bootstrap, String topic, boolean fromBeginning, int max, Duration idle,
                           Consumer<TopicRecord> sink) {
        return readRecords(bootstrap, topic, fromBeginning, max, idle, r -> {
            Map<String, String> headers = new LinkedHashMap<>();
            for (Header h : r.headers()) headers.put(h.key(), text(h.value()));
            sink.accept(new TopicRecord(r.topic(), r.partition(), r.offset(), r.timestamp(), text(r.key()), text(r.value()), headers));
        });
    }

    /**
     * As {@link #read}, each record as Kafka hands it over: key and value as the bytes they are. A topic that does not
     * exist (within {@code idle}, at least 10 s, as a job may be about to create it) fails saying so.
     */
    public static int readRecords(String bootstrap, String topic, boolean fromBeginning, int max, Duration idle,
                                  Consumer<ConsumerRecord<byte[], byte[]>> sink) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false");
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(p)) {
            return read(consumer, bootstrap, topic, fromBeginning, max, idle, sink);
        }
    }

    // the reading itself, with the consumer given (a test's MockConsumer)
    static int read(org.apache.kafka.clients.consumer.Consumer<byte[], byte[]> consumer, String bootstrap, String topic,
                    boolean fromBeginning, int max, Duration idle, Consumer<ConsumerRecord<byte[], byte[]>> sink) {
        int count = 0;
        List<TopicPartition> partitions = partitions(consumer, bootstrap, topic, idle);
        consumer.assign(partitions);
        if (fromBeginning) consumer.seekToBeginning(partitions);
        else consumer.seekToEnd(partitions);
        // what the topic holds now is read however slowly the first fetches come (a loaded machine); idle counts
        // from there, unless nothing comes for long (a broker gone)
        Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
        long lastSeen = System.nanoTime();
        while (max <= 0 || count < max) {
            var records = consumer.poll(Duration.ofMillis(200));
            for (ConsumerRecord<byte[], byte[]> r : records) {
                sink.accept(r);
                lastSeen = System.nanoTime();
                if (++count == max) break;
            }
            Duration quiet = Duration.ofNanos(System.nanoTime() - lastSeen);
            if (quiet.compareTo(idle) > 0 && (quiet.compareTo(STALLED) > 0 || caughtUp(consumer, ends))) break;
        }
        return count;
    }

    /** Every record in the topic, from the beginning: those it held when asked, then more until {@code idle} without one. */
    public static List<TopicRecord> all(String bootstrap, String topic, Duration idle) {
        List<TopicRecord> out = new ArrayList<>();
        read(bootstrap, topic, true, 0, idle, out::add);
        return out;
    }

    private static boolean caughtUp(org.apache.kafka.clients.consumer.Consumer<?, ?> consumer, Map<TopicPartition, Long> ends) {
        for (Map.Entry<TopicPartition, Long> end : ends.entrySet()) {
            if (consumer.position(end.getKey()) < end.getValue()) return false;
        }
        return true;
    }

    private static List<TopicPartition> partitions(org.apache.kafka.clients.consumer.Consumer<?, ?> consumer, String bootstrap, String topic, Duration wait) {
        long deadline = System.nanoTime() + Math.max(wait.toNanos(), Duration.ofSeconds(10).toNanos());
        while (true) {
            List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(5));
            if (infos != null && !infos.isEmpty()) {
                return infos.stream().map(i -> new TopicPartition(topic, i.partition())).toList();
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalArgumentException("topic '" + topic + "' does not exist at " + bootstrap);
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    private static String text(byte[] b) {
        return b == null ? null : new String(b, StandardCharsets.UTF_8);
    }
}
