package io.cdcbridge.connectors.kafka;

import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.source.Boundedness;
import org.apache.flink.api.connector.source.ReaderOutput;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.api.connector.source.SourceEvent;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.api.connector.source.SourceSplit;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.apache.flink.api.java.typeutils.ResultTypeQueryable;
import org.apache.flink.core.io.InputStatus;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.table.data.RowData;

/**
 * A source (Flink's KafkaSource) whose readers flush the dead letters of their records before each checkpoint
 * snapshot, and close the dead-letter queue with the reader. A checkpoint that covers a record's offset therefore
 * completes only after the record's dead letter was acknowledged: a rejected record is never lost.
 *
 * <p>The delegate decodes with the same {@link DeadLetteringDeserializer} object this source holds; Java
 * serialization keeps that identity when the job graph reaches a task, so each reader flushes exactly the queue
 * its own records were sent to. Everything else is the delegate's, unchanged.
 */
final class DeadLetterFlushingSource<S extends SourceSplit, E> implements Source<RowData, S, E>, ResultTypeQueryable<RowData> {

    private static final long serialVersionUID = 1L;

    private final Source<RowData, S, E> delegate;
    private final DeadLetteringDeserializer letters;

    DeadLetterFlushingSource(Source<RowData, S, E> delegate, DeadLetteringDeserializer letters) {
        this.delegate = delegate;
        this.letters = letters;
    }

    @Override
    public Boundedness getBoundedness() {
        return delegate.getBoundedness();
    }

    @Override
    public SourceReader<RowData, S> createReader(SourceReaderContext context) throws Exception {
        return new Reader<>(delegate.createReader(context), letters);
    }

    @Override
    public SplitEnumerator<S, E> createEnumerator(SplitEnumeratorContext<S> context) throws Exception {
        return delegate.createEnumerator(context);
    }

    @Override
    public SplitEnumerator<S, E> restoreEnumerator(SplitEnumeratorContext<S> context, E checkpoint) throws Exception {
        return delegate.restoreEnumerator(context, checkpoint);
    }

    @Override
    public SimpleVersionedSerializer<S> getSplitSerializer() {
        return delegate.getSplitSerializer();
    }

    @Override
    public SimpleVersionedSerializer<E> getEnumeratorCheckpointSerializer() {
        return delegate.getEnumeratorCheckpointSerializer();
    }

    @Override
    public TypeInformation<RowData> getProducedType() {
        return letters.getProducedType();
    }

    private static final class Reader<S extends SourceSplit> implements SourceReader<RowData, S> {

        private final SourceReader<RowData, S> delegate;
        private final DeadLetteringDeserializer letters;

        Reader(SourceReader<RowData, S> delegate, DeadLetteringDeserializer letters) {
            this.delegate = delegate;
            this.letters = letters;
        }

        @Override
        public void start() {
            delegate.start();
        }

        @Override
        public InputStatus pollNext(ReaderOutput<RowData> output) throws Exception {
            return delegate.pollNext(output);
        }

        @Override
        public List<S> snapshotState(long checkpointId) {
            // Records are decoded on this same task thread, so every record up to the offsets this snapshot
            // takes has had its letter sent: flushing now makes them durable before the checkpoint can complete.
            letters.flush();
            return delegate.snapshotState(checkpointId);
        }

        @Override
        public CompletableFuture<Void> isAvailable() {
            return delegate.isAvailable();
        }

        @Override
        public void addSplits(List<S> splits) {
            delegate.addSplits(splits);
        }

        @Override
        public void notifyNoMoreSplits() {
            delegate.notifyNoMoreSplits();
        }

        @Override
        public void handleSourceEvents(SourceEvent sourceEvent) {
            delegate.handleSourceEvents(sourceEvent);
        }

        @Override
        public void pauseOrResumeSplits(Collection<String> splitsToPause, Collection<String> splitsToResume) {
            delegate.pauseOrResumeSplits(splitsToPause, splitsToResume);
        }

        @Override
        public void notifyCheckpointComplete(long checkpointId) throws Exception {
            delegate.notifyCheckpointComplete(checkpointId);
        }

        @Override
        public void notifyCheckpointAborted(long checkpointId) throws Exception {
            delegate.notifyCheckpointAborted(checkpointId);
        }

        @Override
        public void close() throws Exception {
            try {
                delegate.close();
            } finally {
                letters.close();
            }
        }
    }
}
