package io.cdcbridge.cli.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import io.cdcbridge.cli.client.ApiException;
import io.cdcbridge.cli.support.CommandRun;
import io.cdcbridge.cli.support.StackExtension;
import io.cdcbridge.cli.topic.TopicReader;
import io.cdcbridge.control.server.ScriptRequest;
import io.cdcbridge.control.workspace.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Contracts on real Kafka and Flink: an incompatible ALTER of a published upsert-kafka table is refused before anything
 * of its script is applied, a compatible one makes version 2; and a running statement keeps the definitions it was
 * compiled against while describe tells that the catalog has changed since. Each test uses tables of its own.
 */
@Tag("integration")
class ContractsTest {

    @RegisterExtension
    static final StackExtension STACK = new StackExtension("kafka");

    @TempDir
    static Path scripts;

    @Test
    void anIncompatibleAlterIsRefusedWithNothingAppliedAndACompatibleOneMakesVersion2() throws Exception {
        STACK.services().kafka().createTopic("orders_public", 1);
        run("publish.sql", """
                CREATE TABLE ticks (id INT, amount INT) WITH (
                  'connector' = 'datagen', 'rows-per-second' = '2', 'fields.id.min' = '1', 'fields.id.max' = '5');
                CREATE TABLE orders_public (
                  id INT, amount INT, note STRING, PRIMARY KEY (id) NOT ENFORCED
                ) WITH (
                  'connector' = 'upsert-kafka', 'topic' = 'orders_public',
                  'properties.bootstrap.servers' = '${KAFKA_BOOTSTRAP_SERVERS}',
                  'key.format' = 'json', 'value.format' = 'json',
                  'contract.compatibility' = 'FULL_TRANSITIVE');
                SET 'client.statement-name' = 'orders-v1';
                INSERT INTO orders_public SELECT id, amount, CAST(NULL AS STRING) FROM ticks;
                """);
        // the job runs and publishes although its table names an option upsert-kafka does not know
        awaitPhase("orders-v1", "RUNNING");
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() ->
                !TopicReader.all(STACK.services().kafka().bootstrapServers(), "orders_public", Duration.ofMillis(500)).isEmpty());

        String incompatible = """
                CREATE TABLE audit (id INT) WITH ('connector' = 'blackhole');
                ALTER TABLE orders_public MODIFY amount BIGINT;
                """;
        ApiException refused = catchThrowableOfType(ApiException.class, () -> run("widen.sql", incompatible));
        assertThat(refused.body().path("error").path("line").asInt()).isEqualTo(2);
        assertThat(refused.getMessage()).isEqualTo("widen.sql:2: orders_public: column 'amount' INT -> BIGINT breaks"
                + " FULL_TRANSITIVE compatibility with version 1: a reader of version 1 cannot read data written with"
                + " the new schema: field 'amount' is BIGINT in that data, which INT in version 1 cannot hold"
                + "\n  in statement: ALTER TABLE orders_public MODIFY amount BIGINT");
        assertThat(STACK.server().catalog().toString()).doesNotContain("audit").doesNotContain("MODIFY");
        assertThat(STACK.server().contract("orders_public").path("versions")).hasSize(1);

        Path widen = Files.writeString(scripts.resolve("widen.sql"), incompatible);
        CommandRun check = cli("contracts", "check", widen.toString(), "--json");
        assertThat(check.code()).isEqualTo(1);
        JsonNode effect = Json.MAPPER.readTree(check.out()).path("contracts").get(0);
        assertThat(effect.path("table").asText()).isEqualTo("orders_public");
        assertThat(effect.path("outcome").asText()).isEqualTo("REFUSED");
        assertThat(effect.path("origin").asText()).endsWith("widen.sql:2");
        assertThat(effect.path("problem").asText()).contains("field 'amount' is BIGINT");

        JsonNode applied = run("region.sql", "ALTER TABLE orders_public ADD region STRING;");
        assertThat(applied.path("statements").get(0).path("detail").asText()).isEqualTo(
                "applied; orders_public: version 2 (column 'region' STRING added), FULL_TRANSITIVE compatible");

        CommandRun describe = cli("contracts", "describe", "orders_public", "--json");
        assertThat(describe.code()).isZero();
        JsonNode contract = Json.MAPPER.readTree(describe.out());
        assertThat(contract.path("compatibility").asText()).isEqualTo("FULL_TRANSITIVE");
        List<String> versions = new ArrayList<>();
        contract.path("versions").forEach(v -> versions.add(v.path("version").asInt() + " " + v.path("origin").asText()
                + " " + v.path("change").asText().lines().findFirst().orElse("")));
        assertThat(versions).containsExactly(
                "1 publish.sql:3 CREATE TABLE orders_public (",
                "2 region.sql:1 ALTER TABLE orders_public ADD region STRING");
        assertThat(contract.path("versions").get(1).path("columns")).extracting(c -> c.path("name").asText())
                .containsExactly("id", "amount", "note", "region");
        assertThat(cli("contracts", "describe", "orders_public").out()).contains("Compatibility:  FULL_TRANSITIVE")
                .contains("Version 2").contains("  region STRING").contains("made by: ALTER TABLE orders_public ADD region STRING");
        assertThat(cli("contracts", "list").out()).containsPattern("orders_public\\s+FULL_TRANSITIVE\\s+2");
    }

    @Test
    void aStatementKeepsItsSnapshotAndDescribeSaysTheCatalogChangedSince() throws Exception {
        run("clicks.sql", """
                CREATE TABLE clicks (id INT) WITH ('connector' = 'datagen', 'rows-per-second' = '1');
                CREATE TABLE clicks_sink (id INT) WITH ('connector' = 'blackhole');
                SET 'client.statement-name' = 'count-clicks';
                INSERT INTO clicks_sink SELECT id FROM clicks;
                """);
        awaitPhase("count-clicks", "RUNNING");
        CommandRun before = cli("statements", "describe", "count-clicks", "--json");
        assertThat(Json.MAPPER.readTree(before.out()).path("dependencies")).extracting(d -> d.path("state").asText())
                .containsExactly("UNCHANGED", "UNCHANGED");

        run("faster.sql", "ALTER TABLE clicks SET ('rows-per-second' = '5');");

        JsonNode s = Json.MAPPER.readTree(cli("statements", "describe", "count-clicks", "--json").out());
        assertThat(s.path("status").path("phase").asText()).isEqualTo("RUNNING");
        assertThat(s.path("definitions").toString()).doesNotContain("'rows-per-second' = '5'");
        JsonNode clicks = s.path("dependencies").get(0);
        assertThat(clicks.path("name").asText()).isEqualTo("clicks");
        assertThat(clicks.path("role").asText()).isEqualTo("READS");
        assertThat(clicks.path("state").asText()).isEqualTo("CHANGED");
        assertThat(clicks.path("changes")).extracting(JsonNode::asText).containsExactly("option 'rows-per-second' '1' -> '5'");
        assertThat(clicks.path("snapshot").path("options").path("rows-per-second").asText()).isEqualTo("1");
        assertThat(s.path("dependencies").get(1).path("state").asText()).isEqualTo("UNCHANGED");

        assertThat(cli("statements", "describe", "count-clicks").out())
                .contains("clicks (reads): changed since: option 'rows-per-second' '1' -> '5'")
                .contains("clicks_sink (writes): unchanged");
    }

    private static JsonNode run(String file, String script) {
        return STACK.server().runScript(new ScriptRequest(file, script, Map.of(), false));
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
