package io.cdcbridge.cli.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cdcbridge.cli.support.CommandRun;
import io.cdcbridge.cli.support.PostgresTables;
import io.cdcbridge.cli.support.StackExtension;
import io.cdcbridge.control.server.ScriptRequest;
import io.cdcbridge.control.workspace.Json;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code cdcbridge verify STATEMENT} on a running statement that copies a PostgreSQL table into MariaDB with a column
 * renamed: equal, then a difference planted by hand reported with its key and column, then repaired.
 */
@Tag("integration")
class VerifyStatementTest {

    @RegisterExtension
    static final StackExtension STACK = new StackExtension("postgres,mariadb").checkpointingEverySecond();

    private static final String SCRIPT = """
            CREATE TABLE pasta_source (id INT NOT NULL, name STRING, cooking_minutes INT, PRIMARY KEY (id) NOT ENFORCED)
            WITH ('connector' = 'cdcbridge-postgres', 'hostname' = '${POSTGRES_HOST}', 'port' = '${POSTGRES_PORT}',
                  'username' = '${POSTGRES_USER}', 'password' = '${POSTGRES_PASSWORD}', 'database-name' = '${POSTGRES_DATABASE}',
                  'schema-name' = 'public', 'table-name' = 'pasta', 'slot.name' = 'verify_pasta');
            CREATE TABLE pasta_copy (id INT NOT NULL, title STRING, cooking_minutes INT, PRIMARY KEY (id) NOT ENFORCED)
            WITH ('connector' = 'cdcbridge-jdbc', 'url' = 'jdbc:mariadb://${MYSQL_HOST}:${MYSQL_PORT}/${MYSQL_DATABASE}',
                  'table-name' = 'pasta_copy', 'username' = '${MYSQL_USER}', 'password' = '${MYSQL_PASSWORD}', 'auto-create' = 'true');
            SET 'client.statement-name' = 'pasta-copy';
            INSERT INTO pasta_copy SELECT id, name AS title, cooking_minutes FROM pasta_source;
            """;

    @Test
    void aRunningStatementIsEqualThenADifferenceIsFoundAndRepaired() throws Exception {
        STACK.services().postgres().execute("CREATE TABLE pasta (id int PRIMARY KEY, name text, cooking_minutes int)",
                "ALTER TABLE pasta REPLICA IDENTITY FULL",
                "INSERT INTO pasta SELECT i, 'pasta ' || i, i % 12 FROM generate_series(1, 300) i");
        STACK.server().runScript(new ScriptRequest("copy.sql", SCRIPT, Map.of(), false));
        Awaitility.await().atMost(Duration.ofMinutes(2)).until(() -> targetRows() == 300);

        CommandRun equal = verify();
        assertThat(equal.code()).as(equal.out() + equal.err()).isEqualTo(0);
        assertThat(equal.out()).contains("300 source rows, 300 target rows").endsWith("equal\n").doesNotContain(STACK.services().mariadb().password() + "@");

        STACK.services().mariadb().execute("UPDATE pasta_copy SET title = 'by hand' WHERE id = 42");
        CommandRun different = verify();
        assertThat(different.code()).as(different.out() + different.err()).isEqualTo(1);
        assertThat(different.out()).contains("  DIFFERENT id=42: name -> title\n", "DIFFERENT: 0 missing, 0 extra, 1 different",
                "recheck 1 of 1 differing rows at source position LSN ");

        CommandRun json = verify("--json");
        JsonNode report = Json.MAPPER.readTree(json.out());
        assertThat(report.path("rows").get(0).path("columns").get(0).asText()).isEqualTo("name -> title");

        CommandRun repaired = verify("--repair");
        assertThat(repaired.code()).as(repaired.out() + repaired.err()).isEqualTo(0);
        assertThat(repaired.out()).contains("repair: 1 rows written from the source, 0 deleted").endsWith("  equal\n");
        try (Connection c = STACK.services().mariadb().connect();
             ResultSet rs = c.createStatement().executeQuery("SELECT title FROM pasta_copy WHERE id = 42")) {
            rs.next();
            assertThat(rs.getString(1)).isEqualTo("pasta 42");
        }
    }

    // On the same server: a cdcbridge-postgres -> cdcbridge-jdbc statement with a projection (a rename) shows its
    // snapshot's progress, then the time from a change's commit to its write, alike in REST, the list and /metrics.
    @Test
    void aStatementShowsItsSnapshotProgressThenTheTimeFromCommitToWrite() throws Exception {
        STACK.services().postgres().execute("CREATE TABLE lagged (id int PRIMARY KEY, name text)",
                "ALTER TABLE lagged REPLICA IDENTITY FULL",
                "INSERT INTO lagged SELECT i, 'row ' || i FROM generate_series(1, 500) i");
        STACK.server().runScript(new ScriptRequest("lagged.sql", "CREATE TABLE lagged_source (id INT NOT NULL, name STRING,"
                + " PRIMARY KEY (id) NOT ENFORCED) " + PostgresTables.cdc("lagged", "lagged_copy",
                "'scan.incremental.snapshot.chunk.size' = '100'") + ";\n" + """
                CREATE TABLE lagged_copy (id INT NOT NULL, title STRING, PRIMARY KEY (id) NOT ENFORCED)
                WITH ('connector' = 'cdcbridge-jdbc', 'url' = 'jdbc:mariadb://${MYSQL_HOST}:${MYSQL_PORT}/${MYSQL_DATABASE}',
                      'table-name' = 'lagged_copy', 'username' = '${MYSQL_USER}', 'password' = '${MYSQL_PASSWORD}', 'auto-create' = 'true');
                SET 'client.statement-name' = 'lagged-copy';
                INSERT INTO lagged_copy SELECT id, name AS title FROM lagged_source;
                """, Map.of(), false));

        // the snapshot: 500 rows (a table never analyzed is counted) in 5 splits of 100 keys
        JsonNode snapshot = Awaitility.await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(1))
                .until(() -> STACK.server().metrics("lagged-copy").path("latest").path("snapshot"),
                        n -> n.path("done").asBoolean() && n.path("rows_read").asLong() == 500);
        assertThat(snapshot.toString()).isEqualTo(
                "{\"rows_read\":500,\"rows_estimated\":500,\"splits_finished\":5,\"splits_total\":5,\"done\":true}");

        // a change: the latest change's commit-to-write time appears, in seconds
        STACK.services().postgres().execute("INSERT INTO lagged VALUES (501, 'streamed')");
        JsonNode latest = Awaitility.await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(1))
                .until(() -> STACK.server().metrics("lagged-copy").path("latest"), m -> m.path("lag_seconds").isNumber()
                        && m.path("rows_written").asLong() == 501);
        double seconds = latest.path("lag_seconds").asDouble();
        assertThat(seconds).isNotNegative();

        // the list and Prometheus read the same sample (retried when a new one came in between)
        for (int attempt = 0; ; attempt++) {
            JsonNode before = STACK.server().metrics("lagged-copy").path("latest");
            CommandRun list = CommandRun.of("statements", "list", "--server", STACK.stack().url());
            String scraped = new String(java.net.URI.create(STACK.stack().url() + "/metrics").toURL().openStream().readAllBytes(),
                    java.nio.charset.StandardCharsets.UTF_8);
            if (!before.path("at").equals(STACK.server().metrics("lagged-copy").path("latest").path("at")) && attempt < 5) continue;
            double lag = before.path("lag_seconds").asDouble();
            String row = list.out().lines().filter(l -> l.startsWith("lagged-copy ")).findFirst().orElseThrow();
            assertThat(row.trim().split("\\s+")[2]).isEqualTo(lag < 1 ? String.format(java.util.Locale.ROOT, "%.3fs", lag)
                    : String.format(java.util.Locale.ROOT, "%.1fs", lag));
            assertThat(scraped.lines()).contains("cdcbridge_statement_lag_seconds{statement=\"lagged-copy\"} " + lag,
                    "cdcbridge_statement_snapshot_rows_read{statement=\"lagged-copy\"} 500.0",
                    "cdcbridge_statement_snapshot_splits_finished{statement=\"lagged-copy\"} 5.0");
            break;
        }
    }

    @Test
    void anUnknownStatementIsOneClearError() {
        CommandRun run = verify("no-such-statement");
        assertThat(run.code()).isEqualTo(1);
        assertThat(run.err()).contains("no-such-statement");
    }

    private CommandRun verify(String... more) {
        String[] base = more.length == 1 && !more[0].startsWith("--")
                ? new String[] {"verify", more[0], "--server", STACK.stack().url()}
                : new String[] {"verify", "pasta-copy", "--server", STACK.stack().url()};
        if (more.length == 1 && !more[0].startsWith("--")) return CommandRun.of(base);
        String[] all = new String[base.length + more.length];
        System.arraycopy(base, 0, all, 0, base.length);
        System.arraycopy(more, 0, all, base.length, more.length);
        return CommandRun.of(all);
    }

    private static long targetRows() {
        try (Connection c = STACK.services().mariadb().connect();
             ResultSet rs = c.createStatement().executeQuery("SELECT count(*) FROM pasta_copy")) {
            rs.next();
            return rs.getLong(1);
        } catch (Exception e) {
            return -1;
        }
    }
}
