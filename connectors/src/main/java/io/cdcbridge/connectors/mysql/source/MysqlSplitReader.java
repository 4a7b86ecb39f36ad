package io.cdcbridge.connectors.mysql.source;

import io.cdcbridge.connectors.mysql.MysqlSourceException;
import java.io.IOException;
import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.Queue;
import org.apache.flink.connector.base.source.reader.RecordsBySplits;
import org.apache.flink.connector.base.source.reader.RecordsWithSplitIds;
import org.apache.flink.connector.base.source.reader.splitreader.SplitReader;
import org.apache.flink.connector.base.source.reader.splitreader.SplitsAddition;
import org.apache.flink.connector.base.source.reader.splitreader.SplitsChange;

/**
 * The fetcher thread's reader: the chunks it is given, one after the other ({@link ChunkFetcher}), then the binlog
 * split ({@link BinlogFetcher}), each fetch a batch so that the fetcher stays responsive.
 */
final class MysqlSplitReader implements SplitReader<MysqlRecord, MysqlSplit> {

    static final int BATCH_ROWS = 2048;

    private final MysqlSourceConfig config;
    private final Queue<ChunkSplit> chunks = new ArrayDeque<>();
    private final ChunkFetcher snapshot;
    private final BinlogFetcher binlog;
    private BinlogSplit binlogSplit;

    MysqlSplitReader(MysqlSourceConfig config) {
        this.config = config;
        this.snapshot = new ChunkFetcher(config);
        this.binlog = new BinlogFetcher(config);
    }

    @Override
    public RecordsWithSplitIds<MysqlRecord> fetch() throws IOException {
        try {
            if (!snapshot.reading() && !chunks.isEmpty()) snapshot.start(chunks.poll());
            if (snapshot.reading()) return snapshot.fetch();
            if (binlogSplit != null) return binlog.fetch(binlogSplit);
            return new RecordsBySplits.Builder<MysqlRecord>().build();
        } catch (SQLException e) {
            throw new IOException(new MysqlSourceException("cdcbridge-mysql lost " + config.describe() + ": " + e.getMessage(), e));
        }
    }

    @Override
    public void handleSplitsChanges(SplitsChange<MysqlSplit> change) {
        if (!(change instanceof SplitsAddition)) return;
        for (MysqlSplit split : change.splits()) {
            if (split instanceof ChunkSplit s) chunks.add(s);
            else if (split instanceof BinlogSplit s) binlogSplit = s;
        }
    }

    @Override
    public void wakeUp() {
        binlog.wakeUp();
    }

    @Override
    public void close() throws Exception {
        try {
            binlog.close();
        } finally {
            snapshot.close();
        }
    }
}
