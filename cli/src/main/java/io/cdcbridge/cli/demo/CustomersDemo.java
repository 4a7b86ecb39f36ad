package io.cdcbridge.cli.demo;

import com.fasterxml.jackson.databind.JsonNode;
import io.cdcbridge.cli.client.ServerClient;
import io.cdcbridge.cli.stack.LocalStack;
import io.cdcbridge.cli.topic.TopicReader;
import io.cdcbridge.cli.topic.TopicRecord;
import io.cdcbridge.control.server.ScriptRequest;
import io.cdcbridge.embedded.EmbeddedPostgres;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Seed 000 on the embedded stack, step by step as the seed does it: the customers data contract, the column
 * rename through a savepoint, and the phone numbers join. Used by {@code cdcbridge demo} and the tests alike.
 */
public final class CustomersDemo {

    /** The topic the contract is published on. */
    public static final String TOPIC = "customers";

    private static final String FOLDER = "customers-contract";
    private static final Duration WAIT = Duration.ofSeconds(90);

    private final LocalStack stack;
    private final ServerClient server;
    private final PrintStream out;

    public CustomersDemo(LocalStack stack, PrintStream out) {
        this.stack = stack;
        this.server = new ServerClient(stack.url());
        this.out = out;
    }

    /** Creates inventory.customers with four rows and the customers topic. */
    public void prepare() throws Exception {
        postgres("postgres/setup.sql");
        stack.services().kafka().createTopic(TOPIC, 1);
    }

    /** The seed's three SQL steps: source table, public table, publishing statement v1. */
    public void publish() throws Exception {
        run("flink/01-customers-source.sql");
        run("flink/02-customers-public.sql");
        run("flink/03-publish.sql");
    }

    /** The seed's insert, update and delete in Postgres. */
    public void changeData() throws Exception {
        postgres("postgres/changes.sql");
    }

    /** The column rename: stop v1 with a savepoint, change and rename in Postgres, start v2 from the savepoint. */
    public void renameColumn() throws Exception {
        run("flink/04-stop-with-savepoint.sql");
        postgres("postgres/rename.sql");
        run("flink/05-rename.sql");
    }

    /** The phone numbers: the table in Postgres, then the join statement (instead of v1). */
    public void phones() throws Exception {
        postgres("postgres/phones.sql");
        run("flink/06-phones.sql");
    }

    /** Waits until the topic holds at least {@code count} records and returns all of them. */
    public List<TopicRecord> events(int count) {
        String bootstrap = stack.services().kafka().bootstrapServers();
        long deadline = System.nanoTime() + WAIT.toNanos();
        List<TopicRecord> records = List.of();
        while (System.nanoTime() < deadline) {
            records = TopicReader.all(bootstrap, TOPIC, Duration.ofMillis(500));
            if (records.size() >= count) return records;
            sleep(500);
        }
        throw new IllegalStateException("expected " + count + " events on topic '" + TOPIC + "' within " + WAIT.toSeconds()
                + " s, saw " + records.size());
    }

    /** Prints the events of the topic, one per line, a tombstone marked as such. */
    public void print(List<TopicRecord> records) {
        out.println("Events on topic '" + TOPIC + "':");
        for (TopicRecord r : records) {
            out.println("  key: " + r.key() + "  value: " + (r.tombstone() ? "(tombstone)" : r.value()));
        }
    }

    /** Runs one of the example's Flink SQL scripts through the REST API and waits for new statements to run. */
    public void run(String file) throws Exception {
        Example script = new Example(FOLDER, file);
        out.println("$ cdcbridge run " + script.path());
        JsonNode result = server.runScript(new ScriptRequest(script.path(), script.text(), Map.of(), false));
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

    private void postgres(String file) throws Exception {
        Example sql = new Example(FOLDER, file);
        out.println("$ psql -f " + sql.path());
        EmbeddedPostgres pg = stack.services().postgres();
        pg.execute(sql.text());
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
