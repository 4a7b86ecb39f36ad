package io.cdcbridge.connectors.postgres.source;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.connector.base.source.reader.SingleThreadMultiplexSourceReaderBase;

/**
 * Reads the splits it is given one after the other on one fetcher thread. Reports finished snapshot splits to the
 * enumerator (and keeps them in its state, to report them again after a restore) and asks for the next split.
 * Once a checkpoint is complete, the stream's position in it is acknowledged to PostgreSQL, so the slot keeps
 * every change a restore may need.
 */
final class PgSourceReader extends SingleThreadMultiplexSourceReaderBase<PgRecord, TableRow, PgSplit, PgSplitState> {

    /** The reader's counter of snapshot rows emitted (postgres-cdc's name for it). */
    static final String SNAPSHOT_ROWS = "numSnapshotRecords";

    private final Set<String> finished = new LinkedHashSet<>();
    private final TreeMap<Long, Long> positionAtCheckpoint = new TreeMap<>();
    private final AtomicLong acknowledge;

    PgSourceReader(SlotTables tables, SourceReaderContext context) {
        this(tables, context, new AtomicLong());
    }

    private PgSourceReader(SlotTables tables, SourceReaderContext context, AtomicLong acknowledge) {
        super(() -> new PgSplitReader(tables, acknowledge),
                new PgRecordEmitter(tables, context.metricGroup().counter(SNAPSHOT_ROWS)), context.getConfiguration(), context);
        this.acknowledge = acknowledge;
    }

    @Override
    public void start() {
        super.start();
        if (!finished.isEmpty()) context.sendSourceEventToCoordinator(new SnapshotSplitsFinished(List.copyOf(finished)));
        if (getNumberOfCurrentlyAssignedSplits() == 0) context.sendSplitRequest();
    }

    @Override
    public void addSplits(List<PgSplit> splits) {
        List<PgSplit> work = new ArrayList<>();
        for (PgSplit split : splits) {
            if (split instanceof FinishedSnapshotSplits f) {
                finished.addAll(f.ids());
            } else {
                work.add(split);
            }
        }
        if (!work.isEmpty()) super.addSplits(work);
    }

    @Override
    protected void onSplitFinished(Map<String, PgSplitState> finishedSplits) {
        finished.addAll(finishedSplits.keySet());
        context.sendSourceEventToCoordinator(new SnapshotSplitsFinished(List.copyOf(finishedSplits.keySet())));
        context.sendSplitRequest();
    }

    @Override
    public List<PgSplit> snapshotState(long checkpointId) {
        List<PgSplit> state = new ArrayList<>(super.snapshotState(checkpointId));
        for (PgSplit split : state) {
            if (split instanceof StreamSplit s) positionAtCheckpoint.put(checkpointId, s.lsn());
        }
        if (!finished.isEmpty()) state.add(new FinishedSnapshotSplits(List.copyOf(finished)));
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
