package io.cdcbridge.connectors.postgres.source;

import java.util.List;

/** A split being read; for the stream, its position and the table's columns as of the last record emitted. */
final class PgSplitState {

    private final PgSplit split;
    private long lsn;
    private long emitted;
    private List<SourceColumn> columns = List.of();

    PgSplitState(PgSplit split) {
        this.split = split;
        if (split instanceof StreamSplit s) {
            lsn = s.lsn();
            emitted = s.emitted();
            columns = s.columns();
        }
    }

    void advance(long lsn, long emitted) {
        this.lsn = lsn;
        this.emitted = emitted;
    }

    void columns(List<SourceColumn> columns) {
        this.columns = columns;
    }

    boolean isStream() {
        return split instanceof StreamSplit;
    }

    PgSplit toSplit() {
        return split instanceof StreamSplit ? new StreamSplit(lsn, emitted, columns) : split;
    }
}
