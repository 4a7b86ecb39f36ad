package io.cdcbridge.connectors.postgres.source;

import io.cdcbridge.connectors.source.SnapshotThenStreamState;

import java.util.List;
import java.util.Set;

/**
 * What the enumerator checkpoints: where the stream starts, the snapshot splits not yet assigned, those assigned
 * but not reported finished, whether the stream split is out, and the tables it read (empty in a state kept by a
 * version that read one table per source).
 */
public record PgEnumeratorState(long startLsn, List<SnapshotSplit> pending, Set<String> unfinished, boolean streamAssigned,
                                List<String> tables) implements SnapshotThenStreamState<Long, SnapshotSplit> {

    /** Copies the collections. */
    public PgEnumeratorState {
        pending = List.copyOf(pending);
        unfinished = Set.copyOf(unfinished);
        tables = List.copyOf(tables);
    }

    @Override
    public Long start() {
        return startLsn;
    }
}
