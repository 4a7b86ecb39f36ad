package io.cdcbridge.connectors.mysql.source;

import io.cdcbridge.connectors.source.SnapshotThenStreamReader;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.table.data.RowData;

/** Reads chunks, then the binlog split, one after the other on one fetcher thread (see {@link SnapshotThenStreamReader}). */
final class MysqlSourceReader extends SnapshotThenStreamReader<MysqlRecord, RowData, MysqlSplit, MysqlSplitState> {

    MysqlSourceReader(MysqlSourceConfig config, SourceReaderContext context) {
        super(() -> new MysqlSplitReader(config), new MysqlRecordEmitter(context), context, MysqlCheckpointFormat.INSTANCE);
    }

    @Override
    protected MysqlSplitState initializedState(MysqlSplit split) {
        return new MysqlSplitState(split);
    }

    @Override
    protected MysqlSplit toSplitType(String splitId, MysqlSplitState state) {
        return state.toSplit();
    }
}
