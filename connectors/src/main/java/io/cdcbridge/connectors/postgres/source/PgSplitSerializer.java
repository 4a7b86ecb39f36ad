package io.cdcbridge.connectors.postgres.source;

import io.cdcbridge.connectors.source.SplitFields;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Splits in checkpoints and in assignments: a tag byte, then the fields (version 1: a stream split without its columns;
 * version 2: its columns without their numbers; up to version 3: one table's, snapshot splits without their table).
 */
public final class PgSplitSerializer implements SimpleVersionedSerializer<PgSplit> {

    /** The one instance. */
    public static final PgSplitSerializer INSTANCE = new PgSplitSerializer();

    private static final int VERSION = 4;
    private static final byte SNAPSHOT = 1;
    private static final byte STREAM = 2;
    private static final byte FINISHED = 3;

    @Override
    public int getVersion() {
        return VERSION;
    }

    @Override
    public byte[] serialize(PgSplit split) throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(64);
        write(split, out);
        return out.getCopyOfBuffer();
    }

    @Override
    public PgSplit deserialize(int version, byte[] serialized) throws IOException {
        if (version < 1 || version > VERSION) throw new IOException("unknown version " + version + " of a cdcbridge-postgres split");
        return read(new DataInputDeserializer(serialized), version);
    }

    static void write(PgSplit split, DataOutputView out) throws IOException {
        if (split instanceof SnapshotSplit s) {
            out.writeByte(SNAPSHOT);
            writeSnapshot(s, out);
        } else if (split instanceof StreamSplit s) {
            out.writeByte(STREAM);
            out.writeLong(s.lsn());
            out.writeLong(s.emitted());
            out.writeInt(s.columns().size());
            for (Map.Entry<String, List<SourceColumn>> table : s.columns().entrySet()) {
                out.writeUTF(table.getKey());
                out.writeInt(table.getValue().size());
                for (SourceColumn c : table.getValue()) {
                    out.writeUTF(c.name());
                    out.writeInt(c.typeOid());
                    out.writeInt(c.typeModifier());
                    out.writeInt(c.number());
                }
            }
        } else {
            FinishedSnapshotSplits f = (FinishedSnapshotSplits) split;
            out.writeByte(FINISHED);
            SplitFields.writeStrings(f.ids(), out);
        }
    }

    static PgSplit read(DataInputView in, int version) throws IOException {
        byte tag = in.readByte();
        return switch (tag) {
            case SNAPSHOT -> readSnapshot(in, version);
            case STREAM -> readStream(in, version);
            case FINISHED -> new FinishedSnapshotSplits(SplitFields.readStrings(in));
            default -> throw new IOException("unknown cdcbridge-postgres split tag " + tag);
        };
    }

    private static StreamSplit readStream(DataInputView in, int version) throws IOException {
        long lsn = in.readLong();
        long emitted = in.readLong();
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

    static void writeSnapshot(SnapshotSplit s, DataOutputView out) throws IOException {
        out.writeUTF(s.table());
        out.writeInt(s.index());
        SplitFields.writeBound(s.lower(), out);
        SplitFields.writeBound(s.upper(), out);
    }

    static SnapshotSplit readSnapshot(DataInputView in, int version) throws IOException {
        String table = version >= 4 ? in.readUTF() : StreamSplit.ONE_TABLE;
        return new SnapshotSplit(table, in.readInt(), SplitFields.readBound(in), SplitFields.readBound(in));
    }
}
