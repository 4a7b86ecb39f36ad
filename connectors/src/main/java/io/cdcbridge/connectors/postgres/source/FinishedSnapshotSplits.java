package io.cdcbridge.connectors.postgres.source;

import java.util.List;

/**
 * Not work but a note in a reader's state: the snapshot splits it finished. A restored reader reports them to the
 * enumerator again, since its report may have missed the enumerator's checkpoint.
 */
public record FinishedSnapshotSplits(List<String> ids) implements PgSplit {

    /** Copies the ids. */
    public FinishedSnapshotSplits {
        ids = List.copyOf(ids);
    }

    @Override
    public String splitId() {
        return "finished-snapshot-splits";
    }
}
