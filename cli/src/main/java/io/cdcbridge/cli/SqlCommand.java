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
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import org.jline.reader.EOFError;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.ParsedLine;
import org.jline.reader.UserInterruptException;
import org.jline.reader.impl.DefaultParser;
import org.jline.reader.impl.completer.StringsCompleter;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code cdcbridge sql}: an interactive shell on the server (JLine: history, statements over several lines ended by
 * a semicolon, completion of table and view names). SHOW TABLES / VIEWS / STATEMENTS, DESCRIBE, EXPLAIN and SELECT
 * previews (at most --max-rows rows) are answered as tables; anything else runs as a one-statement script.
 */
@Command(name = "sql", mixinStandardHelpOptions = true,
        description = "An interactive SQL shell: SHOW TABLES|VIEWS|STATEMENTS, DESCRIBE, EXPLAIN, SELECT previews, and what"
                + " scripts run. Statements end with ';'; quit with 'quit;' or Ctrl-D.")
final class SqlCommand implements Callable<Integer> {

    private static final Set<String> QUERIES = Set.of("SHOW", "DESCRIBE", "DESC", "EXPLAIN", "SELECT", "WITH", "VALUES");
    private static final List<String> KEYWORDS = List.of("SELECT", "FROM", "WHERE", "LIMIT", "SHOW", "TABLES", "VIEWS",
            "STATEMENTS", "DESCRIBE", "EXPLAIN", "INSERT", "INTO", "CREATE", "TABLE", "VIEW", "SET", "GROUP", "BY", "ORDER");

    /** At most how many table (and view) names completion asks for. */
    private static final int COMPLETION_NAMES = 1000;

    @Mixin
    ClientOptions client;

    @Option(names = {"-e", "--execute"}, description = "Run these statements (';'-separated), print their answers and exit.")
    String execute;

    @Option(names = "--max-rows", defaultValue = "20", description = "At most this many rows of a query (default: ${DEFAULT-VALUE}).")
    int maxRows;

    @Option(names = "--history", description = "History file (default: ~/.cdcbridge_sql_history).")
    Path history;

    @Override
    public Integer call() throws IOException {
        ServerClient server = client.client();
        if (execute != null) {
            int code = 0;
            for (ScriptStatement s : ScriptSplitter.split(execute)) code = Math.max(code, run(server, s.text(), System.out));
            return code;
        }
        try (Terminal terminal = TerminalBuilder.builder().system(true).build()) {
            LineReader reader = LineReaderBuilder.builder().terminal(terminal).appName("cdcbridge")
                    .parser(new StatementParser())
                    .completer(new StringsCompleter(completions(server)))
                    .variable(LineReader.HISTORY_FILE, history != null ? history
                            : Path.of(System.getProperty("user.home"), ".cdcbridge_sql_history"))
                    .variable(LineReader.SECONDARY_PROMPT_PATTERN, "       -> ")
                    .build();
            PrintStream out = new PrintStream(terminal.output(), true, java.nio.charset.StandardCharsets.UTF_8);
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
                if (sql.replace(";", "").strip().equalsIgnoreCase("quit") || sql.replace(";", "").strip().equalsIgnoreCase("exit")) return 0;
                for (ScriptStatement s : ScriptSplitter.split(sql)) run(server, s.text(), out);
            }
        }
    }

    // one statement: a query's answer as a table, else the script's outcome; 1 when the server refused it
    private int run(ServerClient server, String sql, PrintStream out) {
        String first = sql.strip().split("\\s+")[0].toUpperCase(Locale.ROOT);
        try {
            if (QUERIES.contains(first)) {
                JsonNode answer = server.query(new QueryRequest(sql, maxRows, Map.of()));
                if (client.json) {
                    out.println(Json.MAPPER.writeValueAsString(answer));
                    return 0;
                }
                BoxTable.print(out, answer);
                if (answer.path("more").asBoolean()) out.println("(more rows than --max-rows " + maxRows + ")");
            } else {
                JsonNode answer = server.runScript(new ScriptRequest("sql", sql + ";", Map.of(), false));
                if (client.json) out.println(Json.MAPPER.writeValueAsString(answer));
                else for (JsonNode s : answer.path("statements")) out.println(s.path("detail").asText(s.path("kind").asText()));
            }
            return 0;
        } catch (ApiException e) {
            out.println("error: " + e.getMessage());
            return 1;
        } catch (IOException e) {
            out.println("error: " + e.getMessage());
            return 1;
        }
    }

    // table and view names for completion, with SQL keywords; none when the server does not answer
    private Set<String> completions(ServerClient server) {
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
