package io.cdcbridge.connectors.postgres.source;

import java.util.Objects;
import org.apache.flink.api.common.ExecutionConfig;
import org.apache.flink.api.common.serialization.SerializerConfig;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;

/**
 * The type of the rows a slot's source emits, tagged with their table. The source is chained to the operators that
 * split its rows by table, so they pass without serialization ({@link TableRowSerializer#copy} shares the row, which
 * no one changes); the serializer writes them only when chaining is off.
 */
final class TableRowTypeInfo extends TypeInformation<TableRow> {

    private static final long serialVersionUID = 1L;

    private final SlotTables tables;

    TableRowTypeInfo(SlotTables tables) {
        this.tables = tables;
    }

    @Override public boolean isBasicType() { return false; }
    @Override public boolean isTupleType() { return false; }
    @Override public int getArity() { return 1; }
    @Override public int getTotalFields() { return 1; }
    @Override public Class<TableRow> getTypeClass() { return TableRow.class; }
    @Override public boolean isKeyType() { return false; }

    @Override
    public TypeSerializer<TableRow> createSerializer(SerializerConfig config) {
        return new TableRowSerializer(tables.all().stream().map(SourceConfig::producedType).toList());
    }

    @Override
    @Deprecated
    public TypeSerializer<TableRow> createSerializer(ExecutionConfig config) {
        return createSerializer(config.getSerializerConfig());
    }

    @Override
    public String toString() {
        return "TableRow(" + tables.describe() + ")";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TableRowTypeInfo t && t.tables == tables;
    }

    @Override
    public int hashCode() {
        return Objects.hashCode(System.identityHashCode(tables));
    }

    @Override
    public boolean canEqual(Object o) {
        return o instanceof TableRowTypeInfo;
    }
}
