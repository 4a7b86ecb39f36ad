package io.cdcbridge.connectors.postgres.source;

import io.cdcbridge.connectors.source.KeyRangeSplit;

/**
 * The rows of one table (the {@link SourceConfig#id()} of the Flink table it reads into) whose split column is in
 * {@code [lower, upper)}, read with one COPY; a null bound is open (and the split with an open lower bound also takes
 * NULLs). A table without an integer split column is one split with both bounds open.
 */
public record SnapshotSplit(String table, int index, Long lower, Long upper) implements PgSplit, KeyRangeSplit {

    @Override
    public String splitId() {
        // a state of a version that read one table names its splits so
        return table.isEmpty() ? "snapshot-" + index : prefix(table) + index;
    }

    /** Whether a split id is of a split of this table. */
    static boolean isOf(String splitId, String table) {
        return splitId.startsWith(prefix(table));
    }

    private static String prefix(String table) {
        return "snapshot " + table + " #";
    }
}
