package io.cdcbridge.cli.e2e;

import static io.cdcbridge.cli.support.Events.ANNE;
import static io.cdcbridge.cli.support.Events.EDWARD;
import static io.cdcbridge.cli.support.Events.GEORGE;
import static io.cdcbridge.cli.support.Events.SALLY;
import static io.cdcbridge.cli.support.Events.key;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import io.cdcbridge.cli.support.StackExtension;
import io.cdcbridge.cli.topic.TopicReader;
import io.cdcbridge.cli.topic.TopicRecord;
import io.cdcbridge.control.evolution.EvolutionRequest;
import io.cdcbridge.control.evolution.Strategy;
import io.cdcbridge.control.server.ScriptRequest;
import io.cdcbridge.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The customers example's column rename made while its statement streams from cdcbridge-postgres, under each
 * 'schema-change.behavior' (the example's own scripts, each run on a table and topic of its own); and under
 * 'evolve', a column added at the source carried into PostgreSQL and MariaDB targets and their contracts, a column
 * dropped stopping the statement.
 */
@Tag("integration")
class SourceSchemaChangeTest {

    @RegisterExtension
    static final StackExtension STACK = new StackExtension("postgres,kafka,mariadb").checkpointingEverySecond();

    private static final Path EXAMPLE = Path.of("..", "examples", "customers-contract");

    @Test
    void underFailTheStatementStopsAtTheRenameSayingWhyAndTheEvolvedVersionGoesOnNothingLost() throws Exception {
        String topic = publish("fail", null);
        // the update before the rename is read and acknowledged (a checkpoint holds it) before the rename
        String updated = pgUpdate("UPDATE inventory.customers_fail SET fname = 'Brandon Junior' WHERE id = 1001");
        awaitEvents(topic, 5);
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> "t".equals(single("SELECT (confirmed_flush_lsn >= '"
                + updated + "'::pg_lsn)::text FROM pg_replication_slots WHERE slot_name = 'customers_fail_slot'").substring(0, 1)));

        pg().execute("ALTER TABLE inventory.customers_fail RENAME COLUMN fname TO first_name",
                "UPDATE inventory.customers_fail SET first_name = 'Brandon III' WHERE id = 1001");
        JsonNode status = awaitPhase("customers-public-fail", "FAILED");
        String detail = status.path("detail").asText();
        assertThat(detail).contains("the columns of inventory.customers_fail in ",
                ":" + pg().port() + "/" + pg().database() + " changed while streaming",
                ": column fname was renamed to first_name. Declared column(s) fname would no longer be read as declared",
                "nothing from it on emitted ('schema-change.behavior' = 'fail')",
                "cdcbridge evolve customers-public-fail --to v2.sql --strategy in-place, v2 declaring first_name too"
                        + " (ALTER TABLE `customers_fail` ADD `first_name` STRING) and reading COALESCE(`fname`, `first_name`)")
                .as("stopped at once, not after restarts").doesNotContain("restarts ran out");
        // v1 has ended: what it wrote is on the topic
        assertThat(events(topic)).hasSize(5);

        // the example's v2 (05-rename.sql), evolved in place: from v1's latest checkpoint
        JsonNode evolution = STACK.server().evolve("customers-public-fail", new EvolutionRequest("05-rename.sql",
                example("flink/05-rename.sql", "fail").replace("SET 'execution.savepoint.path' = '${savepoint:customers-public-fail}';\n", ""),
                Strategy.IN_PLACE, false, false, null, null, 120, Map.of()));
        assertThat(evolution.path("plan").path("stops").asText()).isEqualTo("v1 'customers-public-fail' FAILED already");
        Awaitility.await().atMost(Duration.ofSeconds(180)).untilAsserted(() ->
                assertThat(STACK.server().evolution("customers-public-fail").path("state").asText()).isEqualTo("SUCCEEDED"));
        assertThat(STACK.server().evolution("customers-public-fail").path("progress").get(0).asText())
                .startsWith("creating v2 'customers-public-fail-v2' (from v1's latest checkpoint ");
        pg().execute("UPDATE inventory.customers_fail SET lname = 'Walker' WHERE id = 1001");
        // v2 writes in commit order: a duplicate of the update after the rename would come before this update's event
        String junior = SALLY.replace("\"Sally\"", "\"Brandon Junior\"");
        String third = SALLY.replace("\"Sally\"", "\"Brandon III\"");
        String walker = third.replace("\"Thomas\"", "\"Walker\"");
        List<TopicRecord> all = Awaitility.await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500))
                .until(() -> events(topic), records -> records.stream().anyMatch(r -> walker.equals(r.value())));
        assertThat(all).extracting(TopicRecord::key, TopicRecord::value).containsExactly(
                tuple(key(1001), SALLY), tuple(key(1002), GEORGE), tuple(key(1003), EDWARD), tuple(key(1004), ANNE),
                tuple(key(1001), junior), tuple(key(1001), third), tuple(key(1001), walker));
    }

    @Test
    void underIgnoreTheStatementReadsOnAndTheRenamedColumnIsNull() throws Exception {
        String topic = publish("ignore", "ignore");
        pg().execute("ALTER TABLE inventory.customers_ignore RENAME COLUMN fname TO first_name",
                "UPDATE inventory.customers_ignore SET first_name = 'Brandon III' WHERE id = 1001");
        List<TopicRecord> all = awaitEvents(topic, 5);
        assertThat(all.get(4).value()).isEqualTo(SALLY.replace("\"Sally\"", "null"));
        assertThat(STACK.server().statement("customers-public-ignore").path("status").path("phase").asText()).isEqualTo("RUNNING");
    }

    @Test
    void underEvolveTheRenameStopsTheStatementAsUnderFail() throws Exception {
        String topic = publish("evolve", "evolve");
        pg().execute("ALTER TABLE inventory.customers_evolve RENAME COLUMN fname TO first_name",
                "UPDATE inventory.customers_evolve SET first_name = 'Brandon III' WHERE id = 1001");
        assertThat(awaitPhase("customers-public-evolve", "FAILED").path("detail").asText()).contains(
                ": column fname was renamed to first_name. Declared column(s) fname would no longer be read as declared, so"
                        + " the job stops before that change, nothing from it on emitted ('schema-change.behavior' = 'evolve')",
                "cdcbridge evolve customers-public-evolve --to v2.sql --strategy in-place");
        assertThat(events(topic)).hasSize(4);
    }

    @Test
    void underEvolveAnAddedColumnReachesPostgresAndMariaDbTargetsAndTheirContractsAndADroppedOneStops() throws Exception {
        pg().execute("CREATE TABLE public.evolving_items (id int PRIMARY KEY, name text)",
                "ALTER TABLE public.evolving_items REPLICA IDENTITY FULL", "INSERT INTO public.evolving_items VALUES (1, 'one')");
        Map<String, String> targets = Map.of("pg", "'url' = 'jdbc:postgresql://${POSTGRES_HOST}:${POSTGRES_PORT}/${POSTGRES_DATABASE}',"
                        + " 'username' = '${POSTGRES_USER}', 'password' = '${POSTGRES_PASSWORD}'",
                "maria", "'url' = 'jdbc:mariadb://${MYSQL_HOST}:${MYSQL_PORT}/${MYSQL_DATABASE}', 'username' = '${MYSQL_USER}',"
                        + " 'password' = '${MYSQL_PASSWORD}'");
        for (var t : targets.entrySet()) {
            STACK.server().runScript(new ScriptRequest("items-" + t.getKey() + ".sql", """
                    CREATE TABLE items_src_%1$s (id INT NOT NULL, name STRING, PRIMARY KEY (id) NOT ENFORCED) WITH (
                      'connector' = 'cdcbridge-postgres', 'hostname' = '${POSTGRES_HOST}', 'port' = '${POSTGRES_PORT}',
                      'username' = '${POSTGRES_USER}', 'password' = '${POSTGRES_PASSWORD}',
                      'database-name' = '${POSTGRES_DATABASE}', 'schema-name' = 'public', 'table-name' = 'evolving_items',
                      'slot.name' = 'evolving_%1$s', 'schema-change.behavior' = 'evolve');
                    CREATE TABLE items_dst_%1$s (id INT NOT NULL, name STRING, PRIMARY KEY (id) NOT ENFORCED) WITH (
                      'connector' = 'cdcbridge-jdbc', %2$s, 'table-name' = 'evolved_items_%1$s', 'auto-create' = 'true');
                    SET 'client.statement-name' = 'items-%1$s';
                    INSERT INTO items_dst_%1$s SELECT * FROM items_src_%1$s;
                    """.formatted(t.getKey(), t.getValue()), Map.of(), false));
        }
        for (String t : targets.keySet()) {
            awaitPhase("items-" + t, "RUNNING");
            awaitRows(t, "1|one");
        }

        pg().execute("ALTER TABLE public.evolving_items ADD COLUMN note text",
                "INSERT INTO public.evolving_items VALUES (2, 'two', 'second')",
                "UPDATE public.evolving_items SET note = 'first' WHERE id = 1");
        for (String t : targets.keySet()) {
            assertThat(awaitPhase("items-" + t, "FAILED").path("detail").asText()).contains(": column note text was added."
                    + " 'schema-change.behavior' = 'evolve': the job stops before that change", "with: ALTER TABLE `items_src_"
                    + t + "` ADD (`note` STRING);");
            Awaitility.await().atMost(Duration.ofSeconds(180)).ignoreExceptions().untilAsserted(() ->
                    assertThat(STACK.server().evolution("items-" + t).path("state").asText()).isEqualTo("SUCCEEDED"));
            awaitPhase("items-" + t + "-v2", "RUNNING");
            awaitRows(t, "1|one|first", "2|two|second");
            JsonNode versions = STACK.server().contract("items_dst_" + t).path("versions");
            assertThat(versions).hasSize(2);
            assertThat(versions.get(1).path("columns")).extracting(c -> c.path("name").asText()).containsExactly("id", "name", "note");
        }

        // a dropped declared column is no addition: the statement stops as under fail
        pg().execute("ALTER TABLE public.evolving_items DROP COLUMN name", "INSERT INTO public.evolving_items VALUES (3, 'third')");
        for (String t : targets.keySet()) {
            assertThat(awaitPhase("items-" + t + "-v2", "FAILED").path("detail").asText()).contains(": column name was dropped."
                    + " Declared column(s) name would no longer be read as declared", "('schema-change.behavior' = 'evolve')");
            assertThat(rows(t)).containsExactly("1|one|first", "2|two|second");
        }
    }

    private static void awaitRows(String target, String... rows) {
        Awaitility.await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> assertThat(rows(target)).containsExactly(rows));
    }

    // the target's rows as id|name[|note], by id
    private static List<String> rows(String target) throws Exception {
        var db = target.equals("pg") ? pg() : STACK.services().mariadb();
        List<String> rows = new java.util.ArrayList<>();
        try (Connection c = db.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT * FROM evolved_items_" + target + " ORDER BY id")) {
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                StringBuilder row = new StringBuilder(rs.getString(1));
                for (int i = 2; i <= n; i++) row.append('|').append(rs.getString(i));
                rows.add(row.toString());
            }
        } catch (java.sql.SQLException e) {
            return List.of(); // not created yet
        }
        return rows;
    }

    // the example's setup, source (read by cdcbridge-postgres), contract and statement, named for the case
    private static String publish(String tag, String behavior) throws Exception {
        pg().execute(example("postgres/setup.sql", tag));
        STACK.services().kafka().createTopic("customers_" + tag, 1);
        String source = example("flink/01-customers-source.sql", tag).replace("'postgres-cdc'", "'cdcbridge-postgres'")
                .replace("'decoding.plugin.name' = 'pgoutput'", "'decoding.plugin.name' = 'pgoutput'"
                        + (behavior == null ? "" : ", 'schema-change.behavior' = '" + behavior + "'"));
        STACK.server().runScript(new ScriptRequest("customers-" + tag + ".sql", source
                + example("flink/02-customers-public.sql", tag)
                + example("flink/03-publish.sql", tag).replace("customers-public-v1", "customers-public-" + tag), Map.of(), false));
        awaitPhase("customers-public-" + tag, "RUNNING");
        awaitEvents("customers_" + tag, 4);
        return "customers_" + tag;
    }

    // an example file with its table, topic, slot and statement names made the case's own
    private static String example(String file, String tag) throws Exception {
        return Files.readString(EXAMPLE.resolve(file))
                .replace("customers-public-v1", "customers-public-" + tag)
                .replace("customers-public-v2", "customers-public-" + tag + "-v2")
                .replaceAll("\\bcustomers_replication_slot\\b", "customers_" + tag + "_slot")
                .replaceAll("\\bcustomers_public\\b", "customers_public_" + tag)
                .replaceAll("\\bcustomers\\b(?!-public)", "customers_" + tag);
    }

    private static List<TopicRecord> awaitEvents(String topic, int count) {
        Awaitility.await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500))
                .until(() -> events(topic).size() >= count);
        return events(topic);
    }

    private static List<TopicRecord> events(String topic) {
        return TopicReader.all(STACK.services().kafka().bootstrapServers(), topic, Duration.ofMillis(500));
    }

    private static JsonNode awaitPhase(String statement, String phase) {
        Awaitility.await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(250)).untilAsserted(() ->
                assertThat(STACK.server().statement(statement).path("status").path("phase").asText()).isEqualTo(phase));
        return STACK.server().statement(statement).path("status");
    }

    // runs the update and returns the WAL position after it
    private static String pgUpdate(String sql) throws Exception {
        pg().execute(sql);
        return single("SELECT pg_current_wal_lsn()::text");
    }

    private static String single(String sql) throws Exception {
        try (Connection c = pg().connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static EmbeddedPostgres pg() {
        return STACK.services().postgres();
    }
}
