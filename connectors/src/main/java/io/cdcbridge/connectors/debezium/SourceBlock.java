package io.cdcbridge.connectors.debezium;

import static io.cdcbridge.connectors.debezium.ConnectType.JSON;
import static io.cdcbridge.connectors.debezium.ConnectType.fieldSchema;
import static io.cdcbridge.connectors.debezium.ConnectType.structSchema;

import io.cdcbridge.connectors.debezium.DebeziumKafkaOptions.Layout;
import java.io.IOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.core.JsonGenerator;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.flink.table.api.DataTypes;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.types.DataType;

/**
 * The {@code source} block of an event, laid out as Debezium's PostgreSQL or MySQL connector lays it out, with values
 * from the row's METADATA columns (postgres-cdc's and mysql-cdc's op_ts, database_name, schema_name, table_name) or
 * from table options. mysql-cdc tells no binlog coordinates per row: without columns giving them, MySQL's required
 * {@code server_id}, {@code file}, {@code pos} and {@code row} are written as 0, "", 0 and 0.
 */
final class SourceBlock {

    /** The Debezium release whose event layouts are reproduced; written as source.version. */
    static final String DEBEZIUM_VERSION = "3.6.1.Final";

    /** The metadata a debezium-kafka table can write, declared as {@code col TYPE METADATA FROM 'source.db'}. */
    enum Field {
        /** When the change was made; postgres-cdc's op_ts is 0 for snapshot rows, which makes them "r" events. */
        TS_MS("source.ts_ms", DataTypes.TIMESTAMP_LTZ(3)),
        /** The database. */
        DB("source.db", DataTypes.STRING()),
        /** The schema: part of the topic name. */
        SCHEMA("source.schema", DataTypes.STRING()),
        /** The table: part of the topic name. */
        TABLE("source.table", DataTypes.STRING()),
        /** The transaction id (postgres-cdc 3.5 does not expose it). */
        TX_ID("source.txId", DataTypes.BIGINT()),
        /** The log sequence number (postgres-cdc 3.5 does not expose it). */
        LSN("source.lsn", DataTypes.BIGINT()),
        /** MySQL's layout: the id of the server that wrote the change (mysql-cdc 3.5 does not expose it). */
        SERVER_ID("source.server_id", DataTypes.BIGINT()),
        /** MySQL's layout: the change's GTID. */
        GTID("source.gtid", DataTypes.STRING()),
        /** MySQL's layout: the binlog file of the change. */
        FILE("source.file", DataTypes.STRING()),
        /** MySQL's layout: the change's event position in that file. */
        POS("source.pos", DataTypes.BIGINT()),
        /** MySQL's layout: the row's number within its event. */
        ROW("source.row", DataTypes.INT());

        final String key;
        final DataType type;

        Field(String key, DataType type) {
            this.key = key;
            this.type = type;
        }

        /** Every writable metadata key with its type, in declaration order. */
        static Map<String, DataType> writable() {
            Map<String, DataType> all = new LinkedHashMap<>();
            for (Field f : values()) all.put(f.key, f.type);
            return all;
        }
    }

    private final Layout layout;
    private final String serverName;
    private final int[] positions = new int[Field.values().length];
    private final String defaultDb;
    private final String defaultSchema;
    private final String defaultTable;

    SourceBlock(EnvelopeSettings settings) {
        this.layout = settings.layout();
        this.serverName = settings.topicPrefix();
        List<String> keys = settings.metadataKeys();
        for (Field f : Field.values()) {
            int i = keys.indexOf(f.key);
            positions[f.ordinal()] = i < 0 ? -1 : settings.physicalFieldCount() + i;
        }
        this.defaultDb = settings.db() == null ? "" : settings.db(); // as Debezium, which writes "" when unknown
        this.defaultSchema = settings.schema();
        this.defaultTable = settings.table();
    }

    /** Whether rows carry the given metadata in a column. */
    boolean hasColumn(Field f) {
        return positions[f.ordinal()] >= 0;
    }

    /** Whether a create is a snapshot read: postgres-cdc gives snapshot rows an op_ts of 0. */
    boolean snapshot(RowData row, Change.Operation op) {
        int pos = positions[Field.TS_MS.ordinal()];
        return op == Change.Operation.CREATE && pos >= 0 && !row.isNullAt(pos)
                && row.getTimestamp(pos, 3).getMillisecond() == 0;
    }

    /** The topic name after the prefix: {@code <schema>.<table>}, in MySQL's layout {@code <db>.<table>}. */
    String topicName(RowData row) {
        return (layout == Layout.MYSQL ? required(row, Field.DB, defaultDb.isEmpty() ? null : defaultDb) : schema(row))
                + "." + table(row);
    }

    /** The row's schema name; throws naming the row's table when there is none. */
    String schema(RowData row) {
        return required(row, Field.SCHEMA, defaultSchema);
    }

    /** The row's table name; throws when there is none. */
    String table(RowData row) {
        return required(row, Field.TABLE, defaultTable);
    }

    /** Writes the block's value; {@code now} stands for the change time of snapshot rows, as Debezium's read time does. */
    void write(JsonGenerator g, RowData row, boolean snapshot, Instant now) throws IOException {
        Instant changed = now;
        int ts = positions[Field.TS_MS.ordinal()];
        if (!snapshot && ts >= 0 && !row.isNullAt(ts)) changed = row.getTimestamp(ts, 3).toInstant();
        g.writeStartObject();
        g.writeStringField("version", DEBEZIUM_VERSION);
        g.writeStringField("connector", layout == Layout.MYSQL ? "mysql" : "postgresql");
        g.writeStringField("name", serverName);
        g.writeNumberField("ts_ms", changed.toEpochMilli());
        g.writeStringField("snapshot", snapshot ? "true" : "false");
        g.writeStringField("db", orDefault(row, Field.DB, defaultDb));
        g.writeNullField("sequence");
        g.writeNumberField("ts_us", micros(changed));
        g.writeNumberField("ts_ns", nanos(changed));
        if (layout == Layout.MYSQL) {
            g.writeStringField("table", table(row));
            g.writeNumberField("server_id", longOr(row, Field.SERVER_ID, 0));
            g.writeStringField("gtid", orDefault(row, Field.GTID, null));
            g.writeStringField("file", orDefault(row, Field.FILE, ""));
            g.writeNumberField("pos", longOr(row, Field.POS, 0));
            int r = positions[Field.ROW.ordinal()];
            g.writeNumberField("row", r >= 0 && !row.isNullAt(r) ? row.getInt(r) : 0);
            g.writeNullField("thread");
            g.writeNullField("query");
        } else {
            g.writeStringField("schema", schema(row));
            g.writeStringField("table", table(row));
            writeLong(g, "txId", row, Field.TX_ID);
            writeLong(g, "lsn", row, Field.LSN);
            g.writeNullField("xmin");
            g.writeNullField("origin");
            g.writeNullField("origin_lsn");
        }
        g.writeEndObject();
    }

    /** The Connect schema of the block, as the "source" field of an envelope. */
    ObjectNode schema() {
        ObjectNode snapshot = JSON.objectNode();
        snapshot.put("type", "string");
        snapshot.put("optional", true);
        snapshot.put("name", "io.debezium.data.Enum");
        snapshot.put("version", 1);
        snapshot.putObject("parameters").put("allowed",
                "true,first,first_in_data_collection,last_in_data_collection,last,false,incremental");
        snapshot.put("default", "false");
        snapshot.put("field", "snapshot");
        List<ObjectNode> common = List.of(
                fieldSchema("string", false, "version"),
                fieldSchema("string", false, "connector"),
                fieldSchema("string", false, "name"),
                fieldSchema("int64", false, "ts_ms"),
                snapshot,
                fieldSchema("string", false, "db"),
                fieldSchema("string", true, "sequence"),
                fieldSchema("int64", true, "ts_us"),
                fieldSchema("int64", true, "ts_ns"));
        List<ObjectNode> own = layout == Layout.MYSQL ? List.of(
                fieldSchema("string", true, "table"),
                fieldSchema("int64", false, "server_id"),
                fieldSchema("string", true, "gtid"),
                fieldSchema("string", false, "file"),
                fieldSchema("int64", false, "pos"),
                fieldSchema("int32", false, "row"),
                fieldSchema("int64", true, "thread"),
                fieldSchema("string", true, "query")) : List.of(
                fieldSchema("string", false, "schema"),
                fieldSchema("string", false, "table"),
                fieldSchema("int64", true, "txId"),
                fieldSchema("int64", true, "lsn"),
                fieldSchema("int64", true, "xmin"),
                fieldSchema("string", true, "origin"),
                fieldSchema("int64", true, "origin_lsn"));
        List<ObjectNode> fields = new java.util.ArrayList<>(common);
        fields.addAll(own);
        return structSchema(fields, false, layout == Layout.MYSQL ? "io.debezium.connector.mysql.Source"
                : "io.debezium.connector.postgresql.Source", 1).put("field", "source");
    }

    static long micros(Instant t) {
        return t.getEpochSecond() * 1_000_000L + t.getNano() / 1_000;
    }

    static long nanos(Instant t) {
        return t.getEpochSecond() * 1_000_000_000L + t.getNano();
    }

    private String required(RowData row, Field f, String fallback) {
        String value = orDefault(row, f, fallback);
        if (value == null) {
            throw new IllegalStateException("a change event needs " + f.key + ", but the row's METADATA FROM '"
                    + f.key + "' column is NULL and the table has no '" + f.key + "' option");
        }
        return value;
    }

    private String orDefault(RowData row, Field f, String fallback) {
        int pos = positions[f.ordinal()];
        return pos >= 0 && !row.isNullAt(pos) ? row.getString(pos).toString() : fallback;
    }

    private long longOr(RowData row, Field f, long fallback) {
        int pos = positions[f.ordinal()];
        return pos >= 0 && !row.isNullAt(pos) ? row.getLong(pos) : fallback;
    }

    private void writeLong(JsonGenerator g, String name, RowData row, Field f) throws IOException {
        int pos = positions[f.ordinal()];
        if (pos >= 0 && !row.isNullAt(pos)) g.writeNumberField(name, row.getLong(pos));
        else g.writeNullField(name);
    }
}
