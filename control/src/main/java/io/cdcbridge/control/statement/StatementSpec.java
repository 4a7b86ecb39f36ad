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

    /** The same spec with {@code changed} properties set (resources at a resume). */
    public StatementSpec withProperties(Map<String, String> changed) {
        Map<String, String> all = new java.util.LinkedHashMap<>(properties);
        all.putAll(changed);
        return new StatementSpec(statement, all, stopped, principal);
    }

    /** The same spec, run as another principal. */
    public StatementSpec withPrincipal(String value) {
        return new StatementSpec(statement, properties, stopped, value);
    }
}
