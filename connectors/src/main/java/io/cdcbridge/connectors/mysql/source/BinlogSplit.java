package io.cdcbridge.connectors.mysql.source;

import io.cdcbridge.connectors.mysql.binlog.BinlogPosition;
import io.cdcbridge.connectors.source.OffsetSplit;

/**
 * The table's changes from the binlog, at a position: every transaction committed before {@code position} (the end
 * of the last commit read, so the start of the next transaction) is emitted, and of the next one the first
 * {@code emitted} rows.
 */
public record BinlogSplit(BinlogPosition position, long emitted) implements MysqlSplit, OffsetSplit<BinlogPosition> {

    /** The id of the one binlog split. */
    public static final String ID = "binlog";

    @Override
    public BinlogPosition offset() {
        return position;
    }

    @Override
    public String splitId() {
        return ID;
    }
}
