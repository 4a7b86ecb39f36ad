package io.cdcbridge.connectors.postgres.source;

import io.cdcbridge.connectors.source.SnapshotThenStreamReader;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.flink.api.connector.source.SourceReaderContext;

/**
 * Reads the splits it is given one after the other on one fetcher thread (see {@link SnapshotThenStreamReader}).
 * Once a checkpoint is complete, the stream's position in it is acknowledged to PostgreSQL, so the slot keeps every
 * change a restore may need.
 */
final class PgSourceReader extends SnapshotThenStreamReader<PgRecord, TableRow, PgSplit, PgSplitState> {

    private final TreeMap<Long, Long> positionAtCheckpoint = new TreeMap<>();
    private final AtomicLong acknowledge;

    PgSourceReader(SlotTables tables, SourceReaderContext context) {
        this(tables, context, new AtomicLong());
    }

    private PgSourceReader(SlotTables tables, SourceReaderContext context, AtomicLong acknowledge) {
        super(() -> new PgSplitReader(tables, acknowledge),
                new PgRecordEmitter(tables, context), context, PgCheckpointFormat.INSTANCE);
        this.acknowledge = acknowledge;
    }

    @Override
    public List<PgSplit> snapshotState(long checkpointId) {
        List<PgSplit> state = super.snapshotState(checkpointId);
        for (PgSplit split : state) {
            if (split instanceof StreamSplit s) positionAtCheckpoint.put(checkpointId, s.lsn());
        }
        return state;
    }

    @Override
    public void notifyCheckpointComplete(long checkpointId) throws Exception {
        super.notifyCheckpointComplete(checkpointId);
        Map<Long, Long> done = positionAtCheckpoint.headMap(checkpointId, true);
        if (!done.isEmpty()) {
            long lsn = positionAtCheckpoint.get(positionAtCheckpoint.floorKey(checkpointId));
            acknowledge.accumulateAndGet(lsn, Math::max);
            done.clear();
        }
    }

    @Override
    protected PgSplitState initializedState(PgSplit split) {
        return new PgSplitState(split);
    }

    @Override
    protected PgSplit toSplitType(String splitId, PgSplitState state) {
        return state.toSplit();
    }
}
