package io.cdcbridge.connectors.postgres.source;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;

/** The enumerator's checkpoint, field by field (version 1: one table's, its snapshot splits without their table). */
public final class PgEnumeratorStateSerializer implements SimpleVersionedSerializer<PgEnumeratorState> {

    /** The one instance. */
    public static final PgEnumeratorStateSerializer INSTANCE = new PgEnumeratorStateSerializer();

    private static final int VERSION = 2;

    @Override
    public int getVersion() {
        return VERSION;
    }

    @Override
    public byte[] serialize(PgEnumeratorState state) throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(256);
        out.writeLong(state.startLsn());
        out.writeInt(state.pending().size());
        for (SnapshotSplit s : state.pending()) PgSplitSerializer.writeSnapshot(s, out);
        out.writeInt(state.unfinished().size());
        for (String id : state.unfinished()) out.writeUTF(id);
        out.writeBoolean(state.streamAssigned());
        out.writeInt(state.tables().size());
        for (String table : state.tables()) out.writeUTF(table);
        return out.getCopyOfBuffer();
    }

    @Override
    public PgEnumeratorState deserialize(int version, byte[] serialized) throws IOException {
        if (version < 1 || version > VERSION) throw new IOException("unknown version " + version + " of a cdcbridge-postgres enumerator state");
        DataInputDeserializer in = new DataInputDeserializer(serialized);
        long startLsn = in.readLong();
        int n = in.readInt();
        List<SnapshotSplit> pending = new ArrayList<>(n);
        for (int i = 0; i < n; i++) pending.add(PgSplitSerializer.readSnapshot(in, version == 1 ? 3 : 4));
        int m = in.readInt();
        Set<String> unfinished = new HashSet<>();
        for (int i = 0; i < m; i++) unfinished.add(in.readUTF());
        boolean streamAssigned = in.readBoolean();
        List<String> tables = new ArrayList<>();
        if (version >= 2) {
            int t = in.readInt();
            for (int i = 0; i < t; i++) tables.add(in.readUTF());
        }
        return new PgEnumeratorState(startLsn, pending, unfinished, streamAssigned, tables);
    }
}
