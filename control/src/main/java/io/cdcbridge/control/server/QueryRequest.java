package io.cdcbridge.control.server;

import java.util.Map;
import java.util.regex.Pattern;

/**
 * The body of POST /v1/queries: one query, at most how many rows (default 20), variable values, and optionally an id
 * the client chose, by which {@code DELETE /v1/queries/{id}} cancels the query while it runs.
 */
public record QueryRequest(String sql, Integer maxRows, Map<String, String> variables, String queryId) {

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    public QueryRequest {
        variables = variables == null ? Map.of() : Map.copyOf(variables);
        maxRows = maxRows == null ? 20 : maxRows;
        if (sql == null || sql.isBlank()) throw new IllegalArgumentException("a query needs its sql");
        if (queryId != null && !ID.matcher(queryId).matches()) {
            throw new IllegalArgumentException("query_id '" + queryId + "' is not 1 to 64 letters, digits, '-' or '_'");
        }
    }

    public QueryRequest(String sql, Integer maxRows, Map<String, String> variables) {
        this(sql, maxRows, variables, null);
    }
}
