package io.cdcbridge.connectors.deadletter;

import io.cdcbridge.connectors.kafkaclient.ProducerDefaults;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Properties;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends dead letters to a Kafka topic. Sending is asynchronous; {@link #flush()} blocks until every letter sent so
 * far is acknowledged, and callers flush before they acknowledge the input (at a checkpoint), so a rejected record
 * is never lost. A letter larger than the producer's {@code max.request.size} is cut to fit (see
 * {@link DeadLetter#cutTo}); one the broker still finds too large (a topic with a smaller {@code max.message.bytes})
 * is cut to half its size and sent again, down to its headers alone. A letter is logged once the broker
 * acknowledged it. A letter that cannot be delivered otherwise fails the caller at the next send or flush.
 */
public final class DeadLetterQueue implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterQueue.class);
    // Kafka's own default of max.request.size
    private static final int DEFAULT_MAX_REQUEST_SIZE = 1024 * 1024;

    private final String topic;
    private final KafkaProducer<byte[], byte[]> producer;
    private final int maxBytes;
    private final AtomicReference<Exception> failure = new AtomicReference<>();
    // letters the broker refused as too large, to send again cut smaller
    private final Queue<Pending> tooLarge = new ConcurrentLinkedQueue<>();
    // letters whose callback has not run yet: flush waits for them too, not only for the producer's own flush
    private long unanswered;

    private record Pending(DeadLetter letter, String origin) {}

    private DeadLetterQueue(String topic, KafkaProducer<byte[], byte[]> producer, int maxBytes) {
        this.topic = topic;
        this.producer = producer;
        this.maxBytes = maxBytes;
    }

    /** A queue writing to the target's topic, idempotent and acknowledged by all replicas. */
    public static DeadLetterQueue open(DeadLetterTarget target) {
        Properties p = new Properties();
        p.putAll(target.producerProperties());
        ProducerDefaults.apply(p);
        Object maxRequest = p.get(ProducerConfig.MAX_REQUEST_SIZE_CONFIG);
        int maxBytes = maxRequest == null ? DEFAULT_MAX_REQUEST_SIZE : Integer.parseInt(maxRequest.toString().trim());
        return new DeadLetterQueue(target.topic(), new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer()), maxBytes);
    }

    /** The topic letters go to. */
    public String topic() {
        return topic;
    }

    /**
     * Sends a letter; throws if an earlier one could not be delivered.
     *
     * @param origin what the letter is, for the log line written once it is acknowledged ("users_cdc-0 offset 560")
     */
    public void send(DeadLetter letter, String origin) {
        rethrow();
        resendTooLarge();
        sendCut(letter.cutTo(maxBytes), origin);
    }

    /** Blocks until every letter sent so far is acknowledged; throws if one was not. */
    public void flush() {
        producer.flush();
        awaitAnswers();
        while (!tooLarge.isEmpty()) {
            resendTooLarge();
            producer.flush();
            awaitAnswers();
        }
        rethrow();
    }

    private synchronized void awaitAnswers() {
        try {
            while (unanswered > 0) wait();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for dead letters to be acknowledged", e);
        }
    }

    private synchronized void answered() {
        if (--unanswered == 0) notifyAll();
    }

    @Override
    public void close() {
        producer.close();
    }

    private void sendCut(DeadLetter letter, String origin) {
        ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(topic, letter.key(), letter.value());
        for (Map.Entry<String, String> h : letter.headers().entrySet()) {
            record.headers().add(h.getKey(), h.getValue().getBytes(StandardCharsets.UTF_8));
        }
        synchronized (this) {
            unanswered++;
        }
        try {
            send(record, letter, origin);
        } catch (RuntimeException e) {
            // thrown instead of answered: no callback will come
            answered();
            throw e;
        }
    }

    private void send(ProducerRecord<byte[], byte[]> record, DeadLetter letter, String origin) {
        producer.send(record, (meta, e) -> {
            try {
                if (e instanceof RecordTooLargeException && (length(letter.key()) > 0 || length(letter.value()) > 0)) {
                    tooLarge.add(new Pending(letter, origin));
                } else if (e != null) {
                    failure.compareAndSet(null, e);
                } else {
                    LOG.warn("{} went to dead-letter topic '{}' (partition {}, offset {}{}): {}", origin, topic,
                            meta.partition(), meta.offset(), letter.isCut() ? ", cut to fit" : "", letter.reason());
                }
            } finally {
                answered();
            }
        });
    }

    private void resendTooLarge() {
        for (Pending p; (p = tooLarge.poll()) != null; ) {
            sendCut(p.letter().cutTo(p.letter().sizeInBytes() / 2), p.origin());
        }
    }

    private static int length(byte[] bytes) {
        return bytes == null ? 0 : bytes.length;
    }

    private void rethrow() {
        Exception e = failure.get();
        if (e != null) {
            throw new IllegalStateException("a dead letter could not be written to topic '" + topic + "': " + e.getMessage(), e);
        }
    }
}
