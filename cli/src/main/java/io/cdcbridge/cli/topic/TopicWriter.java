package io.cdcbridge.cli.topic;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Future;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** Writes records to a topic and waits until the broker acknowledged each: what the demos' producer steps use. */
public final class TopicWriter {

    private TopicWriter() {}

    /** Creates {@code topic} with {@code partitions} partitions (replication 1) unless it exists. */
    public static void create(String bootstrap, String topic, int partitions) {
        try (org.apache.kafka.clients.admin.Admin admin = org.apache.kafka.clients.admin.Admin.create(
                java.util.Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            admin.createTopics(List.of(new org.apache.kafka.clients.admin.NewTopic(topic, partitions, (short) 1)))
                    .all().get(30, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof org.apache.kafka.common.errors.TopicExistsException) return;
            throw new IllegalStateException("creating topic '" + topic + "' at " + bootstrap + " failed: " + e.getCause().getMessage(), e);
        } catch (Exception e) {
            if (e instanceof InterruptedException) Thread.currentThread().interrupt();
            throw new IllegalStateException("creating topic '" + topic + "' at " + bootstrap + " failed: " + e.getMessage(), e);
        }
    }

    /**
     * Writes each record to {@code topic}: to its partition if it names one (0 or more), else the partition its key
     * hashes to; with its timestamp if it has one (above 0), else the time of sending.
     */
    public static void write(String bootstrap, String topic, List<TopicRecord> records) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p)) {
            List<Future<RecordMetadata>> sent = new ArrayList<>();
            for (TopicRecord r : records) {
                sent.add(producer.send(new ProducerRecord<>(topic, r.partition() >= 0 ? r.partition() : null,
                        r.timestamp() > 0 ? r.timestamp() : null, bytes(r.key()), bytes(r.value()))));
            }
            for (Future<RecordMetadata> f : sent) f.get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            if (e instanceof InterruptedException) Thread.currentThread().interrupt();
            throw new IllegalStateException("writing to topic '" + topic + "' at " + bootstrap + " failed: " + e.getMessage(), e);
        }
    }

    private static byte[] bytes(String s) {
        return s == null ? null : s.getBytes(StandardCharsets.UTF_8);
    }
}
