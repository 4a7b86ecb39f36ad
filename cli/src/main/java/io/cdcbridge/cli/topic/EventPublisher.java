package io.cdcbridge.cli.topic;

import io.cdcbridge.connectors.cdcjson.ChangeEventRules;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.errors.CorruptRecordException;
import org.apache.kafka.common.errors.RecordBatchTooLargeException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Publishes the events of a file to a topic, after checking each one with the rules the
 * {@code cdc-json} format applies (or encoding it in Avro, {@link EventEncoder}): an invalid event is skipped, or sent
 * anyway (as it is) to exercise the dead-letter topic. A valid event's key is its key fields, so that one row's
 * changes stay in one partition.
 */
public final class EventPublisher {

    /** What to publish where: the topic, the rules events must pass, whether to send invalid ones, the pause between. */
    public record Options(String topic, EventEncoder encoder, boolean sendInvalid, Duration delay) {

        /** Change events checked with the {@code cdc-json} rules. */
        public Options(String topic, ChangeEventRules rules, boolean sendInvalid, Duration delay) {
            this(topic, EventEncoder.cdcJson(rules), sendInvalid, delay);
        }
    }

    /** An event the rules rejected, with the reason, and whether it was sent anyway. */
    public record Invalid(EventFile.Event event, String reason, boolean sent) {}

    /** An event Kafka did not take (too large for the topic, say), with Kafka's reason. */
    public record Refused(EventFile.Event event, String reason) {}

    /** What a run did: {@code sent} counts the events Kafka acknowledged. */
    public record Summary(int events, int sent, List<Invalid> invalid, List<Refused> refused) {}

    /** Told about each event as it goes; both do nothing unless overridden. */
    public interface Listener {
        /** An event the rules rejected. */
        default void invalid(Invalid invalid) {}

        /** An event handed to Kafka; {@code acked} is where it landed when known (with a delay each send is awaited). */
        default void sent(EventFile.Event event, int total, RecordMetadata acked) {}

        /** An event Kafka refused; the events after it are sent all the same. Called from Kafka's sending thread. */
        default void refused(Refused refused) {}
    }

    private EventPublisher() {}

    /**
     * Publishes every event of {@code file}. An event Kafka refuses (too large, say) is reported and the rest are sent;
     * anything else that stops Kafka from taking events (an unreachable broker) fails, naming the event.
     */
    public static Summary publish(String bootstrapServers, EventFile file, Options options, Listener listener) {
        int total = file.count();
        List<Invalid> invalid = new ArrayList<>();
        List<Refused> refused = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger sent = new AtomicInteger();
        AtomicReference<RuntimeException> failure = new AtomicReference<>();
        try (KafkaProducer<byte[], byte[]> producer = producer(bootstrapServers)) {
            file.forEach(event -> {
                rethrow(failure);
                byte[] key = null;
                byte[] value = event.value();
                try {
                    EventEncoder.Encoded encoded = options.encoder().encode(event.value());
                    key = encoded.key();
                    value = encoded.value();
                } catch (EventEncoder.Invalid e) {
                    Invalid bad = new Invalid(event, e.getMessage(), options.sendInvalid());
                    invalid.add(bad);
                    listener.invalid(bad);
                    if (!options.sendInvalid()) return;
                }
                ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(options.topic(), key, value);
                if (options.delay().isZero()) {
                    producer.send(record, (meta, e) -> {
                        if (e == null) {
                            sent.incrementAndGet();
                        } else if (isRefusal(e)) {
                            refuse(event, e, refused, listener);
                        } else {
                            failure.compareAndSet(null, notSent(event, options.topic(), e));
                        }
                    });
                    listener.sent(event, total, null);
                } else {
                    try {
                        listener.sent(event, total, producer.send(record).get());
                        sent.incrementAndGet();
                    } catch (ExecutionException e) {
                        if (!isRefusal(e.getCause())) throw notSent(event, record.topic(), e.getCause());
                        refuse(event, e.getCause(), refused, listener);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IllegalStateException("interrupted while sending event " + event.number(), e);
                    }
                    pause(options.delay());
                }
            });
            producer.flush();
            rethrow(failure);
        }
        List<Refused> inOrder = new ArrayList<>(refused);
        inOrder.sort(Comparator.comparingInt(r -> r.event().number()));
        return new Summary(total, sent.get(), List.copyOf(invalid), List.copyOf(inOrder));
    }

    // What Kafka refuses for the record itself: the next record may well be taken.
    private static boolean isRefusal(Throwable e) {
        return e instanceof RecordTooLargeException || e instanceof RecordBatchTooLargeException
                || e instanceof InvalidRecordException || e instanceof CorruptRecordException;
    }

    private static void refuse(EventFile.Event event, Throwable e, List<Refused> refused, Listener listener) {
        Refused r = new Refused(event, e.getMessage());
        refused.add(r);
        listener.refused(r);
    }

    private static KafkaProducer<byte[], byte[]> producer(String bootstrapServers) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "10");
        // an unreachable broker is reported within seconds instead of a minute
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "15000");
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "10000");
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "30000");
        return new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
    }

    private static RuntimeException notSent(EventFile.Event event, String topic, Throwable cause) {
        return new IllegalStateException("event " + event.number() + " (line " + event.line() + ") could not be sent to '"
                + topic + "': " + cause.getMessage(), cause);
    }

    private static void rethrow(AtomicReference<RuntimeException> failure) {
        RuntimeException e = failure.get();
        if (e != null) throw e;
    }

    private static void pause(Duration delay) {
        try {
            Thread.sleep(delay.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
