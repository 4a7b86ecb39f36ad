package io.cdcbridge.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.cdcbridge.cli.client.ApiException;
import io.cdcbridge.cli.client.ServerClient;
import io.cdcbridge.control.script.Variables;
import io.cdcbridge.control.server.ScriptRequest;
import io.cdcbridge.control.workspace.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code cdcbridge run FILE.sql}: sends a Flink SQL script to the server. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Runs a Flink SQL script: SET, CREATE/ALTER/DROP, INSERT INTO (each a named statement), EXECUTE STATEMENT SET, STOP JOB.")
final class RunCommand implements Callable<Integer> {

    @Parameters(paramLabel = "FILE", description = "The script.")
    Path file;

    @Option(names = "--var", description = "A value for $${NAME} in the script; the environment is used for names not given.")
    Map<String, String> vars = new LinkedHashMap<>();

    @Option(names = "--dry-run", description = "Check the script against the catalog and apply nothing.")
    boolean dryRun;

    @Option(names = "--wait", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "How long to wait for every new statement to run (every task of its job) before the script is"
                    + " undone (" + DurationConverter.SYNTAX + "; default: " + ScriptRequest.DEFAULT_WAIT_SECONDS + "s).")
    Duration wait;

    @Option(names = "--no-wait", description = "Answer at once, new statements PENDING; a statement that fails later"
            + " stays FAILED and its script applied.")
    boolean noWait;

    @Option(names = "--wait-snapshot", description = "Then wait until every new statement has read its tables' snapshot,"
            + " showing rows read of the estimate (a progress bar on a terminal, a line per change otherwise).")
    boolean waitSnapshot;

    @Mixin
    ClientOptions client;

    @Override
    public Integer call() throws Exception {
        if (!Files.isRegularFile(file)) {
            System.err.println("error: no such script: " + file);
            return 1;
        }
        ServerClient server = client.client();
        JsonNode result;
        try {
            result = server.runScript(request(file, vars, dryRun, noWait ? Integer.valueOf(0)
                    : wait == null ? null : Integer.valueOf((int) Math.max(1, (wait.toMillis() + 999) / 1000))));
        } catch (ApiException e) {
            if (client.json && e.body() != null) System.out.println(Json.MAPPER.writeValueAsString(e.body()));
            else System.err.println("error: " + e.getMessage());
            return 1;
        }
        boolean failed = false;
        for (JsonNode o : result.path("statements")) failed |= "FAILED".equals(o.path("phase").asText());
        if (client.json) {
            System.out.println(Json.MAPPER.writeValueAsString(result));
        } else {
            for (JsonNode o : result.path("statements")) {
                System.out.println(describe(o));
                // a SHOW, DESCRIBE or EXPLAIN's answer, as the SQL shell shows it
                if (o.path("result").isObject()) io.cdcbridge.cli.demo.BoxTable.print(System.out, o.path("result"));
            }
        }
        if (waitSnapshot && !failed && !dryRun) {
            List<String> started = new ArrayList<>();
            for (JsonNode o : result.path("statements")) {
                if ("STATEMENT".equals(o.path("kind").asText()) && o.hasNonNull("statement_name")) started.add(o.path("statement_name").asText());
            }
            failed = !SnapshotWatch.follow(server, started, client.json ? null : System.out, System.console() != null);
        }
        return failed ? 1 : 0;
    }

    /** A script file as the server takes it: its text, and values for its ${NAME}s from --var, else the environment. */
    static ScriptRequest request(Path file, Map<String, String> vars, boolean dryRun) throws IOException {
        return request(file, vars, dryRun, null);
    }

    /** As {@link #request(Path, Map, boolean)}, the run waiting {@code waitSeconds} for its statements (null: the default). */
    static ScriptRequest request(Path file, Map<String, String> vars, boolean dryRun, Integer waitSeconds) throws IOException {
        String script = Files.readString(file);
        Map<String, String> values = new LinkedHashMap<>();
        for (String name : Variables.referenced(script)) {
            String env = System.getenv(name);
            if (env != null) values.put(name, env);
        }
        values.putAll(vars);
        return new ScriptRequest(file.toString(), script, values, dryRun, waitSeconds);
    }

    private static String describe(JsonNode o) {
        String where = "line " + o.path("line").asInt() + ": ";
        String kind = o.path("kind").asText();
        String name = o.path("statement_name").asText(null);
        String phase = o.path("phase").asText(null);
        String detail = o.path("detail").asText(null);
        return switch (kind) {
            case "STATEMENT" -> where + "statement '" + name + "' " + phase + (detail == null ? "" : ": " + detail);
            case "STOP_JOB" -> where + "statement '" + name + "' " + phase + (detail == null ? "" : ", savepoint " + detail);
            default -> where + o.path("summary").asText() + "  [" + (detail == null ? "ok" : detail) + "]";
        };
    }
}
