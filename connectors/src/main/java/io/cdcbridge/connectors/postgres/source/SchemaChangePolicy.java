package io.cdcbridge.connectors.postgres.source;

import io.cdcbridge.connectors.postgres.PostgresSourceOptions.SchemaChangeBehavior;
import java.io.Serializable;

/**
 * What a change of the source table's columns does ({@code 'schema-change.behavior'}), and the names a failure gives
 * for the way on: the Flink table that declares the columns and the statement (Flink job) reading it, null if unnamed.
 */
public record SchemaChangePolicy(SchemaChangeBehavior behavior, String flinkTable, String statement) implements Serializable {

    /** Whether a change that concerns a declared column stops the job. */
    public boolean fails() {
        return behavior != SchemaChangeBehavior.IGNORE;
    }
}
