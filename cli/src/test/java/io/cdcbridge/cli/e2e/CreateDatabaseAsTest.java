package io.cdcbridge.cli.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import io.cdcbridge.cli.client.ApiException;
import io.cdcbridge.cli.support.CommandRun;
import io.cdcbridge.cli.support.StackExtension;
import io.cdcbridge.control.evolution.EvolutionRequest;
import io.cdcbridge.control.evolution.Strategy;
import io.cdcbridge.control.server.ScriptRequest;
import io.cdcbridge.embedded.EmbeddedDatabase;
import io.cdcbridge.embedded.EmbeddedPostgres;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A schema of tables of different shapes declared at once with CREATE DATABASE ... AS DATABASE: every matching table
 * in its PostgreSQL and MariaDB targets, created by the sink and equal to its source table by table, through one slot
 * each; a table created in the schema while the statement streams, picked up under 'evolve' (its rows inserted right
 * after its creation too) and stopping the statement under 'fail'; declarations that cannot be expanded refused.
 */
@Tag("integration")
class CreateDatabaseAsTest {

    @RegisterExtension
    static final StackExtension STACK = new StackExtension("postgres,mariadb").checkpointingEverySecond();

    private static final String SOURCE = """
            WITH ('connector' = 'cdcbridge-postgres', 'hostname' = '${POSTGRES_HOST}', 'port' = '${POSTGRES_PORT}',
              'username' = '${POSTGRES_USER}', 'password' = '${POSTGRES_PASSWORD}', 'database-name' = '${POSTGRES_DATABASE}',
              'slot.name' = '%s'%s)""";
    private static final String TO_POSTGRES = """
            WITH ('connector' = 'cdcbridge-jdbc', 'url' = 'jdbc:postgresql://${POSTGRES_HOST}:${POSTGRES_PORT}/${POSTGRES_DATABASE}',
              'username' = '${POSTGRES_USER}', 'password' = '${POSTGRES_PASSWORD}')""";
    private static final String TO_MARIADB = """
            WITH ('connector' = 'cdcbridge-jdbc', 'url' = 'jdbc:mariadb://${MYSQL_HOST}:${MYSQL_PORT}/${MYSQL_DATABASE}',
              'username' = '${MYSQL_USER}', 'password' = '${MYSQL_PASSWORD}')""";

    @Test
    void aWholeSchemaDeclaredInOneStatementIsInPostgresAndMariaDbTableByTable() throws Exception {
        pg().execute("CREATE SCHEMA shop",
                "CREATE TABLE shop.orders (id bigint PRIMARY KEY, customer text NOT NULL, total numeric(10,2), placed timestamp)",
                "CREATE TABLE shop.order_lines (order_id int, line smallint, sku varchar(20), qty int NOT NULL, weight double precision,"
                        + " PRIMARY KEY (order_id, line))",
                "CREATE TABLE shop.\"Customers\" (email text PRIMARY KEY, name text NOT NULL, vip boolean, born date, photo bytea)",
                "CREATE DOMAIN shop.price AS numeric(10,2) CHECK (VALUE >= 0)",
                "CREATE TABLE shop.tags (id int PRIMARY KEY, labels text[], scores int[], price shop.price)",
                "CREATE TABLE shop.audit_log (id int PRIMARY KEY, note text)",
                "CREATE TABLE shop.scratch (note text)", // no key: excluded, so never looked at
                "INSERT INTO shop.orders SELECT g, 'c' || g, g * 1.25, timestamp '2026-01-01 10:00' + g * interval '1 hour'"
                        + " FROM generate_series(1, 300) g",
                "INSERT INTO shop.order_lines SELECT g / 3, g % 3, 'sku-' || g, g, g / 7.0 FROM generate_series(3, 600) g",
                "INSERT INTO shop.\"Customers\" VALUES ('a@x', 'Ann', true, '1990-02-03', '\\x0102'), ('b@x', 'Bob', null, null, null)",
                "INSERT INTO shop.tags VALUES (1, '{a,\"b c\",NULL,\"\"}', '{1,NULL,-3}', 9.99), (2, '{}', NULL, NULL)",
                "INSERT INTO shop.audit_log VALUES (1, 'kept out')");
        for (String t : List.of("orders", "order_lines", "\"Customers\"", "tags", "audit_log")) {
            pg().execute("ALTER TABLE shop." + t + " REPLICA IDENTITY FULL");
        }
        String tables = " AS DATABASE shop INCLUDING ALL TABLES EXCLUDING TABLE 'audit_.*|scratch'\n";
        // arrays go to PostgreSQL as arrays (a domain as its base type); MariaDB would hold them as JSON text
        String scalars = " AS DATABASE shop INCLUDING ALL TABLES EXCLUDING TABLE 'audit_.*|scratch|tags'\n";
        STACK.server().runScript(new ScriptRequest("shop.sql",
                "CREATE DATABASE IF NOT EXISTS shop_pg " + TO_POSTGRES + tables + SOURCE.formatted("shop_pg", "") + ";\n"
                        + "CREATE DATABASE shop_maria " + TO_MARIADB + scalars + SOURCE.formatted("shop_maria", "") + ";\n",
                Map.of(), false, 90));

        // one statement each, named after its target, over the tables it expanded to
        JsonNode statement = STACK.server().statement("shop_pg");
        assertThat(statement.path("status").path("phase").asText()).isEqualTo("RUNNING");
        assertThat(statement.path("spec").path("statement").asText()).isEqualTo("""
                EXECUTE STATEMENT SET
                BEGIN
                INSERT INTO `shop_pg_Customers` SELECT * FROM `shop_pg_Customers_source`;
                INSERT INTO `shop_pg_order_lines` SELECT * FROM `shop_pg_order_lines_source`;
                INSERT INTO `shop_pg_orders` SELECT * FROM `shop_pg_orders_source`;
                INSERT INTO `shop_pg_tags` SELECT * FROM `shop_pg_tags_source`;
                END""");
        pg().execute("INSERT INTO shop.orders VALUES (301, 'late', 9.99, '2026-03-01 08:00')",
                "UPDATE shop.orders SET total = 0.5 WHERE id = 7", "DELETE FROM shop.orders WHERE id = 8",
                "UPDATE shop.order_lines SET line = 9 WHERE order_id = 2 AND line = 0", // a key change
                "DELETE FROM shop.\"Customers\" WHERE email = 'b@x'",
                "INSERT INTO shop.\"Customers\" VALUES ('c@x', 'Cy', false, '2001-12-31', '\\xff')",
                "INSERT INTO shop.audit_log VALUES (2, 'kept out too')",
                "UPDATE shop.tags SET labels = '{x}', scores = '{}' WHERE id = 2");
        for (String target : List.of("shop_pg", "shop_maria")) {
            EmbeddedDatabase db = target.equals("shop_pg") ? pg() : STACK.services().mariadb();
            awaitEqual("shop.orders ORDER BY id", db, target + ".orders ORDER BY id");
            awaitEqual("shop.order_lines ORDER BY order_id, line", db, target + ".order_lines ORDER BY order_id, line");
            awaitEqual("shop.\"Customers\" ORDER BY email", db, quoted(db, target) + "." + quoted(db, "Customers") + " ORDER BY email");
            assertThat(tablesOf(db, target)).as("the excluded tables").doesNotContain("audit_log", "scratch");
        }
        awaitEqual("shop.tags ORDER BY id", pg(), "shop_pg.tags ORDER BY id");
        assertThat(single("SELECT string_agg(format_type(atttypid, atttypmod), ', ' ORDER BY attnum) FROM pg_attribute"
                + " WHERE attrelid = 'shop_pg.tags'::regclass AND attnum > 0 AND NOT attisdropped"))
                .as("the target's column types").isEqualTo("integer, text[], integer[], numeric(10,2)");
        assertThat(single("SELECT count(*) FROM pg_replication_slots WHERE slot_name IN ('shop_pg', 'shop_maria')")).isEqualTo("2");

        // verify compares every table the declaration made; a row lost by hand is found and written again
        CommandRun verify = CommandRun.of("verify", "shop_pg", "--server", STACK.stack().url());
        assertThat(verify.code()).as(verify.out() + verify.err()).isEqualTo(0);
        assertThat(verify.out()).startsWith("4 tables: 4 equal, 0 differ\ntable shop_pg.Customers:\n")
                .contains("table shop_pg.order_lines:\n", "table shop_pg.orders:\n", "table shop_pg.tags:\n");
        STACK.services().mariadb().execute("DELETE FROM shop_maria.orders WHERE id = 5");
        CommandRun repair = CommandRun.of("verify", "shop_maria", "--repair", "--server", STACK.stack().url());
        assertThat(repair.code()).as(repair.out() + repair.err()).isEqualTo(0);
        assertThat(repair.out()).startsWith("3 tables: 2 equal, 1 differ\n").contains("MISSING   id=5",
                "repair: 1 rows written from the source, 0 deleted", "after repair:\n  3 tables: 3 equal, 0 differ");
        awaitEqual("shop.orders ORDER BY id", STACK.services().mariadb(), "shop_maria.orders ORDER BY id");
    }

    @Test
    void aTableCreatedWhileStreamingIsPickedUpUnderEvolveNothingLost() throws Exception {
        pg().execute("CREATE SCHEMA grow", "CREATE TABLE grow.items (id int PRIMARY KEY, name text)",
                "ALTER TABLE grow.items REPLICA IDENTITY FULL", "INSERT INTO grow.items VALUES (1, 'one'), (2, 'two')");
        STACK.server().runScript(new ScriptRequest("grow.sql", "CREATE DATABASE grown " + TO_POSTGRES
                + " AS DATABASE grow INCLUDING TABLE 'items|parts_.*'\n"
                + SOURCE.formatted("grow", ", 'schema-change.behavior' = 'evolve'") + ";\n", Map.of(), false, 90));
        awaitEqual("grow.items ORDER BY id", pg(), "grown.items ORDER BY id");

        // created, filled in its own transaction right away, changed again, and a table the pattern does not take
        pg().execute("BEGIN; CREATE TABLE grow.parts_a (id int PRIMARY KEY, weight numeric(6,1), label varchar(10));"
                        + " ALTER TABLE grow.parts_a REPLICA IDENTITY FULL;"
                        + " INSERT INTO grow.parts_a SELECT g, g / 2.0, 'p' || g FROM generate_series(1, 50) g; COMMIT",
                "CREATE TABLE grow.other (id int PRIMARY KEY)", "INSERT INTO grow.other VALUES (1)",
                "UPDATE grow.parts_a SET label = 'changed' WHERE id = 3", "DELETE FROM grow.parts_a WHERE id = 4",
                "INSERT INTO grow.items VALUES (3, 'three')");
        Awaitility.await().atMost(Duration.ofSeconds(180)).ignoreExceptions().untilAsserted(() ->
                assertThat(STACK.server().evolution("grown").path("state").asText()).isEqualTo("SUCCEEDED"));
        JsonNode v2 = STACK.server().statement("grown-v2");
        assertThat(v2.path("spec").path("statement").asText()).contains(
                "INSERT INTO `grown_parts_a` SELECT * FROM `grown_parts_a_source`;",
                "INSERT INTO `grown_items` SELECT * FROM `grown_items_source`;");
        assertThat(STACK.server().statement("grown").path("status").path("detail").asText()).contains(
                "table grow.parts_a matches 'new-tables.pattern' 'items|parts_.*' but is not read by the statement");
        pg().execute("INSERT INTO grow.parts_a VALUES (51, 51, 'after')", "UPDATE grow.items SET name = 'uno' WHERE id = 1");
        awaitEqual("grow.parts_a ORDER BY id", pg(), "grown.parts_a ORDER BY id");
        awaitEqual("grow.items ORDER BY id", pg(), "grown.items ORDER BY id");
        assertThat(tablesOf(pg(), "grown")).containsExactlyInAnyOrder("items", "parts_a");
    }

    @Test
    void aTableCreatedWhileStreamingStopsTheStatementUnderFailNamingItAndWhatToRun() throws Exception {
        pg().execute("CREATE SCHEMA still", "CREATE TABLE still.items (id int PRIMARY KEY, name text)",
                "ALTER TABLE still.items REPLICA IDENTITY FULL", "INSERT INTO still.items VALUES (1, 'one')");
        STACK.server().runScript(new ScriptRequest("still.sql", "CREATE DATABASE stays " + TO_MARIADB
                + " AS DATABASE still INCLUDING ALL TABLES\n" + SOURCE.formatted("still", "") + ";\n", Map.of(), false, 90));
        awaitEqual("still.items ORDER BY id", STACK.services().mariadb(), "stays.items ORDER BY id");
        pg().execute("CREATE TABLE still.extra (id int PRIMARY KEY)", "ALTER TABLE still.extra REPLICA IDENTITY FULL",
                "INSERT INTO still.extra VALUES (1)", "INSERT INTO still.items VALUES (2, 'two')");
        Awaitility.await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                assertThat(STACK.server().statement("stays").path("status").path("phase").asText()).isEqualTo("FAILED"));
        assertThat(STACK.server().statement("stays").path("status").path("detail").asText()).contains(
                "slot 'still': table still.extra matches 'new-tables.pattern' '.*' but is not read by the statement (created"
                        + " since it started); the job stops before its first change, nothing of it emitted"
                        + " ('schema-change.behavior' = 'fail')",
                "cdcbridge evolve stays --to v2.sql --strategy in-place");
        assertThat(tablesOf(STACK.services().mariadb(), "stays")).containsExactly("items");

        // the way on it names: the declaration again as a version from the latest checkpoint
        pg().execute("INSERT INTO still.extra VALUES (2)");
        STACK.server().evolve("stays", new EvolutionRequest("v2.sql", "SET 'client.statement-name' = 'stays-v2';\n"
                + "CREATE DATABASE IF NOT EXISTS stays " + TO_MARIADB + " AS DATABASE still INCLUDING ALL TABLES\n"
                + SOURCE.formatted("still", "") + ";\n", Strategy.IN_PLACE, false, false, null, null, 120, Map.of()));
        awaitEqual("still.extra ORDER BY id", STACK.services().mariadb(), "stays.extra ORDER BY id");
        awaitEqual("still.items ORDER BY id", STACK.services().mariadb(), "stays.items ORDER BY id");
    }

    @Test
    void declarationsThatCannotBeExpandedAreRefusedSayingWhy() {
        pg().execute("CREATE SCHEMA IF NOT EXISTS bad", "CREATE TABLE IF NOT EXISTS bad.keyless (note text)");
        assertThat(refused("CREATE DATABASE none " + TO_POSTGRES + " AS DATABASE bad INCLUDING TABLE 'nothing_.*'\n"
                + SOURCE.formatted("bad", ""))).startsWith("none.sql:1: CREATE DATABASE none AS DATABASE bad INCLUDING TABLE"
                + " 'nothing_.*': no table of schema 'bad' matches");
        assertThat(refused("CREATE DATABASE none " + TO_POSTGRES + " AS DATABASE bad INCLUDING ALL TABLES\n"
                + SOURCE.formatted("bad", ""))).contains("table(s) bad.keyless have no primary key");
        assertThat(refused("CREATE DATABASE none " + TO_POSTGRES + " AS DATABASE bad INCLUDING TABLE 'a[' "
                + SOURCE.formatted("bad", ""))).startsWith("none.sql:1: INCLUDING TABLE 'a[' is not a regular expression");
        assertThat(refused("CREATE DATABASE none " + TO_POSTGRES + " AS DATABASE bad " + SOURCE.formatted("bad", "")))
                .startsWith("none.sql:1: expected INCLUDING ALL TABLES or INCLUDING TABLE 'pattern' after AS DATABASE bad in");
        pg().execute("CREATE SCHEMA IF NOT EXISTS bad_types", "CREATE TABLE IF NOT EXISTS bad_types.docs (id int PRIMARY KEY, body jsonb)");
        assertThat(refused("CREATE DATABASE none " + TO_POSTGRES + " AS DATABASE bad_types INCLUDING ALL TABLES\n"
                + SOURCE.formatted("bad", ""))).contains("column(s) bad_types.docs.body (jsonb) have a type a whole-schema"
                + " declaration does not carry as it is");
        assertThat(refused("CREATE DATABASE none AS DATABASE bad INCLUDING ALL TABLES " + SOURCE.formatted("bad", "")))
                .startsWith("none.sql:1: expected the target's options, WITH ('connector' = ..., ...), after CREATE DATABASE none");
    }

    private static String refused(String sql) {
        return catchThrowableOfType(ApiException.class, () -> STACK.server().runScript(
                new ScriptRequest("none.sql", sql + ";\n", Map.of(), false, 30))).getMessage();
    }

    private static void awaitEqual(String source, EmbeddedDatabase target, String copy) {
        Awaitility.await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                .untilAsserted(() -> assertThat(rows(target, copy)).isEqualTo(rows(pg(), source)));
    }

    // every row as its values in one form for both databases (numbers by value, bytes in hex, times as ISO)
    private static List<String> rows(EmbeddedDatabase db, String from) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Connection c = db.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT * FROM " + from)) {
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                List<String> row = new ArrayList<>();
                for (int i = 1; i <= n; i++) row.add(value(rs.getObject(i)));
                rows.add(String.join("|", row));
            }
        }
        return rows;
    }

    private static String value(Object v) {
        if (v == null) return "null";
        if (v instanceof Boolean b) return b ? "1" : "0";
        if (v instanceof Number n) return new BigDecimal(n.toString()).stripTrailingZeros().toPlainString();
        if (v instanceof byte[] b) return HexFormat.of().formatHex(b);
        if (v instanceof java.sql.Timestamp t) return t.toLocalDateTime().toString();
        return v.toString();
    }

    private static List<String> tablesOf(EmbeddedDatabase db, String schema) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = db.connect(); ResultSet rs = c.getMetaData().getTables(db == pg() ? null : schema,
                db == pg() ? schema : null, "%", new String[] {"TABLE"})) {
            while (rs.next()) out.add(rs.getString("TABLE_NAME"));
        }
        return out;
    }

    private static String quoted(EmbeddedDatabase db, String name) {
        return db == pg() ? "\"" + name + "\"" : "`" + name + "`";
    }

    private static String single(String sql) throws SQLException {
        try (Connection c = pg().connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static EmbeddedPostgres pg() {
        return STACK.services().postgres();
    }
}
