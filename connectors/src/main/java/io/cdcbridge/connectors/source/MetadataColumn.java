package io.cdcbridge.connectors.source;

import java.util.ArrayList;
import java.util.List;
import org.apache.flink.table.api.DataTypes;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.data.TimestampData;
import org.apache.flink.table.types.DataType;
import org.apache.flink.table.types.logical.RowType;

/**
 * The metadata a CDC source's table can read ({@code METADATA FROM '...'}), as postgres-cdc and mysql-cdc name them
 * (MySQL has no schema), produced after the physical columns.
 */
public enum MetadataColumn {

    /** The database's name. */
    DATABASE_NAME("database_name", DataTypes.STRING().notNull()),
    /** The table's schema. */
    SCHEMA_NAME("schema_name", DataTypes.STRING().notNull()),
    /** The table's name. */
    TABLE_NAME("table_name", DataTypes.STRING().notNull()),
    /** When the change was committed (MySQL: its binlog event's time); the epoch (0) for snapshot rows. */
    OP_TS("op_ts", DataTypes.TIMESTAMP_LTZ(3).notNull());

    private final String key;
    private final DataType type;

    MetadataColumn(String key, DataType type) {
        this.key = key;
        this.type = type;
    }

    /** The name in {@code METADATA FROM '...'}. */
    public String key() {
        return key;
    }

    /** Its Flink type. */
    public DataType type() {
        return type;
    }

    /** The column of a key, or null. */
    public static MetadataColumn of(String key) {
        for (MetadataColumn m : values()) if (m.key.equals(key)) return m;
        return null;
    }

    /** Its internal value for a row of {@code database.schema.table} committed at {@code commitMillis} (0 for the snapshot). */
    public Object value(String database, String schema, String table, long commitMillis) {
        return switch (this) {
            case DATABASE_NAME -> StringData.fromString(database);
            case SCHEMA_NAME -> StringData.fromString(schema);
            case TABLE_NAME -> StringData.fromString(table);
            case OP_TS -> TimestampData.fromEpochMillis(commitMillis);
        };
    }

    /** The rows a source produces: the physical columns, then these metadata columns. */
    public static RowType produced(RowType physical, List<MetadataColumn> metadata) {
        List<RowType.RowField> fields = new ArrayList<>(physical.getFields());
        for (MetadataColumn m : metadata) fields.add(new RowType.RowField("$metadata$" + m.key(), m.type().getLogicalType()));
        return new RowType(false, fields);
    }

    /** Sets a row's metadata columns, after its {@code physical} ones. */
    public static void set(GenericRowData row, int physical, List<MetadataColumn> metadata, String database, String schema,
                           String table, long commitMillis) {
        for (int i = 0; i < metadata.size(); i++) {
            row.setField(physical + i, metadata.get(i).value(database, schema, table, commitMillis));
        }
    }
}
