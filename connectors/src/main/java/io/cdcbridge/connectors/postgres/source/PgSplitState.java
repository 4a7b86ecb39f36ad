package io.cdcbridge.connectors.postgres.source;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A split being read; for the stream, its position and each table's columns as of the last record emitted. */
final class PgSplitState {

    private final PgSplit split;
    private long lsn;
    private long emitted;
    private final Map<String, List<SourceColumn>> columns = new HashMap<>();

    PgSplitState(PgSplit split) {
        this.split = split;
        if (split instanceof StreamSplit s) {
            lsn = s.lsn();
            emitted = s.emitted();
            columns.putAll(s.columns());
        }
    }

    void advance(long lsn, long emitted) {
        this.lsn = lsn;
        this.emitted = emitted;
    }

    void columns(String table, List<SourceColumn> columns) {
        this.columns.put(table, columns);
    }

    boolean isStream() {
        return split instanceof StreamSplit;
    }

    PgSplit toSplit() {
        return split instanceof StreamSplit ? new StreamSplit(lsn, emitted, columns) : split;
    }
}
