package io.cdcbridge.engine.probe.kafka;

import java.io.DataInputStream;
import java.io.IOException;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.connector.kafka.source.split.KafkaPartitionSplit;
import org.apache.flink.connector.kafka.source.split.KafkaPartitionSplitSerializer;
import org.apache.flink.core.fs.FSDataInputStream;
import org.apache.flink.core.io.SimpleVersionedSerialization;
import org.apache.flink.core.memory.DataInputViewStreamWrapper;
import org.apache.flink.runtime.checkpoint.Checkpoints;
import org.apache.flink.runtime.checkpoint.OperatorState;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.checkpoint.metadata.CheckpointMetadata;
import org.apache.flink.runtime.state.OperatorStateHandle;
import org.apache.flink.runtime.state.filesystem.AbstractFsCheckpointStorageAccess;

/**
 * The positions of the Kafka source splits kept in a savepoint: per topic and partition, the next offset the source
 * would have read. Exact where the consumer group's committed offsets are not: the source commits them only after a
 * checkpoint completes, asynchronously, and a stop with savepoint may end the job before that commit is made.
 */
public final class SavepointSplits {

    // the list state every FLIP-27 source operator keeps its reader's splits in (SourceOperator.SPLITS_STATE_DESC)
    private static final String SPLITS_STATE = "SourceReaderState";

    private SavepointSplits() {}

    /** topic -> partition -> next offset, for every Kafka split in the savepoint at {@code path} with a known offset. */
    public static Map<String, Map<Integer, Long>> read(String path) throws IOException {
        Map<String, Map<Integer, Long>> out = new TreeMap<>();
        var location = AbstractFsCheckpointStorageAccess.resolveCheckpointPointer(path);
        CheckpointMetadata metadata;
        try (DataInputStream in = new DataInputStream(location.getMetadataHandle().openInputStream())) {
            metadata = Checkpoints.loadCheckpointMetadata(in, SavepointSplits.class.getClassLoader(), path);
        }
        KafkaPartitionSplitSerializer serializer = new KafkaPartitionSplitSerializer();
        for (OperatorState operator : metadata.getOperatorStates()) {
            for (OperatorSubtaskState subtask : operator.getStates()) {
                for (OperatorStateHandle handle : subtask.getManagedOperatorState()) {
                    OperatorStateHandle.StateMetaInfo info = handle.getStateNameToPartitionOffsets().get(SPLITS_STATE);
                    if (info == null) continue;
                    try (FSDataInputStream stream = handle.openInputStream()) {
                        for (long offset : info.getOffsets()) {
                            stream.seek(offset);
                            DataInputViewStreamWrapper view = new DataInputViewStreamWrapper(stream);
                            byte[] element = new byte[view.readInt()];
                            view.readFully(element);
                            KafkaPartitionSplit split = kafkaSplit(serializer, element);
                            // a negative offset is a marker (earliest, latest): the source had read nothing there
                            if (split != null && split.getStartingOffset() >= 0) {
                                out.computeIfAbsent(split.getTopic(), t -> new TreeMap<>())
                                        .put(split.getPartition(), split.getStartingOffset());
                            }
                        }
                    }
                }
            }
        }
        return out;
    }

    // null for a split of another source (Postgres CDC, say), which this serializer cannot read
    private static KafkaPartitionSplit kafkaSplit(KafkaPartitionSplitSerializer serializer, byte[] element) {
        try {
            return SimpleVersionedSerialization.readVersionAndDeSerialize(serializer, element);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
