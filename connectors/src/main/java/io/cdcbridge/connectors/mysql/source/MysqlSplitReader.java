package io.cdcbridge.connectors.mysql.source;

import io.cdcbridge.connectors.mysql.MysqlSourceException;
import io.cdcbridge.connectors.source.SnapshotThenStreamSplitReader;

/** The fetcher thread's reader: the chunks ({@link ChunkFetcher}), then the binlog split ({@link BinlogFetcher}). */
final class MysqlSplitReader extends SnapshotThenStreamSplitReader<MysqlRecord, MysqlSplit, ChunkSplit, BinlogSplit> {

    MysqlSplitReader(MysqlSourceConfig config) {
        super(ChunkSplit.class, BinlogSplit.class, new ChunkFetcher(config), new BinlogFetcher(config),
                e -> new MysqlSourceException("cdcbridge-mysql lost " + config.describe() + ": " + e.getMessage(), e));
    }
}
