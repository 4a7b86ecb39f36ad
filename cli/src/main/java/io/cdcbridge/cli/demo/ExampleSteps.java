package io.cdcbridge.cli.demo;

import com.fasterxml.jackson.databind.JsonNode;
import io.cdcbridge.cli.client.ServerClient;
import io.cdcbridge.cli.stack.LocalStack;
import io.cdcbridge.cli.topic.TopicReader;
import io.cdcbridge.cli.topic.TopicRecord;
import io.cdcbridge.control.server.ScriptRequest;
import io.cdcbridge.cli.EvolveCommand;
import io.cdcbridge.cli.client.ApiException;
import io.cdcbridge.cli.topic.TopicWriter;
import io.cdcbridge.control.evolution.EvolutionRequest;
import io.cdcbridge.control.evolution.Strategy;
import io.cdcbridge.control.workspace.Json;
import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The steps every demo is made of, on one example folder: run its Flink SQL scripts through the server (as
 * {@code cdcbridge run} does) and wait for their statements, run its SQL files against the embedded databases,
 * and read and print a topic. Each step is echoed as the command a user would type.
 */
public final class ExampleSteps {

    /** How long a statement may take to start, or a topic to fill. */
    public static final Duration WAIT = Duration.ofSeconds(90);

    private final String folder;
    private final LocalStack stack;
    private final ServerClient server;
    private final PrintStream out;

    public ExampleSteps(String folder, LocalStack stack, PrintStream out) {
        this.folder = folder;
        this.stack = stack;
        this.server = new ServerClient(stack.url());
        this.out = out;
    }

    /** The stack the steps run on. */
    public LocalStack stack() {
        return stack;
    }

    /** Where the steps print what they do. */
    public PrintStream out() {
        return out;
    }

    /** Runs one of the example's Flink SQL scripts through the REST API and waits for new statements to run. */
    public void run(String file) {
        Example script = new Example(folder, file);
        runSql(script.path(), script.text());
    }

    /** Runs Flink SQL given as text (a test's own script) as {@link #run} does; {@code scriptName} is what messages call it. */
    public void runSql(String scriptName, String sql) {
        out.println("$ cdcbridge run " + scriptName);
        JsonNode result = server.runScript(new ScriptRequest(scriptName, sql, Map.of(), false));
        for (JsonNode o : result.path("statements")) {
            String name = o.path("statement_name").asText(null);
            if (name == null || !"STATEMENT".equals(o.path("kind").asText())) {
                out.println("  line " + o.path("line").asInt() + ": " + o.path("summary").asText()
                        + (name == null ? "" : "  [statement '" + name + "' " + o.path("phase").asText() + "]"));
                continue;
            }
            JsonNode s = awaitRunning(name);
            out.println("  line " + o.path("line").asInt() + ": statement '" + name + "' " + s.path("status").path("phase").asText());
        }
    }

    /**
     * Writes the records of one of the example's data files to a topic: one JSON object a line, {@code {"key": ...,
     * "value": ...}}, each written as JSON.
     */
    public void produce(String topic, String file) {
        Example data = new Example(folder, file);
        out.println("$ cdcbridge produce --file " + data.path() + " --topic " + topic);
        List<TopicRecord> records = new ArrayList<>();
        for (String line : data.text().lines().filter(l -> !l.isBlank()).toList()) {
            try {
                JsonNode r = Json.MAPPER.readTree(line);
                records.add(new TopicRecord(topic, -1, 0, 0, compact(r.get("key")), compact(r.get("value"))));
            } catch (IOException e) {
                throw new IllegalStateException(data.path() + ": not a JSON line: " + line, e);
            }
        }
        TopicWriter.write(stack.kafkaBootstrap(), topic, records);
        out.println("  " + records.size() + " records");
    }

    /**
     * Evolves a statement to one of the example's scripts, as {@code cdcbridge evolve} does: prints the plan and the
     * progress until the evolution ends. A refusal is printed as such; returns the evolution's end, the plan of a
     * dry run, or null for a refusal.
     */
    public JsonNode evolve(String name, String file, Strategy strategy, boolean dryRun, String from) {
        Example script = new Example(folder, file);
        out.println("$ cdcbridge evolve " + name + " --to " + script.path() + " --strategy " + strategy.label()
                + (from == null ? "" : " --from " + from) + (dryRun ? " --dry-run" : ""));
        EvolutionRequest req = new EvolutionRequest(script.path(), script.text(), strategy, dryRun, false, from, null, null, Map.of());
        try {
            JsonNode answer = server.evolve(name, req);
            EvolveCommand.printPlan(answer.path("plan"), out);
            if (dryRun) return answer.path("plan");
            JsonNode end = EvolveCommand.follow(server, name, out);
            if (!"SUCCEEDED".equals(end.path("state").asText())) {
                throw new IllegalStateException("evolving '" + name + "' failed: " + end.path("error").asText());
            }
            return end;
        } catch (ApiException e) {
            out.println("  refused: " + e.getMessage());
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Runs one of the example's SQL files on the embedded PostgreSQL, as psql -f would. */
    public void postgres(String file) {
        Example sql = new Example(folder, file);
        out.println("$ psql -f " + sql.path());
        stack.services().postgres().execute(sql.text());
    }

    /** Runs one of the example's SQL files on the embedded MariaDB, as the mariadb client would (lines starting -- left out). */
    public void mariadb(String file) {
        Example sql = new Example(folder, file);
        out.println("$ mariadb < " + sql.path());
        String text = sql.text().lines().filter(l -> !l.startsWith("--")).collect(java.util.stream.Collectors.joining("\n"));
        stack.services().mariadb().execute(java.util.Arrays.stream(text.split(";")).map(String::strip)
                .filter(x -> !x.isEmpty()).toArray(String[]::new));
    }

    /** Prints Debezium events as kcat showed them in the seeds: key and value payloads, the JsonConverter schema left out. */
    public void printPayloads(String topic, List<TopicRecord> records) {
        out.println("$ cdcbridge consume " + topic + " --from-beginning   (payloads; each record also carries its schema)");
        for (TopicRecord r : records) {
            out.println("Key: " + payload(r.key()));
            out.println("Value: " + (r.tombstone() ? "null (tombstone)" : payload(r.value())));
        }
    }

    private static String payload(String json) {
        if (json == null) return "null";
        try {
            JsonNode n = Json.MAPPER.readTree(json);
            return (n.has("payload") ? n.get("payload") : n).toString();
        } catch (IOException e) {
            return json; // not ours to judge here: shown as it is
        }
    }

    /** Waits until the topic holds at least {@code count} records and returns all of them. */
    public List<TopicRecord> events(String topic, int count) {
        return events(topic, records -> records.size() >= count, "expected " + count + " events");
    }

    /** Waits until the topic's records are {@code complete} and returns all of them; {@code expected} says what for. */
    public List<TopicRecord> events(String topic, Predicate<List<TopicRecord>> complete, String expected) {
        String bootstrap = stack.kafkaBootstrap();
        long deadline = System.nanoTime() + WAIT.toNanos();
        List<TopicRecord> records = List.of();
        while (System.nanoTime() < deadline) {
            records = TopicReader.all(bootstrap, topic, Duration.ofMillis(500));
            if (complete.test(records)) return records;
            sleep(500);
        }
        throw new IllegalStateException(expected + " on topic '" + topic + "' within " + WAIT.toSeconds()
                + " s, saw " + records.size() + " events");
    }

    /** Prints the events of a topic, one per line, a tombstone marked as such. */
    public void print(String topic, List<TopicRecord> records) {
        out.println("Events on topic '" + topic + "':");
        for (TopicRecord r : records) {
            out.println("  key: " + r.key() + "  value: " + (r.tombstone() ? "(tombstone)" : r.value()));
        }
    }

    private static String compact(JsonNode n) {
        return n == null || n.isNull() ? null : n.toString();
    }

    private JsonNode awaitRunning(String name) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            JsonNode s = server.statement(name);
            String phase = s.path("status").path("phase").asText();
            if (phase.equals("RUNNING")) return s;
            if (phase.equals("FAILED") || System.nanoTime() > deadline) {
                throw new IllegalStateException("statement '" + name + "' is " + phase + ": "
                        + s.path("status").path("detail").asText(""));
            }
            sleep(250);
        }
    }

    /** Sleeps, turning an interrupt into an unchecked failure of the demo. */
    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
