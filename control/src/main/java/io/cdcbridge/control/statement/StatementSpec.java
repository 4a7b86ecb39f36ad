package io.cdcbridge.control.statement;

import java.util.Map;

/**
 * What a statement is: its query and the properties in force when it was created (immutable), whether it is asked
 * to be stopped, and the principal it runs as: who created it, changeable when it resumes (null for a statement
 * made before principals were recorded).
 */
public record StatementSpec(String statement, Map<String, String> properties, boolean stopped, String principal) {

    public StatementSpec {
        properties = Map.copyOf(properties);
    }

    /** The same spec, asked to be stopped or running. */
    public StatementSpec withStopped(boolean value) {
        return new StatementSpec(statement, properties, value, principal);
    }

    /** The same spec, run as another principal. */
    public StatementSpec withPrincipal(String value) {
        return new StatementSpec(statement, properties, stopped, value);
    }
}
