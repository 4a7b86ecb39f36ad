package io.cdcbridge.engine.probe.kafka;

import io.cdcbridge.control.engine.EngineException;
import io.cdcbridge.control.engine.TopicRecord;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * A Kafka table's topic read and written as bytes, outside any job: its end offsets, a range of its records, records
 * written to it (verification reads what a statement wrote, and repairs a keyed topic). No consumer group: offsets
 * are assigned, never committed.
 */
public final class TopicAccess {

    private static final Duration TIMEOUT = Duration.ofSeconds(15);

    private TopicAccess() {}

    /** The topic's end offsets per partition. */
    public static Map<Integer, Long> ends(Map<String, String> o) throws EngineException {
        try (KafkaConsumer<byte[], byte[]> consumer = consumer(o)) {
            Map<Integer, Long> out = new TreeMap<>();
            consumer.endOffsets(partitions(consumer, o.get("topic")), TIMEOUT).forEach((tp, end) -> out.put(tp.partition(), end));
            return out;
        } catch (RuntimeException e) {
            throw failed("read the end offsets of", o, e);
        }
    }

    /** The records of each partition from {@code from} (else its earliest) up to {@code to} (exclusive). */
    public static void read(Map<String, String> o, Map<Integer, Long> from, Map<Integer, Long> to, Consumer<TopicRecord> each)
            throws EngineException {
        try (KafkaConsumer<byte[], byte[]> consumer = consumer(o)) {
            List<TopicPartition> all = partitions(consumer, o.get("topic"));
            Map<TopicPartition, Long> begin = consumer.beginningOffsets(all, TIMEOUT);
            Map<TopicPartition, Long> remaining = new HashMap<>();
            List<TopicPartition> assigned = new ArrayList<>();
            for (TopicPartition tp : all) {
                long start = Math.max(from.getOrDefault(tp.partition(), 0L), begin.get(tp));
                long end = to.getOrDefault(tp.partition(), 0L);
                if (end > start) {
                    assigned.add(tp);
                    remaining.put(tp, end);
                }
            }
            consumer.assign(assigned);
            for (TopicPartition tp : assigned) consumer.seek(tp, Math.max(from.getOrDefault(tp.partition(), 0L), begin.get(tp)));
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
            while (!remaining.isEmpty()) {
                if (System.nanoTime() > deadline) throw new EngineException("topic '" + o.get("topic") + "': its records up to "
                        + to + " did not come within 5 minutes");
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    TopicPartition tp = new TopicPartition(r.topic(), r.partition());
                    Long end = remaining.get(tp);
                    if (end == null || r.offset() >= end) continue;
                    each.accept(new TopicRecord(r.partition(), r.offset(), r.key(), r.value()));
                }
                // a partition is done at its end offset (transaction markers and compaction leave gaps)
                for (TopicPartition tp : List.copyOf(remaining.keySet())) {
                    if (consumer.position(tp, TIMEOUT) >= remaining.get(tp)) {
                        remaining.remove(tp);
                        consumer.pause(List.of(tp));
                    }
                }
            }
        } catch (RuntimeException e) {
            throw failed("read", o, e);
        }
    }

    /** Writes the records, partitioned by their keys as the producer's default partitioner does (as a Kafka sink's). */
    public static void write(Map<String, String> o, Iterable<TopicRecord> records) throws EngineException {
        Properties p = clientProperties(o);
        p.setProperty(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.setProperty(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.setProperty(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p)) {
            for (TopicRecord r : records) producer.send(new ProducerRecord<>(o.get("topic"), r.key(), r.value()));
            producer.flush();
        } catch (RuntimeException e) {
            throw failed("write to", o, e);
        }
    }

    private static List<TopicPartition> partitions(KafkaConsumer<byte[], byte[]> consumer, String topic) throws EngineException {
        List<PartitionInfo> infos = consumer.partitionsFor(topic, TIMEOUT);
        if (infos == null || infos.isEmpty()) throw new EngineException("topic '" + topic + "' does not exist");
        return infos.stream().map(i -> new TopicPartition(topic, i.partition())).toList();
    }

    private static KafkaConsumer<byte[], byte[]> consumer(Map<String, String> o) {
        Properties p = clientProperties(o);
        p.setProperty(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        // asking for a topic that is not there yet must not create it (with the broker's default partitions)
        p.setProperty(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false");
        p.setProperty(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.setProperty(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.setProperty(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        return new KafkaConsumer<>(p);
    }

    // the table's client properties (security included), without its group: nothing is committed
    private static Properties clientProperties(Map<String, String> o) {
        Properties p = new Properties();
        o.forEach((k, v) -> {
            if (k.startsWith("properties.")) p.setProperty(k.substring("properties.".length()), v);
        });
        p.remove("group.id");
        p.remove("transactional.id");
        return p;
    }

    private static EngineException failed(String what, Map<String, String> o, RuntimeException e) {
        return new EngineException("cannot " + what + " topic '" + o.get("topic") + "' on Kafka at "
                + o.get("properties.bootstrap.servers") + ": " + e.getMessage(), e);
    }
}
