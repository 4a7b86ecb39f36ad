package io.cdcbridge.connectors.mysql.source;

import io.cdcbridge.connectors.source.KeyRangeSplit;

/**
 * The rows of the table whose split column is in {@code [lower, upper)}, read with one SELECT; a null bound is open
 * (and the split with an open lower bound also takes NULLs). A table without an integer split column is one split.
 */
public record ChunkSplit(int index, Long lower, Long upper) implements MysqlSplit, KeyRangeSplit {

    @Override
    public String splitId() {
        return "chunk #" + index;
    }
}
