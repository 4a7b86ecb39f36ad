package io.cdcbridge.connectors.postgres.source;

import io.cdcbridge.connectors.source.CheckpointFormat;
import io.cdcbridge.connectors.source.KeyRangeSplit;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * cdcbridge-postgres's checkpoint format ({@link CheckpointFormat}): its offset is the LSN; a snapshot split adds its
 * table, the stream split each table's columns, the enumerator's state the tables read. Splits' versions: 1 a stream
 * split without its columns; 2 its columns without their numbers; up to 3 one table's (snapshot splits without their
 * table); 4 now. States': 1 one table's (its snapshot splits as split version 3, no tables); 2 now.
 */
public final class PgCheckpointFormat
        extends CheckpointFormat<PgSplit, SnapshotSplit, StreamSplit, Long, PgEnumeratorState> {

    /** The one instance. */
    public static final PgCheckpointFormat INSTANCE = new PgCheckpointFormat();

    private PgCheckpointFormat() {
        super("cdcbridge-postgres", PgSplit.class, SnapshotSplit.class, StreamSplit.class, FinishedSnapshotSplits::new, 4, 2);
    }

    @Override
    protected void writeOffset(Long lsn, DataOutputView out) throws IOException {
        out.writeLong(lsn);
    }

    @Override
    protected Long readOffset(DataInputView in) throws IOException {
        return in.readLong();
    }

    @Override
    protected void writeSnapshotFields(SnapshotSplit split, DataOutputView out) throws IOException {
        out.writeUTF(split.table());
    }

    @Override
    protected KeyRangeSplit.Of<SnapshotSplit> readSnapshotFields(DataInputView in, int version) throws IOException {
        String table = version >= 4 ? in.readUTF() : StreamSplit.ONE_TABLE;
        return (index, lower, upper) -> new SnapshotSplit(table, index, lower, upper);
    }

    @Override
    protected void writeStreamFields(StreamSplit split, DataOutputView out) throws IOException {
        out.writeInt(split.columns().size());
        for (Map.Entry<String, List<SourceColumn>> table : split.columns().entrySet()) {
            out.writeUTF(table.getKey());
            out.writeInt(table.getValue().size());
            for (SourceColumn c : table.getValue()) {
                out.writeUTF(c.name());
                out.writeInt(c.typeOid());
                out.writeInt(c.typeModifier());
                out.writeInt(c.number());
            }
        }
    }

    @Override
    protected StreamSplit readStream(Long lsn, long emitted, DataInputView in, int version) throws IOException {
        if (version == 1) return new StreamSplit(lsn, emitted);
        if (version < 4) return new StreamSplit(lsn, emitted, Map.of(StreamSplit.ONE_TABLE, readColumns(in, version)));
        int tables = in.readInt();
        Map<String, List<SourceColumn>> columns = new HashMap<>();
        for (int t = 0; t < tables; t++) columns.put(in.readUTF(), readColumns(in, version));
        return new StreamSplit(lsn, emitted, columns);
    }

    private static List<SourceColumn> readColumns(DataInputView in, int version) throws IOException {
        int n = in.readInt();
        List<SourceColumn> columns = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            columns.add(new SourceColumn(in.readUTF(), in.readInt(), in.readInt(), version >= 3 ? in.readInt() : 0));
        }
        return columns;
    }

    @Override
    protected void writeStateFields(PgEnumeratorState state, DataOutputView out) throws IOException {
        writeStrings(state.tables(), out);
    }

    @Override
    protected PgEnumeratorState readStateFields(Long start, List<SnapshotSplit> pending, Set<String> unfinished,
                                                boolean streamAssigned, DataInputView in, int version) throws IOException {
        return new PgEnumeratorState(start, pending, unfinished, streamAssigned, version >= 2 ? readStrings(in) : List.of());
    }

    @Override
    protected int splitVersionIn(int stateVersion) {
        return stateVersion == 1 ? 3 : 4;
    }
}
