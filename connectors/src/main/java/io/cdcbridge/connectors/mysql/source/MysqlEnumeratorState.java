package io.cdcbridge.connectors.mysql.source;

import io.cdcbridge.connectors.mysql.binlog.BinlogPosition;
import io.cdcbridge.connectors.source.SnapshotThenStreamState;
import java.util.List;
import java.util.Set;

/**
 * What the enumerator checkpoints: where the binlog is read from after the snapshot, the chunks not yet assigned,
 * those assigned but not reported finished, and whether the binlog split is out.
 */
public record MysqlEnumeratorState(BinlogPosition start, List<ChunkSplit> pending, Set<String> unfinished,
                                   boolean streamAssigned) implements SnapshotThenStreamState<BinlogPosition, ChunkSplit> {

    /** Copies the collections. */
    public MysqlEnumeratorState {
        pending = List.copyOf(pending);
        unfinished = Set.copyOf(unfinished);
    }
}
