package io.cdcbridge.bench.limits;

import io.cdcbridge.bench.process.KafkaBroker;
import io.cdcbridge.bench.report.Progress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * What the broker does alone: keyed records of a pipeline's event size produced to a topic of as many partitions as
 * the pipelines use (acks=all, 20 ms linger, 512 KiB batches), then read back by one consumer. No pipeline can move
 * change events through the broker faster.
 */
public final class KafkaLimits {

    /** Records per second produced, and consumed. */
    public record Rates(double produce, double consume) {}

    private KafkaLimits() {}

    public static Rates measure(KafkaBroker kafka, long records, int recordBytes, int partitions, Progress progress) throws Exception {
        String topic = "bench_limits";
        kafka.createTopic(topic, partitions);
        byte[] value = new byte[recordBytes];
        Arrays.fill(value, (byte) 'x');
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrap());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "20");
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, "524288");
        long start = System.nanoTime();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
            for (long i = 1; i <= records; i++) {
                byte[] key = ("{\"id\":" + i + "}").getBytes(StandardCharsets.UTF_8);
                producer.send(new ProducerRecord<>(topic, key, value));
                if (i % 10_000 == 0) progress.report("broker alone: produced", i, records, "records");
            }
            producer.flush();
        }
        double produce = records / ((System.nanoTime() - start) / 1e9);
        Properties c = new Properties();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrap());
        c.put(ConsumerConfig.GROUP_ID_CONFIG, "bench-limits");
        c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        c.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000");
        long read = 0;
        start = System.nanoTime();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(c, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + 300_000_000_000L;
            while (read < records) {
                ConsumerRecords<byte[], byte[]> batch = consumer.poll(Duration.ofMillis(500));
                read += batch.count();
                progress.report("broker alone: consumed", read, records, "records");
                if (System.nanoTime() > deadline) throw new IllegalStateException("the consumer read " + read + " of " + records + " records in 300 s");
            }
        }
        // the consumer's group join is part of what any pipeline's reader pays once, as here
        double consume = records / ((System.nanoTime() - start) / 1e9);
        return new Rates(produce, consume);
    }
}
