package io.cdcbridge.connectors.mysql.source;

import io.cdcbridge.connectors.mysql.binlog.BinlogPosition;
import java.util.List;
import java.util.Set;

/**
 * What the enumerator checkpoints: where the binlog is read from after the snapshot, the chunks not yet assigned,
 * those assigned but not reported finished, and whether the binlog split is out.
 */
public record MysqlEnumeratorState(BinlogPosition start, List<ChunkSplit> pending, Set<String> unfinished,
                                   boolean binlogAssigned) {

    /** Copies the collections. */
    public MysqlEnumeratorState {
        pending = List.copyOf(pending);
        unfinished = Set.copyOf(unfinished);
    }
}
