package io.cdcbridge.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.cdcbridge.cli.client.ApiException;
import io.cdcbridge.cli.client.ServerClient;
import io.cdcbridge.control.evolution.EvolutionRequest;
import io.cdcbridge.control.evolution.Strategy;
import io.cdcbridge.control.server.ScriptRequest;
import io.cdcbridge.control.workspace.Json;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code cdcbridge evolve NAME --to FILE.sql --strategy S}: replaces statement v1 by the script's v2, plan first. */
@Command(name = "evolve", mixinStandardHelpOptions = true,
        description = "Replaces a statement by a new version (the script's one INSERT), by one of four strategies:"
                + " blue-green (new table version, catch up, stop v1), reprocess (blue-green from --from),"
                + " carry-over (stateless v2 continues at v1's offsets, exactly once), in-place (same keyed table,"
                + " from v1's savepoint). Shows the plan, then the progress.")
public final class EvolveCommand implements Callable<Integer> {

    @Parameters(paramLabel = "NAME", description = "The statement to evolve (v1).")
    String name;

    @Option(names = "--to", required = true, paramLabel = "FILE.sql", description = "The script of v2: SET 'client.statement-name', optional CREATE TABLE, the INSERT.")
    Path file;

    @Option(names = "--strategy", required = true, description = "blue-green | reprocess | carry-over | in-place")
    String strategy;

    @Option(names = "--dry-run", description = "Show the plan and change nothing.")
    boolean dryRun;

    @Option(names = "--no-stop", description = "Leave v1 running once v2 caught up (blue-green, reprocess).")
    boolean noStop;

    @Option(names = "--from", paramLabel = "TIMESTAMP", description = "Where v2's sources start: epoch ms, 2024-06-07T12:27:06Z, or '2024-06-11 15:40:00' (UTC).")
    String from;

    @Option(names = "--max-behind", defaultValue = "0", description = "Messages behind that still count as caught up (default: ${DEFAULT-VALUE}).")
    long maxBehind;

    @Option(names = "--timeout", defaultValue = "600s", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "How long v2 may take to catch up (" + DurationConverter.SYNTAX + "; default: ${DEFAULT-VALUE}).")
    Duration timeout;

    @Option(names = "--var", description = "A value for $${NAME} in the script; the environment is used for names not given.")
    Map<String, String> vars = new LinkedHashMap<>();

    @Mixin
    ClientOptions client;

    @Override
    public Integer call() throws Exception {
        if (!Files.isRegularFile(file)) {
            System.err.println("error: no such script: " + file);
            return 1;
        }
        ServerClient server = client.client();
        try {
            ScriptRequest script = RunCommand.request(file, vars, false);
            EvolutionRequest req = new EvolutionRequest(script.file(), script.script(), Strategy.of(strategy), dryRun, noStop,
                    from, maxBehind, (int) Math.max(1, timeout.toSeconds()), script.variables());
            JsonNode answer = server.evolve(name, req);
            if (dryRun) {
                if (client.json) System.out.println(Json.MAPPER.writeValueAsString(answer));
                else printPlan(answer.path("plan"), System.out);
                return 0;
            }
            if (!client.json) printPlan(answer.path("plan"), System.out);
            JsonNode done = follow(server, name, client.json ? null : System.out);
            if (client.json) System.out.println(Json.MAPPER.writeValueAsString(done));
            return "SUCCEEDED".equals(done.path("state").asText()) ? 0 : 1;
        } catch (ApiException e) {
            if (client.json && e.body() != null) System.out.println(Json.MAPPER.writeValueAsString(e.body()));
            else System.err.println("error: " + e.getMessage());
            return 1;
        } catch (IllegalArgumentException e) {
            System.err.println("error: " + e.getMessage());
            return 2;
        }
    }

    /** Prints an evolution plan for a person. */
    public static void printPlan(JsonNode plan, PrintStream out) {
        out.println("Plan: evolve '" + plan.path("statement").asText() + "' to '" + plan.path("evolves_to").asText()
                + "' (" + plan.path("strategy").asText() + ")");
        out.println("  stops:       " + plan.path("stops").asText());
        out.println("  starts:      " + plan.path("starts").asText());
        out.println("  reads from:  " + plan.path("starts_from").asText());
        int i = 1;
        out.println("  steps:");
        for (JsonNode s : plan.path("steps")) out.println("    " + i++ + ". " + s.asText());
        if (!plan.path("consumers").isEmpty()) out.println("  consumers:");
        for (JsonNode c : plan.path("consumers")) out.println("    - " + c.asText());
        if (!plan.path("warnings").isEmpty()) out.println("  warnings:");
        for (JsonNode w : plan.path("warnings")) out.println("    ! " + w.asText());
    }

    /** Polls an evolution until it ends, printing each new progress line to {@code out} (if any); returns its end. */
    public static JsonNode follow(ServerClient server, String name, PrintStream out) throws InterruptedException {
        try (TerminalProgress bar = TerminalProgress.on(out, out != null && System.console() != null, "catch-up", "msgs")) {
            return follow(server, name, out, bar);
        }
    }

    private static JsonNode follow(ServerClient server, String name, PrintStream out, TerminalProgress bar) throws InterruptedException {
        int shown = 0;
        while (true) {
            JsonNode e = server.evolution(name);
            if (e.path("messages_behind").isNumber()) bar.behind(e.path("messages_behind").asLong());
            JsonNode progress = e.path("progress");
            for (; shown < progress.size(); shown++) {
                if (out != null) out.println("  " + progress.get(shown).asText());
            }
            if (!"RUNNING".equals(e.path("state").asText())) {
                if (out != null) out.println("evolution " + e.path("state").asText()
                        + (e.has("error") ? ": " + e.path("error").asText() : ""));
                return e;
            }
            Thread.sleep(500);
        }
    }
}
