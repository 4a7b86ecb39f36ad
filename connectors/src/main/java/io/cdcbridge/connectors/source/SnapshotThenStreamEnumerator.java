package io.cdcbridge.connectors.source;

import java.util.List;
import org.apache.flink.api.connector.source.SourceEvent;
import org.apache.flink.api.connector.source.SourceSplit;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;

/**
 * The CDC sources' enumerator: hands out the snapshot splits, then the one stream split, in {@link SnapshotThenStream}'s
 * order, as readers ask, report splits read, or fail and give theirs back. A source gives what differs: how it cuts
 * its tables into splits (in {@link #start}, into {@link #splits}), its stream split, and its checkpointed state.
 * Holds no connection.
 */
public abstract class SnapshotThenStreamEnumerator<P extends SourceSplit, S> implements SplitEnumerator<P, S> {

    protected final SplitEnumeratorContext<P> context;
    protected final SnapshotThenStream<P> splits;

    protected SnapshotThenStreamEnumerator(SplitEnumeratorContext<P> context) {
        this.context = context;
        this.splits = new SnapshotThenStream<>(context);
    }

    /** The stream split, made once every snapshot split is read. */
    protected abstract P streamSplit();

    /** Whether {@code split} is the stream split. */
    protected abstract boolean isStream(P split);

    /** The stream split is out now, on {@code subtask}. */
    protected abstract void streamAssigned(P split, int subtask);

    /** Whether the source ends after its snapshot, without a stream split. */
    protected boolean bounded() {
        return false;
    }

    /** Snapshot splits reported read (again, after a restore). */
    protected void finished(List<String> ids) {}

    /** After each round of assignments, even one that failed. */
    protected void assigned() {}

    @Override
    public final void handleSplitRequest(int subtask, String requesterHostname) {
        splits.request(subtask);
        assign();
    }

    @Override
    public final void addSplitsBack(List<P> given, int subtask) {
        for (P split : given) {
            if (!(split instanceof FinishedSplitsNote)) splits.giveBack(split, isStream(split));
        }
        assign();
    }

    @Override
    public final void addReader(int subtask) {
        // readers ask for splits themselves
    }

    @Override
    public final void handleSourceEvent(int subtask, SourceEvent event) {
        if (event instanceof SnapshotSplitsFinished finished) {
            splits.finished(finished.ids());
            finished(finished.ids());
            assign();
        }
    }

    private void assign() {
        try {
            SnapshotThenStream.Assigned<P> stream = splits.assign(this::streamSplit, bounded());
            if (stream != null) streamAssigned(stream.split(), stream.subtask());
        } finally {
            assigned();
        }
    }

    @Override
    public void close() {
        // holds no connection
    }
}
