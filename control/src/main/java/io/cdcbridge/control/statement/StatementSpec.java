package io.cdcbridge.control.statement;

import java.util.Map;

/** What a statement is: its query and the properties in force when it was created. Immutable. */
public record StatementSpec(String statement, Map<String, String> properties, boolean stopped) {

    public StatementSpec {
        properties = Map.copyOf(properties);
    }

    /** The same spec, asked to be stopped or running. */
    public StatementSpec withStopped(boolean value) {
        return new StatementSpec(statement, properties, value);
    }
}
