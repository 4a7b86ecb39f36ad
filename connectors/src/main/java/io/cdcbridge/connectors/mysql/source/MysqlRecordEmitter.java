package io.cdcbridge.connectors.mysql.source;

import io.cdcbridge.connectors.source.SnapshotThenStreamEmitter;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.table.data.RowData;

/** Emits a record's row and moves the binlog position with it (see {@link SnapshotThenStreamEmitter}). */
final class MysqlRecordEmitter extends SnapshotThenStreamEmitter<MysqlRecord, RowData, MysqlSplitState> {

    MysqlRecordEmitter(SourceReaderContext context) {
        super(context);
    }

    @Override
    protected RowData row(MysqlRecord record) {
        return record.row();
    }

    @Override
    protected long millis(MysqlRecord record) {
        return record.millis();
    }

    @Override
    protected boolean streaming(MysqlSplitState state) {
        return state.isBinlog();
    }

    @Override
    protected void advance(MysqlRecord record, MysqlSplitState state) {
        state.advance(record.position(), record.emitted());
    }
}
