package io.cdcbridge.connectors.mysql.source;

import io.cdcbridge.connectors.mysql.MysqlSourceException;
import io.cdcbridge.connectors.mysql.binlog.BinlogPosition;
import io.cdcbridge.connectors.mysql.binlog.BinlogStatus;
import io.cdcbridge.connectors.mysql.binlog.XaTransactions;
import io.cdcbridge.connectors.mysql.values.RowConverter;
import io.cdcbridge.connectors.mysql.values.TableColumns;
import io.cdcbridge.connectors.source.SnapshotThenStreamEnumerator;
import java.sql.Connection;
import java.sql.SQLException;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * On the first start takes the binlog's end (before any snapshot read, so no change committed after it is missed),
 * cuts the table into chunks and hands them to whichever reader asks; once every chunk is reported read, the one
 * binlog split from that position: the changes made during the snapshot are replayed over it.
 */
final class MysqlEnumerator extends SnapshotThenStreamEnumerator<MysqlSplit, MysqlEnumeratorState> {

    private static final Logger LOG = LoggerFactory.getLogger(MysqlEnumerator.class);

    private final MysqlSourceConfig config;
    private final boolean restored;
    private BinlogPosition start;

    MysqlEnumerator(MysqlSourceConfig config, SplitEnumeratorContext<MysqlSplit> context, MysqlEnumeratorState state) {
        super(context);
        this.config = config;
        this.restored = state != null;
        if (state != null) {
            start = state.start();
            splits.restore(state.pending(), state.unfinished(), state.streamAssigned());
        }
    }

    @Override
    public void start() {
        if (restored) return;
        try (Connection c = config.endpoint().connect()) {
            // refuses a missing table or column, or a type it cannot read, before anything is read
            RowConverter.of(config.describe(), config.physicalType(), TableColumns.read(c, config.endpoint().database(),
                    config.table(), config.describe()));
            start = BinlogStatus.current(c);
            if (config.snapshot()) {
                // an XA transaction prepared before it and committed after the snapshot: its rows are before it
                BinlogPosition end = start;
                start = XaTransactions.preparedBefore(c, start).orElse(start);
                if (start != end) LOG.info("cdcbridge-mysql {}: XA transaction(s) prepared before {} and not ended yet: the"
                        + " binlog is read from {}, where the first was prepared", config.describe(), end.describe(), start.describe());
                splits.add(ChunkSplitter.split(c, config));
            }
        } catch (SQLException e) {
            throw new MysqlSourceException("cdcbridge-mysql cannot start on " + config.describe() + ": " + e.getMessage()
                    + " (check hostname, port, username and password, and that the binlog is on)", e);
        }
        LOG.info("cdcbridge-mysql {}: {} snapshot chunk(s), then the binlog from {}", config.describe(), splits.pending().size(),
                start.describe());
    }

    @Override
    protected MysqlSplit streamSplit() {
        return new BinlogSplit(start, 0);
    }

    @Override
    protected boolean isStream(MysqlSplit split) {
        return split instanceof BinlogSplit;
    }

    @Override
    protected void streamAssigned(MysqlSplit split, int subtask) {
        LOG.info("cdcbridge-mysql {}: snapshot done, reading the binlog from {} on subtask {}", config.describe(),
                ((BinlogSplit) split).position().describe(), subtask);
    }

    @Override
    public MysqlEnumeratorState snapshotState(long checkpointId) {
        return new MysqlEnumeratorState(start, splits.pending().stream().map(ChunkSplit.class::cast).toList(),
                splits.unfinished(), splits.streamAssigned());
    }
}
