package io.cdcbridge.connectors.postgres.source;

import java.util.List;
import org.apache.flink.table.data.RowData;

/**
 * What the split reader hands to the emitter: a row (or none, when only the position moves) and, for the stream,
 * the position once it is emitted (see {@link StreamSplit}) and, when the stream showed the table's columns anew,
 * those columns (else null).
 */
record PgRecord(RowData row, long lsn, long emitted, List<SourceColumn> columns) {

    PgRecord(RowData row, long lsn, long emitted) {
        this(row, lsn, emitted, null);
    }
}
