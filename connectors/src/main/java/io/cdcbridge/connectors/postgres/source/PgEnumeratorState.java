package io.cdcbridge.connectors.postgres.source;

import java.util.List;
import java.util.Set;

/**
 * What the enumerator checkpoints: where the stream starts, the snapshot splits not yet assigned, those assigned
 * but not reported finished, and whether the stream split is out.
 */
public record PgEnumeratorState(long startLsn, List<SnapshotSplit> pending, Set<String> unfinished, boolean streamAssigned) {

    /** Copies the collections. */
    public PgEnumeratorState {
        pending = List.copyOf(pending);
        unfinished = Set.copyOf(unfinished);
    }
}
