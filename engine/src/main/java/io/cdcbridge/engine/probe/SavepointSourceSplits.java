package io.cdcbridge.engine.probe;

import java.io.DataInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.apache.flink.core.fs.FSDataInputStream;
import org.apache.flink.core.memory.DataInputViewStreamWrapper;
import org.apache.flink.runtime.checkpoint.Checkpoints;
import org.apache.flink.runtime.checkpoint.OperatorState;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.checkpoint.metadata.CheckpointMetadata;
import org.apache.flink.runtime.state.OperatorStateHandle;
import org.apache.flink.runtime.state.filesystem.AbstractFsCheckpointStorageAccess;

/**
 * The splits every FLIP-27 source reader of a job kept in a savepoint, each decoded by the caller's serializer: where
 * each source stood when the job stopped. A probe reads its own connector's splits; one of another source's does not
 * decode (the decoder returns null) and is left out.
 */
public final class SavepointSourceSplits {

    // the list state every FLIP-27 source operator keeps its reader's splits in (SourceOperator.SPLITS_STATE_DESC)
    private static final String SPLITS_STATE = "SourceReaderState";

    private SavepointSourceSplits() {}

    /** Every split of the savepoint at {@code path} that {@code decode} turns into something (not null). */
    public static <T> List<T> read(String path, Function<byte[], T> decode) throws IOException {
        List<T> out = new ArrayList<>();
        var location = AbstractFsCheckpointStorageAccess.resolveCheckpointPointer(path);
        CheckpointMetadata metadata;
        try (DataInputStream in = new DataInputStream(location.getMetadataHandle().openInputStream())) {
            metadata = Checkpoints.loadCheckpointMetadata(in, SavepointSourceSplits.class.getClassLoader(), path);
        }
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
                            T split = decode.apply(element);
                            if (split != null) out.add(split);
                        }
                    }
                }
            }
        }
        return out;
    }
}
