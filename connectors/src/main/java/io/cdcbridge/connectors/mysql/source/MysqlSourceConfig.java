package io.cdcbridge.connectors.mysql.source;

import io.cdcbridge.connectors.mysql.MysqlEndpoint;
import java.io.Serializable;
import java.util.List;
import org.apache.flink.table.types.logical.RowType;

/**
 * Everything the source's enumerator and readers need: the server and database, the table, the Flink table's columns
 * and primary key, the column the snapshot is split by (null: one split) and the rows per split, the rows a snapshot
 * result set streams at a time, the replica id the binlog is read with, whether to snapshot first, and whether a
 * change of the table's columns stops the job.
 */
public record MysqlSourceConfig(MysqlEndpoint endpoint, String table, RowType physicalType, List<String> key,
                                String chunkKey, int chunkSize, int fetchSize, long serverId, boolean snapshot,
                                boolean failOnSchemaChange) implements Serializable {

    /** Copies the key. */
    public MysqlSourceConfig {
        key = List.copyOf(key);
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
