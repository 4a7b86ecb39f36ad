package io.cdcbridge.connectors.postgres.source;

/**
 * The slot's change stream, at a position: transactions committed before {@code lsn} are emitted; of the one whose
 * commit is at {@code lsn} (the final LSN its Begin announced), the first {@code emitted} rows are.
 */
public record StreamSplit(long lsn, long emitted) implements PgSplit {

    /** The id of the one stream split. */
    public static final String ID = "stream";

    @Override
    public String splitId() {
        return ID;
    }
}
