package io.cdcbridge.connectors.mysql.source;

import java.util.List;

/**
 * Not work but a note in a reader's state: the snapshot chunks it finished. A restored reader reports them to the
 * enumerator again, since its report may have missed the enumerator's checkpoint.
 */
public record FinishedChunks(List<String> ids) implements MysqlSplit {

    /** Copies the ids. */
    public FinishedChunks {
        ids = List.copyOf(ids);
    }

    @Override
    public String splitId() {
        return "finished-chunks";
    }
}
