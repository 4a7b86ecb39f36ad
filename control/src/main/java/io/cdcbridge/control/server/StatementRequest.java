package io.cdcbridge.control.server;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The body of {@code POST /v1/statements} and {@code PATCH /v1/statements/{name}}, shaped as Confluent Cloud's
 * statements API has it: {@code {"name": ..., "spec": {"statement": ..., "properties": {...}, "stopped": ...}}}
 * (other fields of that API are accepted and ignored).
 */
public record StatementRequest(String name, Spec spec) {

    /** What the statement runs with, or (PATCH) whether it is to be stopped. */
    public record Spec(String statement, Map<String, String> properties, Boolean stopped) {}

    /**
     * The one-statement script a create runs: each property as a {@code SET}, the name as
     * {@code client.statement-name}, then the statement. Keys and values are written as SQL string literals.
     */
    public String script() {
        if (name == null || name.isBlank()) throw new IllegalArgumentException("a statement needs a 'name'");
        if (spec == null || spec.statement() == null || spec.statement().isBlank()) {
            throw new IllegalArgumentException("statement '" + name + "' needs 'spec.statement'");
        }
        Map<String, String> set = new LinkedHashMap<>(spec.properties() == null ? Map.of() : spec.properties());
        set.put("client.statement-name", name);
        StringBuilder script = new StringBuilder();
        set.forEach((k, v) -> script.append("SET ").append(literal(k)).append(" = ").append(literal(v)).append(";\n"));
        String statement = spec.statement().strip();
        script.append(statement.endsWith(";") ? statement : statement + ";").append('\n');
        return script.toString();
    }

    private static String literal(String s) {
        return "'" + s.replace("'", "''") + "'";
    }
}
