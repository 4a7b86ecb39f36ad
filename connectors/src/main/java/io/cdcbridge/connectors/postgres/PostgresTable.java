package io.cdcbridge.connectors.postgres;

import java.io.Serializable;
import java.util.List;

/** The one table a source reads: where it is, the columns the Flink table declares, and its primary key. */
public record PostgresTable(PostgresEndpoint endpoint, String schema, String table, List<String> columns, List<String> key)
        implements Serializable {

    /** Copies the lists. */
    public PostgresTable {
        columns = List.copyOf(columns);
        key = List.copyOf(key);
    }

    /** The table as SQL text: {@code "schema"."table"}. */
    public String quoted() {
        return Identifiers.quote(schema, table);
    }

    /** {@code schema.table in host:port/database}, as messages name it. */
    public String describe() {
        return schema + "." + table + " in " + endpoint.describe();
    }
}
