package io.cdcbridge.connectors.source;

import java.util.List;
import java.util.Set;

/**
 * What a CDC source's enumerator checkpoints of {@link SnapshotThenStream}: where the stream starts, the snapshot
 * splits not yet assigned, the ids of those assigned and not reported read, whether the stream split is out; a source's
 * state may hold more.
 *
 * @param <O> the source's typed offset
 * @param <K> its snapshot split
 */
public interface SnapshotThenStreamState<O, K extends KeyRangeSplit> {

    O start();

    List<K> pending();

    Set<String> unfinished();

    boolean streamAssigned();
}
