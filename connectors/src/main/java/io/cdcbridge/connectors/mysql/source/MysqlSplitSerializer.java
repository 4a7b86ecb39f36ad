package io.cdcbridge.connectors.mysql.source;

import io.cdcbridge.connectors.mysql.binlog.BinlogPosition;
import io.cdcbridge.connectors.source.SplitFields;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.core.memory.DataOutputView;

/** Splits in checkpoints and assignments, and the enumerator's state: a tag byte, then the fields. */
public final class MysqlSplitSerializer implements SimpleVersionedSerializer<MysqlSplit> {

    /** The one instance. */
    public static final MysqlSplitSerializer INSTANCE = new MysqlSplitSerializer();

    private static final int VERSION = 1;
    private static final byte CHUNK = 1;
    private static final byte BINLOG = 2;
    private static final byte FINISHED = 3;

    // the GTID position: none (0), in writeUTF's form (1), or, past its 64 KiB (a MySQL GTID set of a thousand servers
    // and more), its UTF-8 bytes after their length (2)
    private static final byte NO_GTID = 0;
    private static final byte SHORT_GTID = 1;
    private static final byte LONG_GTID = 2;
    private static final int SHORT_LIMIT = 65_535 / 3; // characters writeUTF takes whatever they are

    @Override
    public int getVersion() {
        return VERSION;
    }

    @Override
    public byte[] serialize(MysqlSplit split) throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(64);
        if (split instanceof ChunkSplit s) {
            out.writeByte(CHUNK);
            writeChunk(s, out);
        } else if (split instanceof BinlogSplit s) {
            out.writeByte(BINLOG);
            writePosition(s.position(), out);
            out.writeLong(s.emitted());
        } else {
            FinishedChunks f = (FinishedChunks) split;
            out.writeByte(FINISHED);
            SplitFields.writeStrings(f.ids(), out);
        }
        return out.getCopyOfBuffer();
    }

    @Override
    public MysqlSplit deserialize(int version, byte[] serialized) throws IOException {
        if (version != VERSION) throw new IOException("unknown version " + version + " of a cdcbridge-mysql split");
        DataInputDeserializer in = new DataInputDeserializer(serialized);
        byte tag = in.readByte();
        return switch (tag) {
            case CHUNK -> readChunk(in);
            case BINLOG -> new BinlogSplit(readPosition(in), in.readLong());
            case FINISHED -> new FinishedChunks(SplitFields.readStrings(in));
            default -> throw new IOException("unknown cdcbridge-mysql split tag " + tag);
        };
    }

    /** The enumerator's checkpoint. */
    public static final SimpleVersionedSerializer<MysqlEnumeratorState> ENUMERATOR = new SimpleVersionedSerializer<>() {
        @Override
        public int getVersion() {
            return VERSION;
        }

        @Override
        public byte[] serialize(MysqlEnumeratorState state) throws IOException {
            DataOutputSerializer out = new DataOutputSerializer(256);
            out.writeBoolean(state.start() != null);
            if (state.start() != null) writePosition(state.start(), out);
            out.writeInt(state.pending().size());
            for (ChunkSplit s : state.pending()) writeChunk(s, out);
            SplitFields.writeStrings(List.copyOf(state.unfinished()), out);
            out.writeBoolean(state.binlogAssigned());
            return out.getCopyOfBuffer();
        }

        @Override
        public MysqlEnumeratorState deserialize(int version, byte[] serialized) throws IOException {
            if (version != VERSION) throw new IOException("unknown version " + version + " of a cdcbridge-mysql enumerator state");
            DataInputDeserializer in = new DataInputDeserializer(serialized);
            BinlogPosition start = in.readBoolean() ? readPosition(in) : null;
            int n = in.readInt();
            List<ChunkSplit> pending = new ArrayList<>(n);
            for (int i = 0; i < n; i++) pending.add(readChunk(in));
            Set<String> unfinished = new HashSet<>(SplitFields.readStrings(in));
            return new MysqlEnumeratorState(start, pending, unfinished, in.readBoolean());
        }
    };

    private static void writeChunk(ChunkSplit s, DataOutputView out) throws IOException {
        out.writeInt(s.index());
        SplitFields.writeBound(s.lower(), out);
        SplitFields.writeBound(s.upper(), out);
    }

    private static ChunkSplit readChunk(DataInputView in) throws IOException {
        return new ChunkSplit(in.readInt(), SplitFields.readBound(in), SplitFields.readBound(in));
    }

    private static void writePosition(BinlogPosition p, DataOutputView out) throws IOException {
        out.writeUTF(p.file());
        out.writeLong(p.position());
        String gtid = p.gtid();
        if (gtid == null) {
            out.writeByte(NO_GTID);
        } else if (gtid.length() <= SHORT_LIMIT) {
            out.writeByte(SHORT_GTID);
            out.writeUTF(gtid);
        } else {
            byte[] utf8 = gtid.getBytes(StandardCharsets.UTF_8);
            out.writeByte(LONG_GTID);
            out.writeInt(utf8.length);
            out.write(utf8);
        }
    }

    private static BinlogPosition readPosition(DataInputView in) throws IOException {
        String file = in.readUTF();
        long position = in.readLong();
        byte form = in.readByte();
        String gtid = switch (form) {
            case NO_GTID -> null;
            case SHORT_GTID -> in.readUTF();
            case LONG_GTID -> {
                byte[] utf8 = new byte[in.readInt()];
                in.readFully(utf8);
                yield new String(utf8, StandardCharsets.UTF_8);
            }
            default -> throw new IOException("unknown form " + form + " of a cdcbridge-mysql split's GTID position");
        };
        return new BinlogPosition(file, position, gtid);
    }
}
