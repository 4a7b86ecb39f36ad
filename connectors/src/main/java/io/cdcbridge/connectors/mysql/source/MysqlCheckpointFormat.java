package io.cdcbridge.connectors.mysql.source;

import io.cdcbridge.connectors.mysql.binlog.BinlogPosition;
import io.cdcbridge.connectors.source.CheckpointFormat;
import io.cdcbridge.connectors.source.KeyRangeSplit;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * cdcbridge-mysql's checkpoint format ({@link CheckpointFormat}): its offset is a binlog position (file, position,
 * GTID position); its splits and state add nothing, the state's start may be none (a flag before it). Splits and
 * states are at version 1.
 */
public final class MysqlCheckpointFormat
        extends CheckpointFormat<MysqlSplit, ChunkSplit, BinlogSplit, BinlogPosition, MysqlEnumeratorState> {

    /** The one instance. */
    public static final MysqlCheckpointFormat INSTANCE = new MysqlCheckpointFormat();

    // the GTID position: none (0), in writeUTF's form (1), or, past its 64 KiB (a MySQL GTID set of a thousand servers
    // and more), its UTF-8 bytes after their length (2)
    private static final byte NO_GTID = 0;
    private static final byte SHORT_GTID = 1;
    private static final byte LONG_GTID = 2;
    private static final int SHORT_LIMIT = 65_535 / 3; // characters writeUTF takes whatever they are

    private MysqlCheckpointFormat() {
        super("cdcbridge-mysql", MysqlSplit.class, ChunkSplit.class, BinlogSplit.class, FinishedChunks::new, 1, 1);
    }

    @Override
    protected void writeOffset(BinlogPosition p, DataOutputView out) throws IOException {
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

    @Override
    protected BinlogPosition readOffset(DataInputView in) throws IOException {
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

    @Override
    protected KeyRangeSplit.Of<ChunkSplit> readSnapshotFields(DataInputView in, int version) {
        return ChunkSplit::new;
    }

    @Override
    protected BinlogSplit readStream(BinlogPosition position, long emitted, DataInputView in, int version) {
        return new BinlogSplit(position, emitted);
    }

    // a state taken before the enumerator read the binlog's end holds no start
    @Override
    protected void writeStart(BinlogPosition start, DataOutputView out) throws IOException {
        out.writeBoolean(start != null);
        if (start != null) writeOffset(start, out);
    }

    @Override
    protected BinlogPosition readStart(DataInputView in) throws IOException {
        return in.readBoolean() ? readOffset(in) : null;
    }

    @Override
    protected MysqlEnumeratorState readStateFields(BinlogPosition start, List<ChunkSplit> pending, Set<String> unfinished,
                                                   boolean streamAssigned, DataInputView in, int version) {
        return new MysqlEnumeratorState(start, pending, unfinished, streamAssigned);
    }
}
