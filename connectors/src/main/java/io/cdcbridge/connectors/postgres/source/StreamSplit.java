package io.cdcbridge.connectors.postgres.source;

import java.util.List;

/**
 * The slot's change stream, at a position: transactions committed before {@code lsn} are emitted; of the one whose
 * commit is at {@code lsn} (the final LSN its Begin announced), the first {@code emitted} rows are. {@code columns}
 * are the table's columns as the stream last showed them (empty until the reader first looked), what a schema
 * change is compared with, also after a restore.
 */
public record StreamSplit(long lsn, long emitted, List<SourceColumn> columns) implements PgSplit {

    /** The id of the one stream split. */
    public static final String ID = "stream";

    /** Copies the list. */
    public StreamSplit {
        columns = List.copyOf(columns);
    }

    /** A split whose columns the reader has not looked at yet. */
    public StreamSplit(long lsn, long emitted) {
        this(lsn, emitted, List.of());
    }

    @Override
    public String splitId() {
        return ID;
    }
}
