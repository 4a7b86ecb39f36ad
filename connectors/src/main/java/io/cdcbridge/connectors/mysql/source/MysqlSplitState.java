package io.cdcbridge.connectors.mysql.source;

import io.cdcbridge.connectors.mysql.binlog.BinlogPosition;

/** A split being read; for the binlog, its position as of the last record emitted. */
final class MysqlSplitState {

    private final MysqlSplit split;
    private BinlogPosition position;
    private long emitted;

    MysqlSplitState(MysqlSplit split) {
        this.split = split;
        if (split instanceof BinlogSplit b) {
            position = b.position();
            emitted = b.emitted();
        }
    }

    boolean isBinlog() {
        return split instanceof BinlogSplit;
    }

    void advance(BinlogPosition position, long emitted) {
        this.position = position;
        this.emitted = emitted;
    }

    MysqlSplit toSplit() {
        return isBinlog() ? new BinlogSplit(position, emitted) : split;
    }
}
