package io.cdcbridge.connectors.source;

import org.apache.flink.api.connector.source.SourceOutput;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.connector.base.source.reader.RecordEmitter;
import org.apache.flink.metrics.Counter;

/**
 * The CDC sources' record emitter: emits a record's row (a streamed one with its change's time as its timestamp, from
 * which Flink's source metric {@code currentEmitEventTimeLag} tells the time from the change to its emission) and
 * moves the stream split's position with it, in one step: checkpoints see both or neither. Snapshot rows are counted.
 *
 * @param <R> what the split reader hands over: a row, or none when only the position moves
 * @param <S> the state of the split being read
 */
public abstract class SnapshotThenStreamEmitter<R, T, S> implements RecordEmitter<R, T, S> {

    /** The reader's counter of snapshot rows emitted (the stock CDC connectors' name for it). */
    public static final String SNAPSHOT_ROWS = "numSnapshotRecords";

    private final Counter snapshotRows;

    protected SnapshotThenStreamEmitter(SourceReaderContext context) {
        this.snapshotRows = context.metricGroup().counter(SNAPSHOT_ROWS);
    }

    /** The record's row as emitted, or null when only the position moves. */
    protected abstract T row(R record);

    /** When the record's change was made, in epoch milliseconds; 0 when not known (snapshot rows). */
    protected abstract long millis(R record);

    /** Whether {@code state} is the stream split's. */
    protected abstract boolean streaming(S state);

    /** Moves the stream split's state to the record's position. */
    protected abstract void advance(R record, S state);

    @Override
    public final void emitRecord(R record, SourceOutput<T> output, S state) {
        T row = row(record);
        if (row != null) {
            long millis = millis(record);
            if (millis > 0) output.collect(row, millis);
            else output.collect(row);
        }
        if (streaming(state)) advance(record, state);
        else if (row != null) snapshotRows.inc();
    }
}
