package io.cdcbridge.connectors.postgres;

import org.apache.flink.table.api.DataTypes;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.data.TimestampData;
import org.apache.flink.table.types.DataType;

/** The metadata a {@code cdcbridge-postgres} table can read ({@code METADATA FROM '...'}), as postgres-cdc names them. */
public enum MetadataColumn {

    /** The database's name. */
    DATABASE_NAME("database_name", DataTypes.STRING().notNull()),
    /** The table's schema. */
    SCHEMA_NAME("schema_name", DataTypes.STRING().notNull()),
    /** The table's name. */
    TABLE_NAME("table_name", DataTypes.STRING().notNull()),
    /** When the change was committed; the epoch (0) for snapshot rows. */
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

    /** Its internal value for a row of {@code table} committed at {@code commitMillis} (0 for the snapshot). */
    public Object value(PostgresTable table, long commitMillis) {
        return switch (this) {
            case DATABASE_NAME -> StringData.fromString(table.endpoint().database());
            case SCHEMA_NAME -> StringData.fromString(table.schema());
            case TABLE_NAME -> StringData.fromString(table.table());
            case OP_TS -> TimestampData.fromEpochMillis(commitMillis);
        };
    }
}
