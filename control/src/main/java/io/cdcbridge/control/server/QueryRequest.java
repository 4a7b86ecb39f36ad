package io.cdcbridge.control.server;

import java.util.Map;

/** The body of POST /v1/queries: one query, at most how many rows (default 20), variable values. */
public record QueryRequest(String sql, Integer maxRows, Map<String, String> variables) {

    public QueryRequest {
        variables = variables == null ? Map.of() : Map.copyOf(variables);
        maxRows = maxRows == null ? 20 : maxRows;
        if (sql == null || sql.isBlank()) throw new IllegalArgumentException("a query needs its sql");
    }
}
