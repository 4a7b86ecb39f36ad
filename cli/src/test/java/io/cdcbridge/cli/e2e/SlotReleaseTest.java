package io.cdcbridge.cli.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cdcbridge.cli.support.StackExtension;
import io.cdcbridge.control.evolution.EvolutionRequest;
import io.cdcbridge.control.evolution.Strategy;
import io.cdcbridge.control.server.ScriptRequest;
import io.cdcbridge.embedded.EmbeddedPostgres;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Deleting a statement drops the replication slot of its postgres-cdc source (an abandoned slot keeps WAL for ever),
 * while a stop keeps it (a stopped statement resumes from it) and so does another statement reading the same slot.
 */
@Tag("integration")
class SlotReleaseTest {

    private static final String SECRET = "Slot-Secret-Pw-7";

    @RegisterExtension
    static final StackExtension STACK = new StackExtension("postgres").checkpointingEverySecond()
            .withVariables(Map.of("CDC_PASSWORD", SECRET));

    static EmbeddedPostgres pg;

    @BeforeAll
    static void start() {
        pg = STACK.services().postgres();
    }

    @Test
    void stopKeepsTheSlotAndDeleteDropsIt() {
        source("del_items", 1, 3);
        run(pipeline("del_items", "del_slot", "del-v1", "postgres", "${POSTGRES_PASSWORD}", ""));
        awaitRows("del_items", "1:item 1", "2:item 2", "3:item 3");

        assertThat(STACK.server().stop("del-v1", true).path("status").path("phase").asText()).isEqualTo("STOPPED");
        assertThat(slots()).contains("del_slot");
        insert("del_items", 4, 4);
        STACK.server().resume("del-v1");
        awaitRows("del_items", "1:item 1", "2:item 2", "3:item 3", "4:item 4");

        JsonNode deleted = STACK.server().delete("del-v1");
        assertThat(deleted.path("notes").toString()).contains("replication slot 'del_slot' of source 'del_items'")
                .contains("dropped");
        assertThat(slots()).doesNotContain("del_slot");
    }

    @Test
    void afterAnInPlaceEvolutionDeletingV1KeepsTheSlotV2Reads() {
        source("ip_items", 1, 2);
        run(pipeline("ip_items", "ip_slot", "ip-v1", "postgres", "${POSTGRES_PASSWORD}", ""));
        awaitRows("ip_items", "1:item 1", "2:item 2");

        STACK.server().evolve("ip-v1", new EvolutionRequest("ip-v2.sql", """
                SET 'client.statement-name' = 'ip-v2';
                INSERT INTO ip_items_copy SELECT id, UPPER(name) FROM ip_items;
                """, Strategy.IN_PLACE, false, false, null, null, null, null));
        Awaitility.await().atMost(Duration.ofSeconds(180)).untilAsserted(() ->
                assertThat(STACK.server().evolution("ip-v1").path("state").asText()).isEqualTo("SUCCEEDED"));

        JsonNode deleted = STACK.server().delete("ip-v1");
        assertThat(deleted.path("notes").toString()).contains("kept: statement 'ip-v2' reads it too");
        assertThat(slots()).contains("ip_slot");
        insert("ip_items", 3, 3);
        awaitRows("ip_items", "1:item 1", "2:item 2", "3:ITEM 3");

        STACK.server().delete("ip-v2");
        assertThat(slots()).doesNotContain("ip_slot");
    }

    @Test
    void anUnreachableDatabaseLeavesTheSlotAndTheAnswerSaysHowToDropIt() throws Exception {
        source("gone_items", 1, 2);
        // least privilege, so that the password is one that could leak: a replication role and a publication for it
        pg.execute("CREATE ROLE slot_reader LOGIN REPLICATION PASSWORD '" + SECRET + "'",
                "GRANT SELECT ON gone_items TO slot_reader",
                "CREATE PUBLICATION gone_publication FOR TABLE gone_items");
        run(pipeline("gone_items", "gone_slot", "gone-v1", "slot_reader", "${CDC_PASSWORD}",
                ", 'debezium.publication.name' = 'gone_publication'"));
        awaitRows("gone_items", "1:item 1", "2:item 2");
        STACK.server().stop("gone-v1", false);

        JsonNode deleted;
        pg.suspend();
        try {
            deleted = STACK.server().delete("gone-v1");
        } finally {
            pg.resume();
        }
        assertThat(deleted.path("deleted").asText()).isEqualTo("gone-v1");
        String notes = deleted.path("notes").toString();
        assertThat(notes).contains("replication slot 'gone_slot' of source 'gone_items'").contains("remains: cannot connect")
                // a line to paste: the embedded server's password is its database's name too, yet that name stays
                .contains("psql -h " + pg.host() + " -p " + pg.port() + " -U slot_reader -d " + pg.database() + " ")
                .contains("SELECT pg_drop_replication_slot('gone_slot')")
                .doesNotContain(SECRET);
        assertThat(STACK.server().statements().path("statements").toString()).doesNotContain("gone-v1");
        assertThat(slots()).contains("gone_slot");
        pg.execute("SELECT pg_drop_replication_slot('gone_slot')");
    }

    private static void source(String table, int from, int to) {
        pg.execute("CREATE TABLE " + table + " (id INT PRIMARY KEY, name TEXT)",
                "ALTER TABLE " + table + " REPLICA IDENTITY FULL");
        insert(table, from, to);
    }

    private static void insert(String table, int from, int to) {
        pg.execute("INSERT INTO " + table + " SELECT g, 'item ' || g FROM generate_series(" + from + ", " + to + ") g");
    }

    // <table> (postgres-cdc on <slot>) copied into <table>_copy by statement <name>
    private static String pipeline(String table, String slot, String name, String user, String password, String extra) {
        return """
                CREATE TABLE %1$s (id INT, name STRING, PRIMARY KEY (id) NOT ENFORCED) WITH (
                  'connector' = 'postgres-cdc', 'hostname' = '${POSTGRES_HOST}', 'port' = '${POSTGRES_PORT}',
                  'username' = '%4$s', 'password' = '%5$s', 'database-name' = '${POSTGRES_DATABASE}',
                  'schema-name' = 'public', 'table-name' = '%1$s', 'slot.name' = '%2$s',
                  'decoding.plugin.name' = 'pgoutput'%6$s);
                CREATE TABLE %1$s_copy (id INT, name STRING, PRIMARY KEY (id) NOT ENFORCED) WITH (
                  'connector' = 'cdcbridge-jdbc',
                  'url' = 'jdbc:postgresql://${POSTGRES_HOST}:${POSTGRES_PORT}/${POSTGRES_DATABASE}',
                  'username' = '${POSTGRES_USER}', 'password' = '${POSTGRES_PASSWORD}',
                  'table-name' = '%1$s_copy', 'auto-create' = 'true');
                SET 'client.statement-name' = '%3$s';
                INSERT INTO %1$s_copy SELECT id, name FROM %1$s;
                """.formatted(table, slot, name, user, password, extra);
    }

    private static void run(String script) {
        STACK.server().runScript(new ScriptRequest("pipeline.sql", script, Map.of(), false));
    }

    // the copy holds exactly these rows, "id:name", in key order
    private static void awaitRows(String table, String... rows) {
        Awaitility.await().atMost(Duration.ofSeconds(120)).untilAsserted(() ->
                assertThat(query("SELECT id || ':' || name FROM " + table + "_copy ORDER BY id")).containsExactly(rows));
    }

    private static List<String> slots() {
        return query("SELECT slot_name FROM pg_replication_slots ORDER BY slot_name");
    }

    private static List<String> query(String sql) {
        List<String> out = new ArrayList<>();
        try (Connection c = pg.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) out.add(rs.getString(1));
        } catch (java.sql.SQLException e) {
            // the copy does not exist until the sink's first write
            if (!e.getMessage().contains("does not exist")) throw new IllegalStateException(e);
        }
        return out;
    }
}
