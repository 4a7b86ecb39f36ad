package io.cdcbridge.connectors.deadletter;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Sends dead letters to a Kafka topic. Sending is asynchronous; {@link #flush()} blocks until every letter sent so
 * far is acknowledged, and callers flush before they acknowledge the input (at a checkpoint), so a rejected record
 * is never lost. A letter that cannot be delivered fails the caller at the next send or flush: never dropped.
 */
public final class DeadLetterQueue implements AutoCloseable {

    private final String topic;
    private final KafkaProducer<byte[], byte[]> producer;
    private final AtomicReference<Exception> failure = new AtomicReference<>();

    private DeadLetterQueue(String topic, KafkaProducer<byte[], byte[]> producer) {
        this.topic = topic;
        this.producer = producer;
    }

    /** A queue writing to the target's topic, idempotent and acknowledged by all replicas. */
    public static DeadLetterQueue open(DeadLetterTarget target) {
        Properties p = new Properties();
        p.putAll(target.producerProperties());
        p.putIfAbsent(ProducerConfig.ACKS_CONFIG, "all");
        p.putIfAbsent(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, "20");
        return new DeadLetterQueue(target.topic(), new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer()));
    }

    /** The topic letters go to. */
    public String topic() {
        return topic;
    }

    /** Sends a letter; throws if an earlier one could not be delivered. */
    public void send(DeadLetter letter) {
        rethrow();
        ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(topic, letter.key(), letter.value());
        for (Map.Entry<String, String> h : letter.headers().entrySet()) {
            record.headers().add(h.getKey(), h.getValue().getBytes(StandardCharsets.UTF_8));
        }
        producer.send(record, (meta, e) -> {
            if (e != null) failure.compareAndSet(null, e);
        });
    }

    /** Blocks until every letter sent so far is acknowledged; throws if one was not. */
    public void flush() {
        producer.flush();
        rethrow();
    }

    @Override
    public void close() {
        producer.close();
    }

    private void rethrow() {
        Exception e = failure.get();
        if (e != null) {
            throw new IllegalStateException("a dead letter could not be written to topic '" + topic + "': " + e.getMessage(), e);
        }
    }
}
