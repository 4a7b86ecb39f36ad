package io.cdcbridge.connectors.postgres.source;

/**
 * The rows of the table whose key is in {@code [lower, upper)}, read with one COPY; a null bound is open (a table
 * without a single integer key is one split with both bounds open).
 */
public record SnapshotSplit(int index, Long lower, Long upper) implements PgSplit {

    @Override
    public String splitId() {
        return "snapshot-" + index;
    }
}
