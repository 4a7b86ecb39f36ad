package io.cdcbridge.cli;

import static io.cdcbridge.cli.support.Events.ANNE;
import static io.cdcbridge.cli.support.Events.EDWARD;
import static io.cdcbridge.cli.support.Events.GEORGE;
import static io.cdcbridge.cli.support.Events.SALLY;
import static io.cdcbridge.cli.support.Events.SAUNDRA;
import static io.cdcbridge.cli.support.Events.key;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cdcbridge.cli.client.ServerClient;
import io.cdcbridge.cli.demo.CustomersDemo;
import io.cdcbridge.cli.stack.LocalStack;
import io.cdcbridge.cli.support.Events;
import io.cdcbridge.cli.support.LoggedErrors;
import io.cdcbridge.cli.topic.TopicReader;
import io.cdcbridge.control.workspace.Json;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The customers demos as {@code cdcbridge demo} runs them, step for step, on real PostgreSQL, Kafka and Flink, checked
 * by what they print. (The migration, evolution and mysql demos run in UsersMigrationTest, EvolutionTest and
 * PastaMysqlDemoTest.)
 */
@Tag("integration")
class DemoScenariosTest {


    @TempDir
    Path workspace;

    // `demo customers-rename` is `demo customers` and then the rename: one run proves both
    @Test
    void customersShowsTheSnapshotThenTheInsertUpdateAndDeleteAndTheRenameKeepsTheContractThroughTheSavepoint() {
        String printed = run(DemoCommand.Scenario.CUSTOMERS_RENAME, (stack, out) -> { });
        assertThat(printed).contains("$ cdcbridge run examples/customers-contract/flink/03-publish.sql",
                "statement 'customers-public-v1' RUNNING",
                "STOP JOB 'customers-public-v1' WITH SAVEPOINT  [statement 'customers-public-v1' STOPPED]",
                "statement 'customers-public-v2' RUNNING");
        List<String> events = eventLines(printed);
        // printed three times: the snapshot; the snapshot and the changes; then also the two renames read from the savepoint on
        assertThat(events.subList(0, 4)).containsExactlyInAnyOrder(line(1001, SALLY), line(1002, GEORGE), line(1003, EDWARD), line(1004, ANNE));
        assertThat(events.subList(8, 11)).containsExactly(line(1005, SAUNDRA),
                line(1005, SAUNDRA.replace("\"NEW\"", "\"VIP\"")), "key: " + key(1004) + "  value: (tombstone)");
        assertThat(events.subList(events.size() - 2, events.size())).containsExactly(
                line(1001, SALLY.replace("\"Sally\"", "\"Brandon Junior\"")),
                line(1001, SALLY.replace("\"Sally\"", "\"Brandon III\"")));
    }

    @Test
    void customersPhonesStopsV1RightAfterItRunsAndJoinsThePhoneNumbers() {
        Map<String, String> expected = Map.of(
                key(1001), withPhones(SALLY, "[\"(212) 555-0112\",\"(212) 555-0113\"]"),
                key(1002), withPhones(GEORGE, "null"),
                key(1003), withPhones(EDWARD.replace("\"phone\":null", "\"phone\":\"(617) 555-0133\""), "null"),
                key(1004), withPhones(ANNE, "null"));
        String printed = run(DemoCommand.Scenario.CUSTOMERS_PHONES, (stack, out) ->
                Awaitility.await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> {
                    Map<String, String> latest = Events.latest(TopicReader.all(stack.services().kafka().bootstrapServers(),
                            CustomersDemo.TOPIC, Duration.ofMillis(500)));
                    for (var e : expected.entrySet()) {
                        assertThat(phonesSorted(latest.get(e.getKey()))).as(e.getKey()).isEqualTo(phonesSorted(e.getValue()));
                    }
                }));
        assertThat(printed).contains("statement 'customers-public-v1' RUNNING",
                "STOP JOB 'customers-public-v1' WITH SAVEPOINT  [statement 'customers-public-v1' STOPPED]",
                "statement 'customers-public-phones' RUNNING");
        assertThat(eventLines(printed).stream().filter(l -> l.contains("\"further_phones\":"))
                .map(l -> l.substring("key: ".length(), l.indexOf("  value: "))).distinct())
                .containsExactlyInAnyOrder(key(1001), key(1002), key(1003), key(1004));
    }

    private interface After {
        void check(LocalStack stack, PrintStream out) throws Exception;
    }

    // the scenario on a stack of its own, as the command runs it; then what the test checks on the same stack
    private String run(DemoCommand.Scenario scenario, After after) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        // the stack stops as the demo's does, with statements running: nothing may be logged as an error then either
        try (LoggedErrors errors = new LoggedErrors()) {
            try (LocalStack stack = LocalStack.start(LocalStack.Options.local(workspace, scenario.services))) {
                scenario.run.accept(stack, out);
                after.check(stack, out);
                for (JsonNode s : new ServerClient(stack.url()).statements().path("statements")) {
                    assertThat(s.path("status").path("phase").asText()).as(s.path("name").asText()).isIn("RUNNING", "STOPPED");
                }
            } catch (Exception e) {
                throw new AssertionError(e.getMessage() + "\nprinted:\n" + bytes.toString(StandardCharsets.UTF_8), e);
            }
            assertThat(errors.lines()).as("errors logged by the demo, its stop included").isEmpty();
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private static List<String> eventLines(String printed) {
        return printed.lines().filter(l -> l.startsWith("  key: ")).map(String::strip).toList();
    }

    private static String line(int id, String value) {
        return "key: " + key(id) + "  value: " + value;
    }

    private static String withPhones(String value, String phones) {
        return value.substring(0, value.length() - 1) + ",\"further_phones\":" + phones + "}";
    }

    // the order of the phones in the array is not defined by the query
    private static String phonesSorted(String value) throws Exception {
        if (value == null) return null;
        JsonNode v = Json.MAPPER.readTree(value);
        if (v.path("further_phones").isArray()) {
            TreeSet<String> sorted = new TreeSet<>();
            v.path("further_phones").forEach(p -> sorted.add(p.asText()));
            var array = Json.MAPPER.createArrayNode();
            sorted.forEach(array::add);
            ((com.fasterxml.jackson.databind.node.ObjectNode) v).set("further_phones", array);
        }
        return v.toString();
    }
}
