package io.cdcbridge.connectors.mysql.source;

import io.cdcbridge.connectors.mysql.binlog.BinlogPosition;
import org.apache.flink.table.data.RowData;

/**
 * What the split reader hands to the emitter: a row (or none, when only the position moves) and, from the binlog, the
 * position once it is emitted (see {@link BinlogSplit}) and the change's time in epoch milliseconds (0 for snapshot
 * rows).
 */
record MysqlRecord(RowData row, BinlogPosition position, long emitted, long millis) {

    /** A snapshot row. */
    static MysqlRecord snapshot(RowData row) {
        return new MysqlRecord(row, null, 0, 0);
    }
}
