package io.cdcbridge.connectors.postgres.source;

/** A split being read; for the stream, its position as of the last record emitted. */
final class PgSplitState {

    private final PgSplit split;
    private long lsn;
    private long emitted;

    PgSplitState(PgSplit split) {
        this.split = split;
        if (split instanceof StreamSplit s) {
            lsn = s.lsn();
            emitted = s.emitted();
        }
    }

    void advance(long lsn, long emitted) {
        this.lsn = lsn;
        this.emitted = emitted;
    }

    boolean isStream() {
        return split instanceof StreamSplit;
    }

    PgSplit toSplit() {
        return split instanceof StreamSplit ? new StreamSplit(lsn, emitted) : split;
    }
}
