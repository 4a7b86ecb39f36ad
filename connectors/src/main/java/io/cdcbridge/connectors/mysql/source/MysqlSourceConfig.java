package io.cdcbridge.connectors.mysql.source;

import io.cdcbridge.connectors.mysql.MysqlEndpoint;
import io.cdcbridge.connectors.source.MetadataColumn;
import java.io.Serializable;
import java.util.List;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.types.logical.RowType;

/**
 * Everything the source's enumerator and readers need: the server and database, the table, the Flink table's columns
 * and primary key, the column the snapshot is split by (null: one split) and the rows per split, the rows a snapshot
 * result set streams at a time, the replica id the binlog is read with, whether to snapshot first, and whether a
 * change of the table's columns stops the job, and the metadata columns it produces after the physical ones.
 */
public record MysqlSourceConfig(MysqlEndpoint endpoint, String table, RowType physicalType, List<String> key,
                                String chunkKey, int chunkSize, int fetchSize, long serverId, boolean snapshot,
                                boolean failOnSchemaChange, List<MetadataColumn> metadata) implements Serializable {

    /** Copies the lists. */
    public MysqlSourceConfig {
        key = List.copyOf(key);
        metadata = List.copyOf(metadata);
    }

    /** The same, producing these metadata columns after the physical ones. */
    public MysqlSourceConfig withMetadata(List<MetadataColumn> chosen) {
        return new MysqlSourceConfig(endpoint, table, physicalType, key, chunkKey, chunkSize, fetchSize, serverId, snapshot,
                failOnSchemaChange, chosen);
    }

    /** The rows it produces: the physical columns, then the metadata columns. */
    public RowType producedType() {
        return MetadataColumn.produced(physicalType, metadata);
    }

    /** Sets a row's metadata columns (after its physical ones) for a change made at {@code millis} (0: snapshot). */
    public void setMetadata(GenericRowData row, long millis) {
        MetadataColumn.set(row, physicalType.getFieldCount(), metadata, endpoint.database(), null, table, millis);
    }

    /** {@code database.table in host:port/database}, as messages name the table. */
    public String describe() {
        return endpoint.database() + "." + table + " in " + endpoint.describe();
    }

    /** The table, quoted. */
    public String quotedTable() {
        return MysqlEndpoint.quote(endpoint.database()) + "." + MysqlEndpoint.quote(table);
    }
}
