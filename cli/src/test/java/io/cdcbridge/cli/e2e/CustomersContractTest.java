package io.cdcbridge.cli.e2e;

import static io.cdcbridge.cli.support.Events.ANNE;
import static io.cdcbridge.cli.support.Events.EDWARD;
import static io.cdcbridge.cli.support.Events.GEORGE;
import static io.cdcbridge.cli.support.Events.SALLY;
import static io.cdcbridge.cli.support.Events.SAUNDRA;
import static io.cdcbridge.cli.support.Events.key;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import io.cdcbridge.cli.client.ServerClient;
import io.cdcbridge.cli.demo.CustomersDemo;
import io.cdcbridge.cli.stack.LocalStack;
import io.cdcbridge.cli.support.Events;
import io.cdcbridge.cli.support.CommandRun;
import io.cdcbridge.cli.topic.TopicRecord;
import io.cdcbridge.cli.topic.TopicWriter;
import io.cdcbridge.control.workspace.Json;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Seed 000 end to end on real PostgreSQL, Kafka and Flink: the contract, the column rename, the phone numbers. */
@Tag("integration")
class CustomersContractTest {


    @TempDir
    Path workspace;

    @Test
    void publishesTheContractThenKeepsItThroughTheColumnRename() throws Exception {
        try (LocalStack stack = LocalStack.start(LocalStack.Options.local(workspace, "postgres,kafka"))) {
            CustomersDemo demo = new CustomersDemo(stack, quiet());
            demo.prepare();
            demo.publish();

            List<TopicRecord> snapshot = demo.events(4);
            assertThat(snapshot).extracting(TopicRecord::key, TopicRecord::value).containsExactlyInAnyOrder(
                    tuple(key(1001), SALLY), tuple(key(1002), GEORGE), tuple(key(1003), EDWARD), tuple(key(1004), ANNE));

            demo.changeData();
            List<TopicRecord> changes = demo.events(7).subList(4, 7);
            String saundra = SAUNDRA;
            assertThat(changes).extracting(TopicRecord::key, TopicRecord::value).containsExactly(
                    tuple(key(1005), saundra),
                    tuple(key(1005), saundra.replace("\"NEW\"", "\"VIP\"")),
                    tuple(key(1004), null));

            demo.renameColumn();
            List<TopicRecord> renamed = demo.events(9).subList(7, 9);
            assertThat(renamed).extracting(TopicRecord::key, TopicRecord::value).containsExactly(
                    tuple(key(1001), SALLY.replace("\"Sally\"", "\"Brandon Junior\"")),
                    tuple(key(1001), SALLY.replace("\"Sally\"", "\"Brandon III\"")));

            ServerClient server = new ServerClient(stack.url());
            JsonNode v1 = server.statement("customers-public-v1");
            assertThat(v1.path("status").path("phase").asText()).isEqualTo("STOPPED");
            assertThat(v1.path("status").path("savepoint").asText()).contains("savepoint-");
            assertThat(v1.path("status").path("latest_offsets").get(0).path("position").path("slot").asText())
                    .isEqualTo("customers_replication_slot");
            assertThat(server.statement("customers-public-v2").path("status").path("phase").asText()).isEqualTo("RUNNING");

            // verify: the topic's latest value per key against inventory.customers, by keys and counts (the query
            // computes the status and the date); v1 writes the same topic from the same table
            for (String statement : List.of("customers-public-v1", "customers-public-v2")) {
                CommandRun verify = CommandRun.of("verify", statement, "--server", stack.url());
                assertThat(verify.code()).as(verify.out() + verify.err()).isEqualTo(0);
                assertThat(verify.out()).contains("inventory.customers", "note: the target is topic 'customers' read to its end, its"
                        + " latest value per key; the query computes", "keys and counts compared, not values", "4 source rows, 4 target rows")
                        .endsWith("equal\n");
            }
            // a tombstone planted by hand: the key the topic lost is reported
            TopicWriter.write(stack.services().kafka().bootstrapServers(), CustomersDemo.TOPIC,
                    List.of(new TopicRecord(CustomersDemo.TOPIC, -1, -1, 0, key(1002), null)));
            CommandRun differs = CommandRun.of("verify", "customers-public-v1", "--server", stack.url());
            assertThat(differs.code()).as(differs.out() + differs.err()).isEqualTo(1);
            assertThat(differs.out()).contains("4 source rows, 3 target rows", "  MISSING   id=1002\n", "DIFFERENT: 1 missing, 0 extra, 0 different");
        }
    }

    @Test
    void joinsPhoneNumbersWithThePreferredOneAsFallback() throws Exception {
        try (LocalStack stack = LocalStack.start(LocalStack.Options.local(workspace, "postgres,kafka"))) {
            CustomersDemo demo = new CustomersDemo(stack, quiet());
            demo.prepare();
            demo.publish();
            demo.events(4);
            demo.run("flink/04-stop-with-savepoint.sql");
            demo.phones();

            Map<String, String> expected = Map.of(
                    key(1001), withPhones(SALLY, "[\"(212) 555-0112\",\"(212) 555-0113\"]"),
                    key(1002), withPhones(GEORGE, "null"),
                    key(1003), withPhones(EDWARD.replace("\"phone\":null", "\"phone\":\"(617) 555-0133\""), "null"),
                    key(1004), withPhones(ANNE, "null"));
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(90)).untilAsserted(() -> {
                Map<String, String> latest = Events.latest(io.cdcbridge.cli.topic.TopicReader.all(
                        stack.services().kafka().bootstrapServers(), CustomersDemo.TOPIC, java.time.Duration.ofMillis(500)));
                for (var e : expected.entrySet()) {
                    JsonNode actual = Json.MAPPER.readTree(latest.get(e.getKey()));
                    JsonNode want = Json.MAPPER.readTree(e.getValue());
                    assertThat(sortedPhones(actual)).as(e.getKey()).isEqualTo(sortedPhones(want));
                }
            });
            // verify: a join, compared by keys and counts with its driving table, customers
            CommandRun verify = CommandRun.of("verify", "customers-public-phones", "--server", stack.url());
            assertThat(verify.code()).as(verify.out() + verify.err()).isEqualTo(0);
            assertThat(verify.out()).contains("inventory.customers", "the query joins or aggregates, driven by table 'customers': keys and"
                    + " counts compared, not values", "4 source rows, 4 target rows").endsWith("equal\n");
        }
    }

    private static String withPhones(String value, String phones) {
        return value.substring(0, value.length() - 1) + ",\"further_phones\":" + phones + "}";
    }

    // the order of phones in the array is not defined by the query
    private static JsonNode sortedPhones(JsonNode v) {
        var copy = v.deepCopy();
        JsonNode arr = v.path("further_phones");
        if (arr.isArray()) {
            var sorted = Json.MAPPER.createArrayNode();
            java.util.stream.StreamSupport.stream(arr.spliterator(), false).map(JsonNode::asText).sorted().forEach(sorted::add);
            ((com.fasterxml.jackson.databind.node.ObjectNode) copy).set("further_phones", sorted);
        }
        return copy;
    }

    private static PrintStream quiet() {
        return new PrintStream(new ByteArrayOutputStream());
    }
}
