package io.cdcbridge.connectors.debezium;

import io.cdcbridge.connectors.kafkaclient.ProducerDefaults;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.flink.api.connector.sink2.StatefulSinkWriter;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.runtime.typeutils.RowDataSerializer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Publishes the changelog rows of one subtask as Debezium change events. Sends are asynchronous; {@link #flush}
 * (before every checkpoint) waits until Kafka acknowledged all of them, so a checkpoint never covers an event that
 * was not written: at-least-once, as Debezium. A before image still waiting for its after image is checkpointed.
 */
final class EnvelopeWriter implements StatefulSinkWriter<RowData, RowData> {

    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);

    private final EnvelopeEncoder encoder;
    private final ChangeAssembler assembler;
    private final KafkaProducer<byte[], byte[]> producer;
    private final AtomicReference<Exception> failure = new AtomicReference<>();

    EnvelopeWriter(EnvelopeSettings settings, Collection<RowData> restored) {
        this.encoder = new EnvelopeEncoder(settings);
        this.assembler = new ChangeAssembler(encoder::key, new RowDataSerializer(settings.consumedType()));
        restored.forEach(assembler::restore);
        Properties p = new Properties();
        p.putAll(settings.producer());
        ProducerDefaults.apply(p);
        this.producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
    }

    @Override
    public void write(RowData row, Context context) {
        publish(assembler.accept(row));
    }

    @Override
    public void flush(boolean endOfInput) {
        if (endOfInput) publish(assembler.drain());
        producer.flush();
        rethrow();
    }

    @Override
    public List<RowData> snapshotState(long checkpointId) {
        RowData pending = assembler.pending();
        return pending == null ? List.of() : List.of(pending);
    }

    @Override
    public void close() {
        // bounded: events sent after the last checkpoint are sent again after a restart anyway
        producer.close(CLOSE_TIMEOUT);
    }

    private void publish(List<Change> changes) {
        rethrow();
        Instant now = Instant.now();
        for (Change change : changes) {
            for (ProducerRecord<byte[], byte[]> record : encoder.records(change, now)) {
                producer.send(record, (meta, e) -> {
                    if (e != null) failure.compareAndSet(null, new IllegalStateException(
                            "a change event could not be written to topic '" + record.topic() + "': " + e.getMessage(), e));
                });
            }
        }
    }

    private void rethrow() {
        Exception e = failure.get();
        if (e != null) throw new IllegalStateException(e.getMessage(), e);
    }
}
