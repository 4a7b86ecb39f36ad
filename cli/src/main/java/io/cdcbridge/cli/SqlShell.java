package io.cdcbridge.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.cdcbridge.cli.client.ApiException;
import io.cdcbridge.cli.client.ServerClient;
import io.cdcbridge.cli.demo.BoxTable;
import io.cdcbridge.control.script.ScriptSplitter;
import io.cdcbridge.control.script.ScriptStatement;
import io.cdcbridge.control.server.QueryRequest;
import io.cdcbridge.control.server.ScriptRequest;
import io.cdcbridge.control.workspace.Json;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.jline.reader.EOFError;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.ParsedLine;
import org.jline.reader.UserInterruptException;
import org.jline.reader.impl.DefaultParser;
import org.jline.reader.impl.completer.StringsCompleter;
import org.jline.terminal.Terminal;

/**
 * The SQL shell over a server: SHOW TABLES / VIEWS / STATEMENTS, DESCRIBE, EXPLAIN and SELECT previews (at most
 * {@code maxRows} rows) answered as tables, anything else run as a one-statement script. On a terminal, Ctrl-C while a
 * preview runs cancels it on the server (its job with it) and shows the rows that came; the shell goes on.
 */
public final class SqlShell {

    private static final Set<String> QUERIES = Set.of("SHOW", "DESCRIBE", "DESC", "EXPLAIN", "SELECT", "WITH", "VALUES");
    private static final List<String> KEYWORDS = List.of("SELECT", "FROM", "WHERE", "LIMIT", "SHOW", "TABLES", "VIEWS",
            "STATEMENTS", "DESCRIBE", "EXPLAIN", "INSERT", "INTO", "CREATE", "TABLE", "VIEW", "SET", "GROUP", "BY", "ORDER");

    /** At most how many table (and view) names completion asks for. */
    private static final int COMPLETION_NAMES = 1000;

    private final ServerClient server;
    private final int maxRows;
    private final boolean json;

    public SqlShell(ServerClient server, int maxRows, boolean json) {
        this.server = server;
        this.maxRows = maxRows;
        this.json = json;
    }

    /** Runs {@code statements} (';'-separated), printing each answer; 1 when the server refused any. */
    public int execute(String statements, PrintStream out) {
        int code = 0;
        for (ScriptStatement s : ScriptSplitter.split(statements)) code = Math.max(code, run(s.text(), out, null));
        return code;
    }

    /** Reads statements from {@code terminal} until quit, exit or end of input. */
    public int interact(Terminal terminal, Path history) {
        LineReader reader = LineReaderBuilder.builder().terminal(terminal).appName("cdcbridge")
                .parser(new StatementParser())
                .completer(new StringsCompleter(completions()))
                .variable(LineReader.HISTORY_FILE, history)
                .variable(LineReader.SECONDARY_PROMPT_PATTERN, "       -> ")
                .build();
        PrintStream out = new PrintStream(terminal.output(), true, StandardCharsets.UTF_8);
        while (true) {
            String line;
            try {
                line = reader.readLine("cdcbridge> ");
            } catch (UserInterruptException e) {
                continue;
            } catch (EndOfFileException e) {
                return 0;
            }
            String sql = line.strip();
            if (sql.isEmpty()) continue;
            String bare = sql.replace(";", "").strip();
            if (bare.equalsIgnoreCase("quit") || bare.equalsIgnoreCase("exit")) return 0;
            for (ScriptStatement s : ScriptSplitter.split(sql)) run(s.text(), out, terminal);
        }
    }

    // one statement: a query's answer as a table, else the script's outcome; 1 when the server refused it
    private int run(String sql, PrintStream out, Terminal terminal) {
        String first = sql.strip().split("\\s+")[0].toUpperCase(Locale.ROOT);
        try {
            if (QUERIES.contains(first)) {
                JsonNode answer = terminal == null ? server.query(new QueryRequest(sql, maxRows, Map.of()))
                        : cancellable(sql, terminal);
                if (json) {
                    out.println(Json.MAPPER.writeValueAsString(answer));
                    return 0;
                }
                BoxTable.print(out, answer);
                if (answer.path("cancelled").asBoolean()) out.println("(cancelled: the rows that came before Ctrl-C; its job is cancelled)");
                else if (answer.path("more").asBoolean()) out.println("(more rows than --max-rows " + maxRows + ")");
            } else {
                JsonNode answer = server.runScript(new ScriptRequest("sql", sql + ";", Map.of(), false));
                if (json) out.println(Json.MAPPER.writeValueAsString(answer));
                else for (JsonNode s : answer.path("statements")) out.println(s.path("detail").asText(s.path("kind").asText()));
            }
            return 0;
        } catch (ApiException | IOException e) {
            out.println("error: " + e.getMessage());
            return 1;
        }
    }

    // the query under an id of its own, which Ctrl-C (SIGINT) on the terminal cancels while it runs
    private JsonNode cancellable(String sql, Terminal terminal) {
        String id = UUID.randomUUID().toString();
        CompletableFuture<JsonNode> answer = CompletableFuture.supplyAsync(() -> server.query(new QueryRequest(sql, maxRows, Map.of(), id)));
        Terminal.SignalHandler before = terminal.handle(Terminal.Signal.INT, signal -> cancel(id, answer));
        try {
            return answer.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) throw r;
            throw e;
        } finally {
            terminal.handle(Terminal.Signal.INT, before);
        }
    }

    // asks the server to cancel, on a thread of its own (not the signal's); until the server knows the query (its
    // request may still be on the way) the server answers 404, so it asks again while the answer is awaited
    private void cancel(String id, CompletableFuture<JsonNode> answer) {
        Thread t = new Thread(() -> {
            while (!answer.isDone()) {
                try {
                    server.cancelQuery(id);
                    return;
                } catch (ApiException e) {
                    if (e.status() != 404) return;
                }
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "cdcbridge-sql-cancel");
        t.setDaemon(true);
        t.start();
    }

    // table and view names for completion, with SQL keywords; none when the server does not answer
    private Set<String> completions() {
        Set<String> words = new TreeSet<>(KEYWORDS);
        for (String show : List.of("SHOW TABLES", "SHOW VIEWS")) {
            try {
                server.query(new QueryRequest(show, COMPLETION_NAMES, Map.of())).path("rows").forEach(r -> words.add(r.get(0).asText()));
            } catch (ApiException e) {
                // completion of keywords only
            }
        }
        return words;
    }

    /** A statement goes on over further lines until it ends with ';' (or is quit/exit). */
    static final class StatementParser extends DefaultParser {
        @Override
        public ParsedLine parse(String line, int cursor, ParseContext context) {
            String t = line.strip();
            if (context == ParseContext.ACCEPT_LINE && !t.isEmpty() && !t.endsWith(";")
                    && !t.equalsIgnoreCase("quit") && !t.equalsIgnoreCase("exit")) {
                throw new EOFError(-1, -1, "the statement goes on until ';'");
            }
            return super.parse(line, cursor, context);
        }
    }
}
