package io.cdcbridge.connectors.postgres.source;

import io.cdcbridge.connectors.source.SplitFields;
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
        SplitFields.writeStrings(List.copyOf(state.unfinished()), out);
        out.writeBoolean(state.streamAssigned());
        SplitFields.writeStrings(state.tables(), out);
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
        Set<String> unfinished = new HashSet<>(SplitFields.readStrings(in));
        boolean streamAssigned = in.readBoolean();
        List<String> tables = version >= 2 ? SplitFields.readStrings(in) : List.of();
        return new PgEnumeratorState(startLsn, pending, unfinished, streamAssigned, tables);
    }
}
