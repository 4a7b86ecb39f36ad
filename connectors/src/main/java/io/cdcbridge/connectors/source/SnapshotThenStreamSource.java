package io.cdcbridge.connectors.source;

import org.apache.flink.api.connector.source.Boundedness;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.api.connector.source.SourceSplit;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/**
 * A CDC source (FLIP-27) whose enumerator ({@link SnapshotThenStreamEnumerator}) starts fresh or from its checkpoint
 * alike; a source gives its reader, its enumerator and its {@link CheckpointFormat}.
 */
public abstract class SnapshotThenStreamSource<T, P extends SourceSplit, S extends SnapshotThenStreamState<?, ?>>
        implements Source<T, P, S> {

    private static final long serialVersionUID = 1L;

    private final boolean bounded;

    /** @param bounded whether the source reads the snapshot only */
    protected SnapshotThenStreamSource(boolean bounded) {
        this.bounded = bounded;
    }

    /** The enumerator, fresh ({@code restored} null) or from its checkpoint. */
    protected abstract SnapshotThenStreamEnumerator<P, S> enumerator(SplitEnumeratorContext<P> context, S restored);

    /** How its splits and its enumerator's state are written. */
    protected abstract CheckpointFormat<P, ?, ?, ?, S> format();

    @Override
    public final SimpleVersionedSerializer<P> getSplitSerializer() {
        return format().splits();
    }

    @Override
    public final SimpleVersionedSerializer<S> getEnumeratorCheckpointSerializer() {
        return format().states();
    }

    @Override
    public final Boundedness getBoundedness() {
        return bounded ? Boundedness.BOUNDED : Boundedness.CONTINUOUS_UNBOUNDED;
    }

    @Override
    public final SplitEnumerator<P, S> createEnumerator(SplitEnumeratorContext<P> context) {
        return enumerator(context, null);
    }

    @Override
    public final SplitEnumerator<P, S> restoreEnumerator(SplitEnumeratorContext<P> context, S checkpoint) {
        return enumerator(context, checkpoint);
    }
}
