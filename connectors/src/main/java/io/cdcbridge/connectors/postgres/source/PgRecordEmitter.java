package io.cdcbridge.connectors.postgres.source;

import java.util.List;
import org.apache.flink.api.connector.source.SourceOutput;
import org.apache.flink.connector.base.source.reader.RecordEmitter;
import org.apache.flink.metrics.Counter;

/**
 * Emits a record's row tagged with its table and moves the stream's position (and columns) with it, in the same
 * step: checkpoints see both or neither. A streamed row carries its transaction's commit time as its timestamp, from
 * which Flink's source metric {@code currentEmitEventTimeLag} tells the time from commit to emission; snapshot rows
 * are counted.
 */
final class PgRecordEmitter implements RecordEmitter<PgRecord, TableRow, PgSplitState> {

    private final SlotTables tables;
    private final Counter snapshotRows;
    private List<String> ids;

    PgRecordEmitter(SlotTables tables, Counter snapshotRows) {
        this.tables = tables;
        this.snapshotRows = snapshotRows;
    }

    @Override
    public void emitRecord(PgRecord record, SourceOutput<TableRow> output, PgSplitState state) {
        if (record.row() != null) {
            TableRow row = new TableRow(record.table(), record.row());
            if (record.commitMillis() > 0) {
                output.collect(row, record.commitMillis());
            } else {
                output.collect(row);
            }
        }
        if (!state.isStream()) {
            if (record.row() != null) snapshotRows.inc();
            return;
        }
        state.advance(record.lsn(), record.emitted());
        if (record.columns() != null) {
            if (ids == null) ids = tables.ids();
            state.columns(ids.get(record.table()), record.columns());
        }
    }
}
