package io.cdcbridge.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code cdcbridge sql}: the {@link SqlShell} on this terminal, or {@code -e} statements run once. */
@Command(name = "sql", mixinStandardHelpOptions = true,
        description = "An interactive SQL shell: SHOW TABLES|VIEWS|STATEMENTS, DESCRIBE, EXPLAIN, SELECT previews (Ctrl-C"
                + " cancels a running one), and what scripts run. Statements end with ';'; quit with 'quit;' or Ctrl-D.")
final class SqlCommand implements Callable<Integer> {

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
        SqlShell shell = new SqlShell(client.client(), maxRows, client.json);
        if (execute != null) return shell.execute(execute, System.out);
        try (Terminal terminal = TerminalBuilder.builder().system(true).build()) {
            return shell.interact(terminal, history != null ? history : Path.of(System.getProperty("user.home"), ".cdcbridge_sql_history"));
        }
    }
}
