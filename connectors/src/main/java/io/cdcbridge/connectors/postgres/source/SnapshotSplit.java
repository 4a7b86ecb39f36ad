package io.cdcbridge.connectors.postgres.source;

/**
 * The rows of the table whose split column is in {@code [lower, upper)}, read with one COPY; a null bound is open
 * (and the split with an open lower bound also takes NULLs). A table without an integer split column is one split
 * with both bounds open.
 */
public record SnapshotSplit(int index, Long lower, Long upper) implements PgSplit {

    @Override
    public String splitId() {
        return "snapshot-" + index;
    }
}
