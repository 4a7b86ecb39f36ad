package io.cdcbridge.connectors.postgres.source;

import org.apache.flink.api.connector.source.SourceOutput;
import org.apache.flink.connector.base.source.reader.RecordEmitter;
import org.apache.flink.metrics.Counter;
import org.apache.flink.table.data.RowData;

/**
 * Emits a record's row and moves the stream's position (and columns) with it, in the same step: checkpoints see both
 * or neither. A streamed row carries its transaction's commit time as its timestamp, from which Flink's source
 * metric {@code currentEmitEventTimeLag} tells the time from commit to emission; snapshot rows are counted.
 */
final class PgRecordEmitter implements RecordEmitter<PgRecord, RowData, PgSplitState> {

    private final Counter snapshotRows;

    PgRecordEmitter(Counter snapshotRows) {
        this.snapshotRows = snapshotRows;
    }

    @Override
    public void emitRecord(PgRecord record, SourceOutput<RowData> output, PgSplitState state) {
        if (record.row() != null) {
            if (record.commitMillis() > 0) {
                output.collect(record.row(), record.commitMillis());
            } else {
                output.collect(record.row());
            }
        }
        if (!state.isStream()) {
            if (record.row() != null) snapshotRows.inc();
            return;
        }
        state.advance(record.lsn(), record.emitted());
        if (record.columns() != null) state.columns(record.columns());
    }
}
