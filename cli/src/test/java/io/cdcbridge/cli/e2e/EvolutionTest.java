package io.cdcbridge.cli.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cdcbridge.cli.DemoCommand;
import io.cdcbridge.cli.support.CommandRun;
import io.cdcbridge.cli.support.Events;
import io.cdcbridge.cli.support.StackExtension;
import io.cdcbridge.cli.topic.TopicReader;
import io.cdcbridge.cli.topic.TopicRecord;
import io.cdcbridge.cli.topic.TopicWriter;
import io.cdcbridge.control.server.ScriptRequest;
import io.cdcbridge.control.workspace.Json;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.IntStream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Query evolution on real Kafka and Flink, one strategy a test, each on tables of its own: what consumers of the old
 * and the new table see, per key, before and after the switch; and the evolution demo, every strategy in turn. One
 * stack for all. Checkpoints every second, so that committed offsets (and with them "messages behind") move quickly.
 */
@Tag("integration")
class EvolutionTest {

    @RegisterExtension
    static final StackExtension STACK = new StackExtension("kafka").checkpointingEverySecond();

    @TempDir
    static Path scripts;

    @Test
    void carryOverContinuesExactlyWhereV1StoppedAndRefusesAStatefulV2() throws Exception {
        orders("co_orders", 2, "");
        STACK.services().kafka().createTopic("co_out", 1);
        run("co-v1.sql", """
                CREATE TABLE co_out (order_id INT, amount BIGINT, version STRING) WITH (
                  'connector' = 'kafka', 'topic' = 'co_out', 'properties.bootstrap.servers' = '${KAFKA_BOOTSTRAP_SERVERS}',
                  'format' = 'json');
                SET 'client.statement-name' = 'co-v1';
                INSERT INTO co_out SELECT order_id, CAST(amount AS BIGINT), 'v1' FROM co_orders;
                """);
        awaitPhase("co-v1", "RUNNING");
        produce("co_orders", 1, 20, 0);
        awaitRecords("co_out", 20);

        Path counting = script("co-count.sql", """
                CREATE TABLE co_counts (order_id INT, n BIGINT, PRIMARY KEY (order_id) NOT ENFORCED) WITH ('connector' = 'blackhole');
                SET 'client.statement-name' = 'co-count';
                INSERT INTO co_counts SELECT order_id, COUNT(*) FROM co_orders GROUP BY order_id;
                """);
        CommandRun refused = cli("evolve", "co-v1", "--to", counting.toString(), "--strategy", "carry-over");
        assertThat(refused.code()).isEqualTo(1);
        assertThat(refused.err()).startsWith("error: carry-over needs a stateless statement (every output record made from one"
                + " input record), but v2 'co-count' keeps state in: GroupAggregate(groupBy=[order_id], select=[order_id, COUNT(*)");
        assertThat(STACK.server().catalog().toString()).doesNotContain("co_counts");

        Path v2 = script("co-v2.sql", """
                SET 'client.statement-name' = 'co-v2';
                INSERT INTO co_out SELECT order_id, CAST(amount AS BIGINT) * 100, 'v2' FROM co_orders;
                """);
        CommandRun dry = cli("evolve", "co-v1", "--to", v2.toString(), "--strategy", "carry-over", "--dry-run", "--json");
        assertThat(dry.code()).isZero();
        JsonNode plan = Json.MAPPER.readTree(dry.out()).path("plan");
        assertThat(plan.path("evolves_to").asText()).isEqualTo("co-v2");
        assertThat(plan.path("stops").asText()).isEqualTo("v1 'co-v1' stops first, with a savepoint; the offsets its sources"
                + " reached are where v2 starts");
        assertThat(plan.path("steps")).extracting(JsonNode::asText).containsExactly(
                "stop v1 'co-v1' with a savepoint and take its sources' offsets",
                "create v2 'co-v2' with those offsets as option hints on co_orders",
                "watch v2 'co-v2' until it is at most 0 messages behind its sources");
        assertThat(plan.path("consumers")).extracting(JsonNode::asText).containsExactly(
                "consumers of 'co_out' keep reading it: v2 continues where v1 stopped, every input record once");
        assertThat(cli("evolve", "co-v1", "--to", v2.toString(), "--strategy", "carry-over", "--dry-run").out())
                .startsWith("Plan: evolve 'co-v1' to 'co-v2' (carry-over)\n");
        assertThat(STACK.server().statement("co-v1").path("status").path("phase").asText()).isEqualTo("RUNNING");
        assertThat(STACK.server().statements().path("statements")).extracting(s -> s.path("name").asText())
                .doesNotContain("co-v2");

        produce("co_orders", 21, 40, 0); // arriving while v1 stops: some are v1's, the rest v2's
        CommandRun evolved = cli("evolve", "co-v1", "--to", v2.toString(), "--strategy", "carry-over");
        assertThat(evolved.code()).as(evolved.out() + evolved.err()).isZero();
        assertThat(evolved.out()).contains("v1 'co-v1' STOPPED, savepoint ").contains("v2 starts at co_orders partition:0,offset:")
                .contains("v2 'co-v2' RUNNING").contains("evolution SUCCEEDED");
        produce("co_orders", 41, 50, 0);

        Map<Integer, List<JsonNode>> byKey = byKey(awaitRecords("co_out", 50));
        assertThat(byKey.keySet()).containsExactlyElementsOf(IntStream.rangeClosed(1, 50).boxed().toList());
        List<Integer> fromV1 = new ArrayList<>();
        byKey.forEach((id, rows) -> {
            assertThat(rows).as("records of order %d", id).hasSize(1);
            JsonNode row = rows.get(0);
            boolean v1 = row.path("version").asText().equals("v1");
            if (v1) fromV1.add(id);
            assertThat(row.toString()).isEqualTo("{\"order_id\":" + id + ",\"amount\":" + (v1 ? id * 10 : id * 1000)
                    + ",\"version\":\"" + (v1 ? "v1" : "v2") + "\"}");
        });
        assertThat(fromV1).containsAll(IntStream.rangeClosed(1, 20).boxed().toList()).allMatch(id -> id <= 40);
        // v1's recorded offsets are exactly the records it wrote: v2 began where v1 ended
        JsonNode v1 = STACK.server().statement("co-v1");
        assertThat(v1.path("status").path("phase").asText()).isEqualTo("STOPPED");
        long v1Offsets = 0;
        for (JsonNode o : v1.path("status").path("latest_offsets")) {
            for (JsonNode offset : o.path("position").path("partitions")) v1Offsets += offset.asLong();
        }
        assertThat(v1Offsets).isEqualTo(fromV1.size());

        JsonNode lineage = STACK.server().statement("co-v2").path("lineage");
        assertThat(lineage.path("evolved_from").asText()).isEqualTo("co-v1");
        assertThat(lineage.path("strategy").asText()).isEqualTo("carry-over");
        assertThat(cli("statements", "describe", "co-v2").out()).contains("Evolved from: co-v1 (carry-over, started from v1's offsets, ");

        // v2 stopped without a savepoint as soon as it has written more: its latest offsets are its last checkpoint's, what
        // it wrote after it (if anything) is taken as written from the input it read up to its topic's ends at the stop
        produce("co_orders", 51, 60, 0);
        Awaitility.await().atMost(Duration.ofSeconds(120)).until(() ->
                TopicReader.all(STACK.bootstrap(), "co_out", Duration.ofMillis(100)).size() >= 60);
        assertThat(cli("statements", "stop", "co-v2").code()).isZero();
        long inputEnds = 0;
        for (JsonNode o : STACK.server().statement("co-v2").path("status").path("input_ends")) {
            for (JsonNode offset : o.path("position").path("partitions")) inputEnds += offset.asLong();
        }
        assertThat(inputEnds).isEqualTo(60);
        CommandRun verified = cli("verify", "co-v2", "--json");
        JsonNode report = Json.MAPPER.readTree(verified.out());
        assertThat(report.path("equal").asBoolean()).as(verified.out()).isTrue();
        assertThat(report.path("target_rows").asLong()).as(verified.out()).isEqualTo(60 - fromV1.size());
    }

    // `cdcbridge demo evolution` (examples/orders-evolution) as it runs, on this class's stack (its tables are its own):
    // what each strategy left on the topics. Blue-green on tables of its own: SessionClusterTest, on the session cluster
    @Test
    void theOrdersEvolutionWalkThroughRunsEveryStrategy() throws Exception {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        DemoCommand.Scenario.EVOLUTION.play(STACK.stack(), new PrintStream(buffer, true, StandardCharsets.UTF_8));
        String printed = buffer.toString(StandardCharsets.UTF_8);
        System.out.println(printed);
        String bootstrap = STACK.bootstrap();
        assertThat(printed).contains("refused: carry-over needs a stateless statement",
                "== Blue/green: a new table version, caught up, then v1 stops",
                "== A router, then carry-over: v2 continues at v1's offsets, every event once",
                "== Reprocess from a point in time: a new table with the shipments since the second batch",
                "== In place: the same keyed table, from v1's savepoint");
        assertThat(Events.latest(TopicReader.all(bootstrap, "orders_with_customers_v1", Duration.ofSeconds(1)))).isEqualTo(Map.of(
                "{\"order_id\":101}", "{\"order_id\":101,\"product\":\"keyboard\",\"price_minor\":4990,\"customer_id\":1,\"customer_name\":\"Ada Lovelace\"}",
                "{\"order_id\":102}", "{\"order_id\":102,\"product\":\"monitor\",\"price_minor\":19900,\"customer_id\":2,\"customer_name\":\"Grace Hopper\"}",
                "{\"order_id\":103}", "{\"order_id\":103,\"product\":\"mouse\",\"price_minor\":1999,\"customer_id\":2,\"customer_name\":\"Grace B. Hopper\"}"));
        // the router's carry-over: every shipment event once across v1 and v2
        assertThat(values(TopicReader.all(bootstrap, "shipments", Duration.ofSeconds(1)))).containsExactly(
                "{\"event_id\":\"e3\",\"order_id\":101,\"carrier\":\"dhl\"}",
                "{\"event_id\":\"e5\",\"order_id\":102,\"carrier\":\"ups\"}",
                "{\"event_id\":\"e7\",\"order_id\":103,\"carrier\":\"dhl\"}",
                "{\"event_id\":\"e8\",\"order_id\":104,\"carrier\":\"fedex\"}");
        // reprocess from the second batch on, then the third batch live
        assertThat(values(TopicReader.all(bootstrap, "shipments_v3", Duration.ofSeconds(1)))).containsExactly(
                "{\"event_id\":\"e7\",\"order_id\":103,\"carrier\":\"DHL\"}",
                "{\"event_id\":\"e8\",\"order_id\":104,\"carrier\":\"FEDEX\"}",
                "{\"event_id\":\"e10\",\"order_id\":105,\"carrier\":\"UPS\"}");
        // in place: v2_2 carried on with v2_1's join state; what it emitted since has upper-cased products
        Map<String, String> v2 = Events.latest(TopicReader.all(bootstrap, "orders_with_customers_v2", Duration.ofSeconds(1)));
        assertThat(v2).hasSize(5);
        assertThat(v2.get("{\"order_id\":101}")).isEqualTo("{\"order_id\":101,\"product\":\"keyboard\",\"price_minor\":4990,"
                + "\"customer_id\":1,\"customer_name\":\"Ada Lovelace\",\"country\":\"GB\"}");
        assertThat(v2.get("{\"order_id\":105}")).isEqualTo("{\"order_id\":105,\"product\":\"HEADSET\",\"price_minor\":8950,"
                + "\"customer_id\":1,\"customer_name\":\"Ada Lovelace\",\"country\":\"GB\"}");

        // verify: what each statement wrote equals its query run again over what it read (neither end a database)
        for (String statement : List.of("orders_with_customers_v1_1", "orders_with_customers_v2_1", "orders_with_customers_v2_2",
                "route_events_v1", "route_events_v2", "route_events_v3")) {
            CommandRun verified = cli("verify", statement);
            assertThat(verified.code()).as(statement + ":\n" + verified.out() + verified.err()).isZero();
            // a statement set's report: a summary per topic
            assertThat(verified.out()).as(statement).containsAnyOf("\nequal\n", "tables: 2 equal, 0 differ");
        }
        // a changed value for a key v2_2 wrote, and an extra shipment where v3 writes
        TopicWriter.write(bootstrap, "orders_with_customers_v2", List.of(new TopicRecord("orders_with_customers_v2", -1, 0, 0,
                "{\"order_id\":105}", "{\"order_id\":105,\"product\":\"HEADSET\",\"price_minor\":1,\"customer_id\":1,"
                        + "\"customer_name\":\"Ada Lovelace\",\"country\":\"GB\"}")));
        TopicWriter.write(bootstrap, "shipments_v3", List.of(new TopicRecord("shipments_v3", -1, 0, 0, null,
                "{\"event_id\":\"e99\",\"order_id\":105,\"carrier\":\"UPS\"}")));
        CommandRun extra = cli("verify", "route_events_v3");
        assertThat(extra.code()).as(extra.out() + extra.err()).isEqualTo(1);
        assertThat(extra.out()).contains("table shipments_v3:", "  EXTRA     {event_id=e99, order_id=105, carrier=UPS}",
                "DIFFERENT: 0 missing, 1 extra, 0 different", "table order_events:");
        CommandRun refused = cli("verify", "route_events_v3", "--repair");
        assertThat(refused.code()).isNotZero();
        assertThat(refused.err()).contains("--repair cannot take a duplicate or a missing record back out of a log, so it changes nothing");
        CommandRun repaired = cli("verify", "orders_with_customers_v2_2", "--repair", "--json");
        assertThat(repaired.code()).as(repaired.out() + repaired.err()).isZero();
        JsonNode report = Json.MAPPER.readTree(repaired.out());
        assertThat(report.path("rows")).hasSize(1);
        assertThat(report.path("rows").get(0).toString())
                .isEqualTo("{\"kind\":\"different\",\"key\":{\"order_id\":\"105\"},\"columns\":[\"price_minor\"]}");
        assertThat(report.path("summary").asText()).contains("\n  DIFFERENT {order_id=105}: price_minor\n");
        assertThat(report.path("repair").path("upserted").asLong()).isEqualTo(1);
        assertThat(report.path("after_repair").path("equal").asBoolean()).as(repaired.out()).isTrue();
        assertThat(Events.latest(TopicReader.all(bootstrap, "orders_with_customers_v2", Duration.ofSeconds(1)))
                .get("{\"order_id\":105}")).contains("\"price_minor\":8950");
    }

    @Test
    void reprocessStartsAtTheTimestampAndWarnsWhenTheStartCutsAWindow() throws Exception {
        Instant hour15 = Instant.parse("2024-06-11T15:00:00Z");
        Instant hour16 = Instant.parse("2024-06-11T16:00:00Z");
        orders("rp_orders", 1, ", ts TIMESTAMP_LTZ(3) METADATA FROM 'timestamp' VIRTUAL, WATERMARK FOR ts AS ts");
        STACK.services().kafka().createTopic("rp_out_v1", 1);
        STACK.services().kafka().createTopic("rp_out_v2", 1);
        run("rp-v1.sql", """
                CREATE TABLE rp_out_v1 (order_id INT, amount INT) WITH (
                  'connector' = 'kafka', 'topic' = 'rp_out_v1', 'properties.bootstrap.servers' = '${KAFKA_BOOTSTRAP_SERVERS}',
                  'format' = 'json');
                SET 'client.statement-name' = 'rp-v1';
                INSERT INTO rp_out_v1 SELECT order_id, amount FROM rp_orders;
                """);
        awaitPhase("rp-v1", "RUNNING");
        produce("rp_orders", 1, 5, hour15.toEpochMilli());
        produce("rp_orders", 6, 10, hour16.toEpochMilli());
        awaitRecords("rp_out_v1", 10);

        Path hourly = script("rp-hourly.sql", """
                CREATE TABLE rp_hourly (window_start TIMESTAMP(3), n BIGINT) WITH ('connector' = 'blackhole');
                SET 'client.statement-name' = 'rp-hourly';
                INSERT INTO rp_hourly SELECT window_start, COUNT(*)
                FROM TABLE(TUMBLE(TABLE rp_orders, DESCRIPTOR(ts), INTERVAL '1' HOUR)) GROUP BY window_start, window_end;
                """);
        JsonNode cut = Json.MAPPER.readTree(cli("evolve", "rp-v1", "--to", hourly.toString(), "--strategy", "reprocess",
                "--from", "2024-06-11T16:20:00Z", "--dry-run", "--json").out()).path("plan");
        assertThat(cut.path("warnings")).extracting(JsonNode::asText).singleElement().asString()
                .startsWith("starting at 2024-06-11T16:20:00Z cuts the window that began at 2024-06-11T16:00:00Z (")
                .endsWith("its first result counts only the input from 2024-06-11T16:20:00Z on; start at 2024-06-11T17:00:00Z"
                        + " (a window boundary), or filter the window's time column (WHERE event_time >= '2024-06-11T17:00:00Z')");
        JsonNode aligned = Json.MAPPER.readTree(cli("evolve", "rp-v1", "--to", hourly.toString(), "--strategy", "reprocess",
                "--from", "2024-06-11 16:00:00", "--dry-run", "--json").out()).path("plan");
        assertThat(aligned.path("warnings")).isEmpty();
        assertThat(STACK.server().catalog().toString()).doesNotContain("rp_hourly");

        Path v2 = script("rp-v2.sql", """
                CREATE TABLE rp_out_v2 (order_id INT, amount INT) WITH (
                  'connector' = 'kafka', 'topic' = 'rp_out_v2', 'properties.bootstrap.servers' = '${KAFKA_BOOTSTRAP_SERVERS}',
                  'format' = 'json');
                SET 'client.statement-name' = 'rp-v2';
                INSERT INTO rp_out_v2 SELECT order_id, amount FROM rp_orders;
                """);
        CommandRun evolved = cli("evolve", "rp-v1", "--to", v2.toString(), "--strategy", "reprocess", "--from",
                String.valueOf(hour16.toEpochMilli()), "--no-stop");
        assertThat(evolved.code()).as(evolved.out() + evolved.err()).isZero();
        assertThat(evolved.out()).contains("creating v2 'rp-v2' (from timestamp 2024-06-11T16:00:00Z)")
                .contains("v1 'rp-v1' left RUNNING");
        assertThat(values(TopicReader.all(STACK.bootstrap(), "rp_out_v2", Duration.ofMillis(500)))).containsExactlyElementsOf(
                IntStream.rangeClosed(6, 10).mapToObj(i -> "{\"order_id\":" + i + ",\"amount\":" + i * 10 + "}").toList());
        assertThat(STACK.server().statement("rp-v1").path("status").path("phase").asText()).isEqualTo("RUNNING");
        assertThat(STACK.server().statement("rp-v2").path("spec").path("properties")
                .path("sql.tables.scan.startup.mode").asText())
                .isEqualTo("timestamp");
    }

    @Test
    void inPlaceWritesTheSameKeyedTableFromV1sSavepointAndRefusesAnIncompatibleChange() throws Exception {
        orders("ip_orders", 1, "");
        STACK.services().kafka().createTopic("ip_out", 1);
        run("ip-v1.sql", """
                CREATE TABLE ip_out (order_id INT, amount INT, PRIMARY KEY (order_id) NOT ENFORCED) WITH (
                  'connector' = 'upsert-kafka', 'topic' = 'ip_out', 'properties.bootstrap.servers' = '${KAFKA_BOOTSTRAP_SERVERS}',
                  'key.format' = 'json', 'value.format' = 'json');
                SET 'client.statement-name' = 'ip-v1';
                INSERT INTO ip_out SELECT order_id, amount FROM ip_orders WHERE order_id > 0;
                """);
        awaitPhase("ip-v1", "RUNNING");
        produce("ip_orders", 1, 10, 0);
        awaitRecords("ip_out", 10);

        Path incompatible = script("ip-bad.sql", """
                ALTER TABLE ip_out ADD code STRING NOT NULL;
                SET 'client.statement-name' = 'ip-v2';
                INSERT INTO ip_out SELECT order_id, amount, 'x' FROM ip_orders;
                """);
        CommandRun refused = cli("evolve", "ip-v1", "--to", incompatible.toString(), "--strategy", "in-place");
        assertThat(refused.code()).isEqualTo(1);
        assertThat(refused.err()).startsWith("error: " + incompatible + ":1: ip_out: column 'code' STRING NOT NULL added breaks"
                + " BACKWARD compatibility with version 1");
        assertThat(STACK.server().statement("ip-v1").path("status").path("phase").asText()).isEqualTo("RUNNING");

        Path v2 = script("ip-v2.sql", """
                ALTER TABLE ip_out ADD note STRING;
                SET 'client.statement-name' = 'ip-v2';
                INSERT INTO ip_out SELECT order_id, amount * 100, 'v2' FROM ip_orders WHERE order_id > 0;
                """);
        produce("ip_orders", 11, 20, 0);
        CommandRun evolved = cli("evolve", "ip-v1", "--to", v2.toString(), "--strategy", "in-place");
        assertThat(evolved.code()).as(evolved.out() + evolved.err()).isZero();
        assertThat(evolved.out())
                .contains("consumers of 'ip_out' (topic ip_out) keep reading it; they must handle late, out-of-order updates")
                .contains("v2 'ip-v2' runs from v1's savepoint and has completed a checkpoint");
        produce("ip_orders", 21, 25, 0);

        Map<Integer, List<JsonNode>> byKey = byKey(awaitRecords("ip_out", 25));
        assertThat(byKey.keySet()).containsExactlyElementsOf(IntStream.rangeClosed(1, 25).boxed().toList());
        byKey.forEach((id, rows) -> {
            assertThat(rows).as("records of order %d", id).hasSize(1);
            String v1Row = "{\"order_id\":" + id + ",\"amount\":" + id * 10 + "}";
            String v2Row = "{\"order_id\":" + id + ",\"amount\":" + id * 1000 + ",\"note\":\"v2\"}";
            if (id <= 10) assertThat(rows.get(0).toString()).isEqualTo(v1Row);
            else if (id > 20) assertThat(rows.get(0).toString()).isEqualTo(v2Row);
            else assertThat(rows.get(0).toString()).isIn(v1Row, v2Row);
        });
        assertThat(STACK.server().statement("ip-v2").path("lineage").path("started_from").asText()).startsWith("v1's savepoint ");
    }

    // an orders source on a topic of its own, read from the earliest offset
    private static void orders(String table, int partitions, String extraColumns) {
        STACK.services().kafka().createTopic(table, partitions);
        run(table + ".sql", "CREATE TABLE " + table + " (order_id INT, amount INT" + extraColumns + ") WITH ("
                + " 'connector' = 'kafka', 'topic' = '" + table + "',"
                + " 'properties.bootstrap.servers' = '${KAFKA_BOOTSTRAP_SERVERS}', 'format' = 'json',"
                + " 'scan.startup.mode' = 'earliest-offset');");
    }

    // orders first..last, keyed by order id, amount = 10 x id; at the given time (0: now)
    private static void produce(String topic, int first, int last, long timestamp) {
        List<TopicRecord> records = IntStream.rangeClosed(first, last).mapToObj(i -> new TopicRecord(topic, -1, 0, timestamp,
                "{\"order_id\":" + i + "}", "{\"order_id\":" + i + ",\"amount\":" + i * 10 + "}")).toList();
        TopicWriter.write(STACK.bootstrap(), topic, records);
    }

    private static List<TopicRecord> awaitRecords(String topic, int count) {
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() ->
                TopicReader.all(STACK.bootstrap(), topic, Duration.ofMillis(300)).size() >= count);
        // and nothing more arrives: a duplicate would
        return TopicReader.all(STACK.bootstrap(), topic, Duration.ofSeconds(2));
    }

    private static Map<Integer, List<JsonNode>> byKey(List<TopicRecord> records) throws Exception {
        Map<Integer, List<JsonNode>> out = new TreeMap<>();
        for (TopicRecord r : records) {
            JsonNode value = Json.MAPPER.readTree(r.value());
            out.computeIfAbsent(value.path("order_id").asInt(), k -> new ArrayList<>()).add(value);
        }
        return out;
    }

    private static List<String> values(List<TopicRecord> records) {
        return records.stream().map(TopicRecord::value).toList();
    }

    private static JsonNode run(String file, String script) {
        return STACK.server().runScript(new ScriptRequest(file, script, Map.of(), false));
    }

    private static Path script(String name, String text) throws Exception {
        return Files.writeString(scripts.resolve(name), text);
    }

    private static void awaitPhase(String name, String phase) {
        Awaitility.await().atMost(Duration.ofSeconds(90)).untilAsserted(() ->
                assertThat(STACK.server().statement(name).path("status").path("phase").asText()).isEqualTo(phase));
    }

    // the cdcbridge command as a user runs it, against this test's server
    private static CommandRun cli(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.add("--server");
        all.add(STACK.stack().url());
        return CommandRun.of(all.toArray(String[]::new));
    }
}
