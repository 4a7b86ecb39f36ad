package io.cdcbridge.connectors.kafka;

import io.cdcbridge.connectors.deadletter.DeadLetter;
import io.cdcbridge.connectors.deadletter.DeadLetterQueue;
import io.cdcbridge.connectors.deadletter.DeadLetterTarget;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.metrics.Counter;
import org.apache.flink.table.data.RowData;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Decodes a Kafka record's value with the table's format; a record the format rejects goes to the dead-letter
 * queue with its raw key and value, the reason, and its topic, partition and offset. Letters are sent
 * asynchronously; {@link DeadLetterFlushingSource} flushes them before each checkpoint and closes the queue.
 * The first rejected record opens the queue (a Kafka producer); a reader that rejects none never opens one.
 */
final class DeadLetteringDeserializer implements KafkaRecordDeserializationSchema<RowData> {

    private static final long serialVersionUID = 1L;
    // a header, not a payload: long enough for any reason, short of a message that quotes a whole event
    private static final int MAX_REASON = 1000;

    private final DeserializationSchema<RowData> format;
    private final DeadLetterTarget target;

    private transient DeadLetterQueue queue;
    private transient String statement;
    private transient Counter deadLetters;
    private transient List<RowData> decoded;
    private transient Collector<RowData> buffer;

    DeadLetteringDeserializer(DeserializationSchema<RowData> format, DeadLetterTarget target) {
        this.format = format;
        this.target = target;
    }

    @Override
    public void open(DeserializationSchema.InitializationContext context) throws Exception {
        format.open(context);
        statement = context.getMetricGroup().getAllVariables().get("<job_name>");
        deadLetters = context.getMetricGroup().counter("deadLetters");
        decoded = new ArrayList<>();
        buffer = new Collector<>() {
            @Override
            public void collect(RowData row) {
                decoded.add(row);
            }

            @Override
            public void close() {}
        };
    }

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<RowData> out) {
        // Rows are emitted only once the whole value decoded: emitting runs the chained operators downstream,
        // whose failures are not the record's fault and must not turn into dead letters.
        decoded.clear();
        try {
            format.deserialize(record.value(), buffer);
        } catch (IOException | RuntimeException e) {
            decoded.clear();
            reject(record, reason(e));
            return;
        }
        for (RowData row : decoded) out.collect(row);
        decoded.clear();
    }

    /** Blocks until every letter sent so far is acknowledged; throws if one could not be written. */
    void flush() {
        if (queue != null) queue.flush();
    }

    /** Closes the queue; letters not yet covered by a checkpoint are sent again after a restore, so none is lost. */
    void close() {
        if (queue == null) return;
        queue.close();
        queue = null;
    }

    @Override
    public TypeInformation<RowData> getProducedType() {
        return format.getProducedType();
    }

    // One line: the format's words, and its root cause's when it wraps one (Flink's json format does).
    static String reason(Exception e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) root = root.getCause();
        String what = e.getMessage() == null ? e.toString() : e.getMessage();
        if (root != e) what += ": " + (root.getMessage() == null ? root.toString() : root.getMessage());
        what = what.replaceAll("\\s*\\R\\s*", " ");
        return what.length() <= MAX_REASON ? what : what.substring(0, MAX_REASON) + "...";
    }

    private void reject(ConsumerRecord<byte[], byte[]> record, String reason) {
        // opened at the first dead letter: most readers never need a producer
        if (queue == null) queue = DeadLetterQueue.open(target);
        queue.send(DeadLetter.of(record.key(), record.value(), reason)
                .with(DeadLetter.SOURCE_TOPIC, record.topic())
                .with(DeadLetter.SOURCE_PARTITION, record.partition())
                .with(DeadLetter.SOURCE_OFFSET, record.offset())
                .with(DeadLetter.STATEMENT, statement), record.topic() + "-" + record.partition() + " offset " + record.offset());
        deadLetters.inc();
    }
}
