package io.cdcbridge.connectors.postgres.source;

import io.cdcbridge.connectors.postgres.PostgresSourceOptions.SchemaChangeBehavior;
import java.io.Serializable;

/**
 * What a change of the source table's columns does ({@code 'schema-change.behavior'}), and the names a failure gives
 * for the way on: the Flink table that declares the columns and the statement (Flink job) reading it, null if unnamed;
 * and the pattern of table names of the schema that the statement means to read when they are created later
 * ({@code 'new-tables.pattern'}, null if none).
 */
public record SchemaChangePolicy(SchemaChangeBehavior behavior, String flinkTable, String statement, String newTables)
        implements Serializable {

    /** A policy without a pattern of new tables. */
    public SchemaChangePolicy(SchemaChangeBehavior behavior, String flinkTable, String statement) {
        this(behavior, flinkTable, statement, null);
    }

    /** Whether a table of the source's schema named so is one the statement means to read. */
    public boolean wants(String table) {
        return newTables != null && java.util.regex.Pattern.compile(newTables).matcher(table).matches();
    }

    /** Whether a change that concerns a declared column stops the job. */
    public boolean fails() {
        return behavior != SchemaChangeBehavior.IGNORE;
    }
}
