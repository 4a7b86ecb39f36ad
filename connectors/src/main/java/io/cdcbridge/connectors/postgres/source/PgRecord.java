package io.cdcbridge.connectors.postgres.source;

import java.util.List;
import org.apache.flink.table.data.RowData;

/**
 * What the split reader hands to the emitter: a row (or none, when only the position moves) and, for the stream,
 * the position once it is emitted (see {@link StreamSplit}), the commit time of the row's transaction in epoch
 * milliseconds (0 for snapshot rows and bare positions) and, when the stream showed the table's columns anew, those
 * columns (else null).
 */
record PgRecord(RowData row, long lsn, long emitted, long commitMillis, List<SourceColumn> columns) {

    PgRecord(RowData row, long lsn, long emitted) {
        this(row, lsn, emitted, 0, null);
    }
}
