package io.cdcbridge.connectors.mysql.source;

import org.apache.flink.api.connector.source.SourceOutput;
import org.apache.flink.connector.base.source.reader.RecordEmitter;
import org.apache.flink.metrics.Counter;
import org.apache.flink.table.data.RowData;

/**
 * Emits a record's row and moves the binlog position with it, in one step: checkpoints see both or neither. A row
 * from the binlog carries its change's time as its timestamp, from which Flink's source metric
 * {@code currentEmitEventTimeLag} tells the time from the change to its emission; snapshot rows are counted.
 */
final class MysqlRecordEmitter implements RecordEmitter<MysqlRecord, RowData, MysqlSplitState> {

    private final Counter snapshotRows;

    MysqlRecordEmitter(Counter snapshotRows) {
        this.snapshotRows = snapshotRows;
    }

    @Override
    public void emitRecord(MysqlRecord record, SourceOutput<RowData> output, MysqlSplitState state) {
        if (record.row() != null) {
            if (record.millis() > 0) output.collect(record.row(), record.millis());
            else output.collect(record.row());
        }
        if (state.isBinlog()) {
            state.advance(record.position(), record.emitted());
        } else if (record.row() != null) {
            snapshotRows.inc();
        }
    }
}
