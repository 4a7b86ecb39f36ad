package io.cdcbridge.connectors.postgres.source;

import org.apache.flink.api.connector.source.SourceOutput;
import org.apache.flink.connector.base.source.reader.RecordEmitter;
import org.apache.flink.table.data.RowData;

/** Emits a record's row and moves the stream's position (and columns) with it, in the same step: checkpoints see both or neither. */
final class PgRecordEmitter implements RecordEmitter<PgRecord, RowData, PgSplitState> {

    @Override
    public void emitRecord(PgRecord record, SourceOutput<RowData> output, PgSplitState state) {
        if (record.row() != null) output.collect(record.row());
        if (!state.isStream()) return;
        state.advance(record.lsn(), record.emitted());
        if (record.columns() != null) state.columns(record.columns());
    }
}
