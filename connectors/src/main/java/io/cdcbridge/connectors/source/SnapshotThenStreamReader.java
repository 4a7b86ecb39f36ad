package io.cdcbridge.connectors.source;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.api.connector.source.SourceSplit;
import org.apache.flink.connector.base.source.reader.RecordEmitter;
import org.apache.flink.connector.base.source.reader.SingleThreadMultiplexSourceReaderBase;
import org.apache.flink.connector.base.source.reader.splitreader.SplitReader;

/**
 * The CDC sources' reader (see {@link SnapshotThenStream}): reads the splits it is given one after the other on one
 * fetcher thread, reports finished snapshot splits to the enumerator and asks for the next split; keeps the finished
 * ones in its state as a {@link FinishedSplitsNote}, to report them again after a restore.
 */
public abstract class SnapshotThenStreamReader<E, T, P extends SourceSplit, S>
        extends SingleThreadMultiplexSourceReaderBase<E, T, P, S> {

    private final Set<String> finished = new LinkedHashSet<>();
    private final CheckpointFormat<P, ?, ?, ?, ?> format;

    /** @param format the source's, whose {@link FinishedSplitsNote} the reader keeps in its state */
    protected SnapshotThenStreamReader(Supplier<SplitReader<E, P>> splitReader, RecordEmitter<E, T, S> emitter,
                                       SourceReaderContext context, CheckpointFormat<P, ?, ?, ?, ?> format) {
        super(splitReader, emitter, context.getConfiguration(), context);
        this.format = format;
    }

    @Override
    public void start() {
        super.start();
        if (!finished.isEmpty()) context.sendSourceEventToCoordinator(new SnapshotSplitsFinished(List.copyOf(finished)));
        if (getNumberOfCurrentlyAssignedSplits() == 0) context.sendSplitRequest();
    }

    @Override
    public void addSplits(List<P> splits) {
        List<P> work = new ArrayList<>();
        for (P split : splits) {
            if (split instanceof FinishedSplitsNote note) finished.addAll(note.ids());
            else work.add(split);
        }
        if (!work.isEmpty()) super.addSplits(work);
    }

    @Override
    protected void onSplitFinished(Map<String, S> finishedSplits) {
        finished.addAll(finishedSplits.keySet());
        context.sendSourceEventToCoordinator(new SnapshotSplitsFinished(List.copyOf(finishedSplits.keySet())));
        context.sendSplitRequest();
    }

    @Override
    public List<P> snapshotState(long checkpointId) {
        List<P> state = new ArrayList<>(super.snapshotState(checkpointId));
        if (!finished.isEmpty()) state.add(format.finishedNote(List.copyOf(finished)));
        return state;
    }
}
