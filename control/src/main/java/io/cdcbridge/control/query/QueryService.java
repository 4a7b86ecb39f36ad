package io.cdcbridge.control.query;

import io.cdcbridge.control.engine.Engine;
import io.cdcbridge.control.engine.EngineException;
import io.cdcbridge.control.engine.QueryAnswer;
import io.cdcbridge.control.script.Bindings;
import io.cdcbridge.control.script.VariableSource;
import io.cdcbridge.control.script.Variables;
import io.cdcbridge.control.secret.Redactor;
import io.cdcbridge.control.statement.Statement;
import io.cdcbridge.control.statement.StatementService;
import io.cdcbridge.control.workspace.Definition;
import io.cdcbridge.control.workspace.Workspace;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Queries that change nothing, as the SQL shell asks them: SHOW TABLES, SHOW VIEWS, DESCRIBE, EXPLAIN and SELECT
 * previews on the catalog as it is (answered by the engine), and SHOW STATEMENTS. Anything else is a script's.
 */
public final class QueryService {

    /** What a preview gives at most, whatever is asked. */
    public static final int MAX_ROWS = 1000;

    private static final Set<String> ENGINE_QUERIES = Set.of("SHOW", "DESCRIBE", "DESC", "EXPLAIN", "SELECT", "WITH", "VALUES");

    private final Workspace workspace;
    private final Engine engine;
    private final StatementService statements;
    private final Bindings bindings;
    // queries running under the id their client gave, each with what cancels it
    private final Map<String, CompletableFuture<Void>> running = new ConcurrentHashMap<>();

    public QueryService(Workspace workspace, Engine engine, StatementService statements) {
        this.workspace = workspace;
        this.engine = engine;
        this.statements = statements;
        this.bindings = new Bindings(workspace.secrets());
    }

    /** Answers {@code sql} (one statement, a trailing semicolon allowed) with at most {@code maxRows} rows. */
    public QueryAnswer answer(String sql, int maxRows, VariableSource vars) {
        return answer(sql, maxRows, vars, null);
    }

    /** As {@link #answer(String, int, VariableSource)}; while it runs, {@link #cancel(String)} with {@code queryId} ends it. */
    public QueryAnswer answer(String sql, int maxRows, VariableSource vars, String queryId) {
        CompletableFuture<Void> cancel = new CompletableFuture<>();
        if (queryId != null && running.putIfAbsent(queryId, cancel) != null) {
            throw new IllegalArgumentException("a query with id '" + queryId + "' runs already");
        }
        try {
            return answerUntil(sql, maxRows, vars, cancel);
        } finally {
            if (queryId != null) running.remove(queryId, cancel);
        }
    }

    /** Cancels the query running under {@code queryId}; false when none does (it ended, or never started). */
    public boolean cancel(String queryId) {
        CompletableFuture<Void> cancel = running.get(queryId);
        return cancel != null && cancel.complete(null);
    }

    private QueryAnswer answerUntil(String sql, int maxRows, VariableSource vars, CompletableFuture<Void> cancel) {
        String text = sql.strip();
        if (text.endsWith(";")) text = text.substring(0, text.length() - 1).strip();
        String[] words = text.split("\\s+");
        String first = words[0].toUpperCase(Locale.ROOT);
        int limit = Math.max(1, Math.min(maxRows, MAX_ROWS));
        if (isShowStatements(text)) return statements(statements.list());
        if (!ENGINE_QUERIES.contains(first)) {
            throw new IllegalArgumentException("'" + words[0] + "' changes the catalog or runs a statement: run it as a script"
                    + " (cdcbridge run FILE.sql); here: SHOW TABLES, SHOW VIEWS, SHOW STATEMENTS, DESCRIBE, EXPLAIN, SELECT");
        }
        try {
            List<String> defs = new ArrayList<>();
            for (Definition d : workspace.definitions()) defs.add(bindings.resolve(d, vars));
            return masked(engine.query(defs, vars.resolve(text), limit, cancel), vars.secrets());
        } catch (EngineException | Variables.UnknownVariableException e) {
            throw new IllegalArgumentException(Redactor.values(e.getMessage(), vars.secrets()), e);
        }
    }

    /** Whether a query (without its semicolon) is SHOW STATEMENTS, which the server answers itself. */
    public static boolean isShowStatements(String query) {
        return query.strip().replaceAll("\\s+", " ").equalsIgnoreCase("SHOW STATEMENTS");
    }

    /** An answer whose cells show no secret: a row may show an option's value (SHOW CREATE TABLE). */
    public static QueryAnswer masked(QueryAnswer a, Iterable<String> secrets) {
        return new QueryAnswer(a.columns(), a.rows().stream()
                .map(r -> r.stream().map(v -> v == null ? null : Redactor.values(Redactor.sql(v), secrets)).toList())
                .toList(), a.more(), a.cancelled());
    }

    /** SHOW STATEMENTS: each statement's name, phase and creation time. */
    public static QueryAnswer statements(List<Statement> all) {
        List<List<String>> rows = new ArrayList<>();
        for (Statement s : all) {
            rows.add(List.of(s.name(), s.status().phase().name(), String.valueOf(s.createdAt())));
        }
        return new QueryAnswer(List.of("name", "phase", "created_at"), rows, false);
    }
}
