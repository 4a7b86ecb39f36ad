package io.cdcbridge.connectors.postgres.source;

import java.io.IOException;
import java.util.List;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.runtime.typeutils.RowDataSerializer;
import org.apache.flink.table.types.logical.RowType;

/** The table's index, then its row with that table's {@link RowDataSerializer}. Never in state: only on the wire. */
final class TableRowSerializer extends TypeSerializer<TableRow> {

    private static final long serialVersionUID = 1L;

    private final List<RowType> types;
    private final RowDataSerializer[] rows;

    TableRowSerializer(List<RowType> types) {
        this.types = List.copyOf(types);
        this.rows = types.stream().map(RowDataSerializer::new).toArray(RowDataSerializer[]::new);
    }

    @Override public boolean isImmutableType() { return false; }
    @Override public TypeSerializer<TableRow> duplicate() { return new TableRowSerializer(types); }
    @Override public TableRow createInstance() { return null; }
    // rows are made afresh for every record and changed by no one after: sharing them is safe and costs nothing
    @Override public TableRow copy(TableRow from) { return from; }
    @Override public TableRow copy(TableRow from, TableRow reuse) { return from; }
    @Override public int getLength() { return -1; }

    @Override
    public void serialize(TableRow record, DataOutputView target) throws IOException {
        target.writeInt(record.table());
        rows[record.table()].serialize(record.row(), target);
    }

    @Override
    public TableRow deserialize(DataInputView source) throws IOException {
        int table = source.readInt();
        RowData row = rows[table].deserialize(source);
        return new TableRow(table, row);
    }

    @Override
    public TableRow deserialize(TableRow reuse, DataInputView source) throws IOException {
        return deserialize(source);
    }

    @Override
    public void copy(DataInputView source, DataOutputView target) throws IOException {
        serialize(deserialize(source), target);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TableRowSerializer t && t.types.equals(types);
    }

    @Override
    public int hashCode() {
        return types.hashCode();
    }

    @Override
    public TypeSerializerSnapshot<TableRow> snapshotConfiguration() {
        return new Snapshot(types);
    }

    /** Its snapshot: the tables' row types. */
    public static final class Snapshot implements TypeSerializerSnapshot<TableRow> {

        private List<RowType> types;

        /** For Flink's reflective restore. */
        public Snapshot() {}

        Snapshot(List<RowType> types) {
            this.types = types;
        }

        @Override
        public int getCurrentVersion() {
            return 1;
        }

        @Override
        public void writeSnapshot(DataOutputView out) throws IOException {
            out.writeInt(types.size());
            for (RowType t : types) out.writeUTF(t.asSerializableString());
        }

        @Override
        public void readSnapshot(int version, DataInputView in, ClassLoader loader) throws IOException {
            throw new IOException("rows tagged by table are never kept in state");
        }

        @Override
        public TypeSerializer<TableRow> restoreSerializer() {
            return new TableRowSerializer(types);
        }

        @Override
        public TypeSerializerSchemaCompatibility<TableRow> resolveSchemaCompatibility(TypeSerializerSnapshot<TableRow> old) {
            return TypeSerializerSchemaCompatibility.compatibleAsIs();
        }
    }
}
