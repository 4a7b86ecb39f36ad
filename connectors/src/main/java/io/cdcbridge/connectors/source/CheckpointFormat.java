package io.cdcbridge.connectors.source;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.apache.flink.api.connector.source.SourceSplit;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.core.memory.DataOutputView;

/**
 * A CDC source's checkpoint format: its splits (in checkpoints, savepoints and assignments) and its enumerator's state,
 * field by field. What the sources write alike is written here; a source gives what is its own: its typed offset
 * (cdcbridge-postgres: the LSN; cdcbridge-mysql: binlog file, position and GTID set), its snapshot and stream splits'
 * own fields, and how its earlier versions differ.
 *
 * <p>A split is a tag byte, then for a snapshot split the source's fields (cdcbridge-postgres: the table), its index
 * and its key bounds (a flag, then the bound if any); for the stream split its offset, the rows of the transaction
 * there already emitted and the source's fields (cdcbridge-postgres: each table's columns); for the note of finished
 * snapshot splits their ids. The enumerator's state is where the stream starts, the snapshot splits not yet assigned
 * (as above without the tag), the ids of those assigned and not reported read, whether the stream split is out, and
 * the source's fields (cdcbridge-postgres: the tables read). Splits and states have a version each: a change to what
 * either writes bumps it, and the earlier versions stay readable.
 *
 * @param <P> the source's splits
 * @param <K> its snapshot split
 * @param <T> its stream split
 * @param <O> its typed offset
 * @param <S> its enumerator's state
 */
public abstract class CheckpointFormat<P extends SourceSplit, K extends KeyRangeSplit, T extends OffsetSplit<O>, O,
        S extends SnapshotThenStreamState<O, K>> {

    private static final byte SNAPSHOT = 1;
    private static final byte STREAM = 2;
    private static final byte FINISHED = 3;

    private final String connector;
    private final Class<P> splitType;
    private final Class<K> snapshotType;
    private final Class<T> streamType;
    private final Function<List<String>, ? extends P> noteOf;
    private final SimpleVersionedSerializer<P> splits;
    private final SimpleVersionedSerializer<S> states;

    /**
     * @param connector the connector's name, for messages
     * @param finishedNote the note of finished snapshot splits, of the source's split type
     * @param splitVersion the version of the splits written
     * @param stateVersion the version of the states written
     */
    protected CheckpointFormat(String connector, Class<P> splitType, Class<K> snapshotType, Class<T> streamType,
                               Function<List<String>, ? extends P> finishedNote, int splitVersion, int stateVersion) {
        this.connector = connector;
        this.splitType = splitType;
        this.snapshotType = snapshotType;
        this.streamType = streamType;
        this.noteOf = finishedNote;
        this.splits = new Serializer<>(splitVersion, connector + " split", this::writeSplit, this::readSplit);
        this.states = new Serializer<>(stateVersion, connector + " enumerator state", this::writeState, this::readState);
    }

    /** The source's splits' serializer. */
    public final SimpleVersionedSerializer<P> splits() {
        return splits;
    }

    /** The source's enumerator states' serializer. */
    public final SimpleVersionedSerializer<S> states() {
        return states;
    }

    /** The note of these finished snapshot splits ({@link FinishedSplitsNote}), of the source's split type. */
    public final P finishedNote(List<String> ids) {
        return noteOf.apply(ids);
    }

    // --- what each source writes of its own

    /** The stream's offset. */
    protected abstract void writeOffset(O offset, DataOutputView out) throws IOException;

    /** The offset as {@link #writeOffset} wrote it. */
    protected abstract O readOffset(DataInputView in) throws IOException;

    /** A snapshot split's own fields, before its key range; none unless the source has some. */
    protected void writeSnapshotFields(K split, DataOutputView out) throws IOException {}

    /** Reads what {@link #writeSnapshotFields} wrote (by split {@code version}); gives the split of a key range. */
    protected abstract KeyRangeSplit.Of<K> readSnapshotFields(DataInputView in, int version) throws IOException;

    /** The stream split's own fields, after its offset and rows emitted; none unless the source has some. */
    protected void writeStreamFields(T split, DataOutputView out) throws IOException {}

    /** The stream split at {@code offset}, reading what {@link #writeStreamFields} wrote (by split {@code version}). */
    protected abstract T readStream(O offset, long emitted, DataInputView in, int version) throws IOException;

    /** Where the stream starts, in the enumerator's state; as the stream split's offset unless the source says otherwise. */
    protected void writeStart(O start, DataOutputView out) throws IOException {
        writeOffset(start, out);
    }

    /** The start as {@link #writeStart} wrote it. */
    protected O readStart(DataInputView in) throws IOException {
        return readOffset(in);
    }

    /** The state's own fields, after the common ones; none unless the source has some. */
    protected void writeStateFields(S state, DataOutputView out) throws IOException {}

    /** The state of these fields, reading what {@link #writeStateFields} wrote (by state {@code version}). */
    protected abstract S readStateFields(O start, List<K> pending, Set<String> unfinished, boolean streamAssigned,
                                   DataInputView in, int version) throws IOException;

    /** The split version the snapshot splits in a state of {@code stateVersion} were written in; the current one by default. */
    protected int splitVersionIn(int stateVersion) {
        return splits.getVersion();
    }

    // --- what the sources write alike

    private void writeSplit(P split, DataOutputView out) throws IOException {
        if (snapshotType.isInstance(split)) {
            out.writeByte(SNAPSHOT);
            writeSnapshot(snapshotType.cast(split), out);
        } else if (streamType.isInstance(split)) {
            T stream = streamType.cast(split);
            out.writeByte(STREAM);
            writeOffset(stream.offset(), out);
            out.writeLong(stream.emitted());
            writeStreamFields(stream, out);
        } else {
            out.writeByte(FINISHED);
            writeStrings(((FinishedSplitsNote) split).ids(), out);
        }
    }

    private P readSplit(DataInputView in, int version) throws IOException {
        byte tag = in.readByte();
        return switch (tag) {
            case SNAPSHOT -> splitType.cast(readSnapshot(in, version));
            case STREAM -> splitType.cast(readStream(readOffset(in), in.readLong(), in, version));
            case FINISHED -> finishedNote(readStrings(in));
            default -> throw new IOException("unknown " + connector + " split tag " + tag);
        };
    }

    private void writeSnapshot(K split, DataOutputView out) throws IOException {
        writeSnapshotFields(split, out);
        out.writeInt(split.index());
        writeBound(split.lower(), out);
        writeBound(split.upper(), out);
    }

    private K readSnapshot(DataInputView in, int version) throws IOException {
        return readSnapshotFields(in, version).of(in.readInt(), readBound(in), readBound(in));
    }

    private void writeState(S state, DataOutputView out) throws IOException {
        writeStart(state.start(), out);
        out.writeInt(state.pending().size());
        for (K split : state.pending()) writeSnapshot(split, out);
        writeStrings(List.copyOf(state.unfinished()), out);
        out.writeBoolean(state.streamAssigned());
        writeStateFields(state, out);
    }

    private S readState(DataInputView in, int version) throws IOException {
        O start = readStart(in);
        int n = in.readInt();
        List<K> pending = new ArrayList<>(n);
        for (int i = 0; i < n; i++) pending.add(readSnapshot(in, splitVersionIn(version)));
        Set<String> unfinished = new HashSet<>(readStrings(in));
        return readStateFields(start, pending, unfinished, in.readBoolean(), in, version);
    }

    private static void writeBound(Long bound, DataOutputView out) throws IOException {
        out.writeBoolean(bound != null);
        if (bound != null) out.writeLong(bound);
    }

    private static Long readBound(DataInputView in) throws IOException {
        return in.readBoolean() ? in.readLong() : null;
    }

    /** A list of strings (split ids, table names). */
    protected static void writeStrings(List<String> strings, DataOutputView out) throws IOException {
        out.writeInt(strings.size());
        for (String s : strings) out.writeUTF(s);
    }

    /** A list as {@link #writeStrings} wrote it. */
    protected static List<String> readStrings(DataInputView in) throws IOException {
        int n = in.readInt();
        List<String> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) out.add(in.readUTF());
        return out;
    }

    private interface Writer<V> {
        void write(V value, DataOutputView out) throws IOException;
    }

    private interface Reader<V> {
        V read(DataInputView in, int version) throws IOException;
    }

    // versions 1 to the current one are read
    private record Serializer<V>(int version, String what, Writer<V> writer, Reader<V> reader)
            implements SimpleVersionedSerializer<V> {

        @Override
        public int getVersion() {
            return version;
        }

        @Override
        public byte[] serialize(V value) throws IOException {
            DataOutputSerializer out = new DataOutputSerializer(64);
            writer.write(value, out);
            return out.getCopyOfBuffer();
        }

        @Override
        public V deserialize(int version, byte[] serialized) throws IOException {
            if (version < 1 || version > this.version) throw new IOException("unknown version " + version + " of a " + what);
            return reader.read(new DataInputDeserializer(serialized), version);
        }
    }
}
