package io.cdcbridge.connectors.mysql.source;

import io.cdcbridge.connectors.source.SnapshotThenStreamSplitReader;
import com.github.shyiko.mysql.binlog.event.Event;
import io.cdcbridge.connectors.mysql.MysqlSourceException;
import io.cdcbridge.connectors.mysql.binlog.BinlogRetention;
import io.cdcbridge.connectors.mysql.binlog.BinlogStream;
import io.cdcbridge.connectors.mysql.values.MysqlColumn;
import io.cdcbridge.connectors.mysql.values.TableColumns;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import org.apache.flink.connector.base.source.reader.RecordsBySplits;
import org.apache.flink.connector.base.source.reader.RecordsWithSplitIds;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the binlog split: checks that the server still holds the binlog from the split's position, reads the table's
 * columns, opens the binlog there (by its GTID set on MySQL with GTIDs on, else by file and position) and decodes its
 * events ({@link ChangeDecoder}), handing what has come to Flink as soon as the queue is empty.
 */
final class BinlogFetcher implements SnapshotThenStreamSplitReader.StreamFetch<MysqlRecord, BinlogSplit> {

    private static final Logger LOG = LoggerFactory.getLogger(BinlogFetcher.class);
    private static final long IDLE_WAIT_MS = 100;

    private final MysqlSourceConfig config;
    private BinlogStream stream;
    private ChangeDecoder decoder;
    private volatile boolean wakeUp;

    BinlogFetcher(MysqlSourceConfig config) {
        this.config = config;
    }

    @Override
    public void wakeUp() {
        wakeUp = true;
    }

    @Override
    public RecordsWithSplitIds<MysqlRecord> fetch(BinlogSplit split) throws IOException, SQLException {
        wakeUp = false;
        if (stream == null) open(split);
        RecordsBySplits.Builder<MysqlRecord> batch = new RecordsBySplits.Builder<>();
        int[] records = {0};
        long waitUntil = System.currentTimeMillis() + IDLE_WAIT_MS;
        while (records[0] < MysqlSplitReader.BATCH_ROWS && !wakeUp) {
            // wait while nothing came, hand over what there is once the queue is empty
            long wait = records[0] > 0 ? 0 : waitUntil - System.currentTimeMillis();
            if (records[0] == 0 && wait <= 0) break;
            Event event = stream.poll(wait);
            if (event == null) {
                if (records[0] > 0) break;
                continue;
            }
            decoder.decode(event, r -> {
                batch.add(BinlogSplit.ID, r);
                records[0]++;
            });
        }
        return batch.build();
    }

    private void open(BinlogSplit split) throws IOException, SQLException {
        List<MysqlColumn> columns;
        boolean byGtid;
        try (Connection c = config.endpoint().connect()) {
            byGtid = BinlogRetention.readsByGtid(c, split.position().gtid());
            Optional<String> gone = BinlogRetention.purged(c, split.position().file(), split.position().gtid(),
                    split.position().describe());
            if (gone.isPresent()) {
                throw new MysqlSourceException("cdcbridge-mysql " + config.describe() + ": " + gone.get() + "; "
                        + BinlogRetention.HOW_TO_START_OVER);
            }
            columns = TableColumns.read(c, config.endpoint().database(), config.table(), config.describe());
        }
        decoder = new ChangeDecoder(config, columns, split);
        stream = BinlogStream.open(config.endpoint(), config.serverId(), split.position(), byGtid);
        LOG.info("cdcbridge-mysql {}: reading the {} by its {} as replica {} ({} record(s) of that transaction emitted"
                + " already)", config.describe(), split.position().describe(), byGtid ? "GTID set" : "file and position",
                config.serverId(), split.emitted());
    }

    @Override
    public void close() throws IOException {
        if (stream != null) stream.close();
    }
}
