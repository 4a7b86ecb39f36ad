package io.cdcbridge.cli.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import io.cdcbridge.cli.client.ApiException;
import io.cdcbridge.cli.support.StackExtension;
import io.cdcbridge.cli.topic.TopicReader;
import io.cdcbridge.cli.topic.TopicRecord;
import io.cdcbridge.cli.topic.TopicWriter;
import io.cdcbridge.control.evolution.EvolutionRequest;
import io.cdcbridge.control.evolution.Strategy;
import io.cdcbridge.control.server.ScriptRequest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * CREATE TABLE ... AS SELECT as seed 002 writes it, on real Kafka and Flink: the table, its topic with the bucket
 * count as partitions, and the running statement that fills it; a CTAS that cannot be done is refused with its
 * file and line, and nothing of its script is applied. Each test uses tables of its own.
 */
@Tag("integration")
class CtasTest {

    @RegisterExtension
    static final StackExtension STACK = new StackExtension("kafka").checkpointingEverySecond();

    @Test
    void theSeedsCtasCreatesTheTableItsTopicWithNPartitionsAndTheStatementThatFillsIt() throws Exception {
        orders("ctas_orders");
        TopicWriter.write(STACK.bootstrap(), "ctas_orders", List.of(
                order("ctas_orders", 1, "pasta", 3), order("ctas_orders", 2, "rice", 0), order("ctas_orders", 3, "tea", 5)));

        JsonNode applied = run("priced.sql", """
                SET 'client.statement-name' = 'orders_priced_v1_1';
                CREATE TABLE orders_priced_v1
                PRIMARY KEY (ctas_orders.order_id)
                DISTRIBUTED INTO 4 BUCKETS
                AS
                SELECT
                  ctas_orders.order_id,
                  UPPER(ctas_orders.product) AS product,
                  ctas_orders.price * 100 AS price_cents
                FROM ctas_orders
                WHERE ctas_orders.price > 0;
                """).path("statements");

        assertThat(applied).hasSize(3);
        assertThat(applied.get(1).path("kind").asText()).isEqualTo("CATALOG");
        assertThat(applied.get(1).path("line").asInt()).isEqualTo(2);
        assertThat(applied.get(1).path("detail").asText()).isEqualTo("applied; orders_priced_v1: new contract, version 1 (BACKWARD)");
        assertThat(applied.get(2).path("kind").asText()).isEqualTo("STATEMENT");
        assertThat(applied.get(2).path("statement_name").asText()).isEqualTo("orders_priced_v1_1");
        assertThat(partitions("orders_priced_v1")).isEqualTo(4);

        awaitPhase("orders_priced_v1_1", "RUNNING");
        assertThat(awaitRecords("orders_priced_v1", 2)).containsExactlyInAnyOrder(
                "{\"order_id\":1} {\"order_id\":1,\"product\":\"PASTA\",\"price_cents\":300}",
                "{\"order_id\":3} {\"order_id\":3,\"product\":\"TEA\",\"price_cents\":500}");

        JsonNode catalog = STACK.server().catalog();
        assertThat(catalog.toString()).contains("CREATE TABLE orders_priced_v1 (").contains("'contract.buckets' = '4'")
                .doesNotContain("AS SELECT");
        JsonNode contract = STACK.server().contract("orders_priced_v1");
        assertThat(contract.path("versions")).hasSize(1);
        assertThat(contract.path("versions").get(0).path("primary_key").get(0).asText()).isEqualTo("order_id");
        assertThat(contract.path("versions").get(0).path("origin").asText()).isEqualTo("priced.sql:2");

        // a CTAS that replaces the table is a new version of its contract, checked as any other change
        ApiException incompatible = catchThrowableOfType(ApiException.class, () -> run("replace.sql", """
                CREATE OR REPLACE TABLE orders_priced_v1 PRIMARY KEY (order_id) DISTRIBUTED INTO 4 BUCKETS AS
                SELECT order_id, UPPER(product) AS product, CAST(price * 100 AS STRING) AS price_cents FROM ctas_orders;
                """));
        assertThat(incompatible.getMessage()).startsWith("replace.sql:1: orders_priced_v1: column 'price_cents' INT -> STRING"
                + " breaks BACKWARD compatibility with version 1");
        JsonNode replaced = run("replace.sql", """
                SET 'client.statement-name' = 'orders_priced_v1_2';
                CREATE OR REPLACE TABLE orders_priced_v1 PRIMARY KEY (order_id) DISTRIBUTED INTO 4 BUCKETS AS
                SELECT order_id, UPPER(product) AS product, price * 100 AS price_cents, price FROM ctas_orders;
                """).path("statements");
        assertThat(replaced.get(1).path("detail").asText())
                .isEqualTo("applied; orders_priced_v1: version 2 (column 'price' INT added), BACKWARD compatible");
        assertThat(STACK.server().contract("orders_priced_v1").path("versions")).hasSize(2);
        assertThat(STACK.server().catalog().toString()).contains("DROP TABLE orders_priced_v1");
    }

    @Test
    void aCtasThatCannotBeDoneIsRefusedWithItsLineAndNothingApplied() throws Exception {
        orders("ctas_bad_orders");
        String mistyped = """
                CREATE TABLE ctas_audit (id INT) WITH ('connector' = 'blackhole');
                CREATE TABLE ctas_bad_v1 PRIMARY KEY (order_id) DISTRIBUTED INTO 2 BUCKETS AS
                SELECT order_id, price AND TRUE AS flag FROM ctas_bad_orders;
                """;
        ApiException refused = catchThrowableOfType(ApiException.class, () -> run("bad.sql", mistyped));
        assertThat(refused.body().path("error").path("line").asInt()).isEqualTo(2);
        assertThat(refused.getMessage()).startsWith("bad.sql:2: the query of CREATE TABLE ctas_bad_v1 AS does not compile: ")
                .contains("AND");

        STACK.services().kafka().createTopic("ctas_taken_v1", 1);
        ApiException taken = catchThrowableOfType(ApiException.class, () -> run("taken.sql", """
                CREATE TABLE ctas_audit (id INT) WITH ('connector' = 'blackhole');
                CREATE TABLE ctas_taken_v1 PRIMARY KEY (order_id) DISTRIBUTED INTO 2 BUCKETS AS
                SELECT order_id, product FROM ctas_bad_orders;
                """));
        assertThat(taken.getMessage()).isEqualTo("taken.sql:2: table 'ctas_taken_v1': topic 'ctas_taken_v1' exists with"
                + " 1 partitions, not the 2 of DISTRIBUTED INTO 2 BUCKETS; write INTO 1 BUCKETS, or delete the topic first"
                + "\n  in statement: CREATE TABLE ctas_taken_v1 PRIMARY KEY (order_id) DISTRIBUTED INTO 2 BUCKETS AS");

        assertThat(STACK.server().catalog().toString()).doesNotContain("ctas_audit").doesNotContain("ctas_bad_v1")
                .doesNotContain("ctas_taken_v1");
        assertThat(STACK.server().statements().path("statements").toString())
                .doesNotContain("ctas-bad").doesNotContain("ctas-taken");
        assertThat(STACK.services().kafka().topics()).doesNotContain("ctas_bad_v1");
        assertThat(partitions("ctas_taken_v1")).isEqualTo(1);
    }

    @Test
    void aCtasOfTheNextTableVersionEvolvesBlueGreenAsTheSeedDescribes() throws Exception {
        orders("ctas_bg_orders");
        TopicWriter.write(STACK.bootstrap(), "ctas_bg_orders", List.of(
                order("ctas_bg_orders", 1, "pasta", 3), order("ctas_bg_orders", 2, "rice", 4)));
        run("bg-v1.sql", """
                SET 'client.statement-name' = 'bg_priced_v1_1';
                CREATE TABLE bg_priced_v1 PRIMARY KEY (order_id) DISTRIBUTED INTO 2 BUCKETS AS
                SELECT order_id, price FROM ctas_bg_orders;
                """);
        awaitPhase("bg_priced_v1_1", "RUNNING");

        STACK.server().evolve("bg_priced_v1_1", new EvolutionRequest("bg-v2.sql", """
                SET 'client.statement-name' = 'bg_priced_v2_1';
                CREATE TABLE bg_priced_v2 PRIMARY KEY (order_id) DISTRIBUTED INTO 2 BUCKETS AS
                SELECT order_id, price * 100 AS price_cents FROM ctas_bg_orders;
                """, Strategy.BLUE_GREEN, false, false, null, null, 120, Map.of()));
        Awaitility.await().atMost(Duration.ofSeconds(150)).until(() ->
                !STACK.server().evolution("bg_priced_v1_1").path("state").asText().equals("RUNNING"));
        JsonNode evolution = STACK.server().evolution("bg_priced_v1_1");
        assertThat(evolution.path("state").asText()).as(evolution.toString()).isEqualTo("SUCCEEDED");
        assertThat(STACK.server().statement("bg_priced_v1_1").path("status").path("phase").asText()).isEqualTo("STOPPED");
        assertThat(STACK.server().statement("bg_priced_v2_1").path("status").path("phase").asText()).isEqualTo("RUNNING");
        assertThat(partitions("bg_priced_v2")).isEqualTo(2);
        assertThat(awaitRecords("bg_priced_v2", 2)).containsExactlyInAnyOrder(
                "{\"order_id\":1} {\"order_id\":1,\"price_cents\":300}",
                "{\"order_id\":2} {\"order_id\":2,\"price_cents\":400}");
    }

    // each record as "key value", once count arrived and nothing more does
    private static List<String> awaitRecords(String topic, int count) {
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() ->
                TopicReader.all(STACK.bootstrap(), topic, Duration.ofMillis(300)).size() >= count);
        return TopicReader.all(STACK.bootstrap(), topic, Duration.ofSeconds(2)).stream()
                .map(r -> r.key() + " " + r.value()).toList();
    }

    private static void orders(String topic) {
        STACK.services().kafka().createTopic(topic, 1);
        run(topic + ".sql", "CREATE TABLE " + topic + " (order_id INT, product STRING, price INT) WITH ("
                + " 'connector' = 'kafka', 'topic' = '" + topic + "',"
                + " 'properties.bootstrap.servers' = '${KAFKA_BOOTSTRAP_SERVERS}', 'format' = 'json',"
                + " 'scan.startup.mode' = 'earliest-offset');");
    }

    private static TopicRecord order(String topic, int id, String product, int price) {
        return new TopicRecord(topic, -1, 0, 0, "{\"order_id\":" + id + "}",
                "{\"order_id\":" + id + ",\"product\":\"" + product + "\",\"price\":" + price + "}", Map.of());
    }

    private static int partitions(String topic) throws Exception {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, STACK.bootstrap());
        try (Admin admin = Admin.create(p)) {
            return admin.describeTopics(List.of(topic)).allTopicNames().get(30, TimeUnit.SECONDS).get(topic).partitions().size();
        }
    }

    private static JsonNode run(String file, String script) {
        return STACK.server().runScript(new ScriptRequest(file, script, Map.of(), false));
    }

    private static void awaitPhase(String name, String phase) {
        Awaitility.await().atMost(Duration.ofSeconds(90)).untilAsserted(() ->
                assertThat(STACK.server().statement(name).path("status").path("phase").asText()).isEqualTo(phase));
    }
}
