package io.cdcbridge.cli.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import io.cdcbridge.cli.client.ApiException;
import io.cdcbridge.cli.support.StackExtension;
import io.cdcbridge.control.server.ScriptRequest;
import io.cdcbridge.embedded.EmbeddedPostgres;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Bad input gets one clear answer that says what and where, and nothing is half-applied. */
@Tag("integration")
class BadInputTest {

    @RegisterExtension
    static final StackExtension STACK = new StackExtension("postgres,kafka");

    static EmbeddedPostgres pg;

    @BeforeAll
    static void start() {
        pg = STACK.services().postgres();
        pg.execute("CREATE TABLE items (id INT PRIMARY KEY, name TEXT)",
                "CREATE TABLE full_items (id INT PRIMARY KEY, name TEXT)",
                "ALTER TABLE full_items REPLICA IDENTITY FULL",
                "CREATE ROLE plain_user LOGIN PASSWORD 'plain-pw-123'",
                "GRANT SELECT ON full_items TO plain_user");
    }

    @Test
    void aSyntaxErrorNamesFileLineAndStatementAndAppliesNothing() {
        String script = """
                CREATE TABLE fine (id INT) WITH ('connector' = 'datagen');

                -- the next statement is broken
                CREATE TABLE broken (
                  id INT,,
                ) WITH ('connector' = 'datagen');
                """;
        ApiException e = catchThrowableOfType(ApiException.class, () -> run("bad.sql", script));
        JsonNode error = e.body().path("error");
        assertThat(error.path("file").asText()).isEqualTo("bad.sql");
        assertThat(error.path("line").asInt()).isEqualTo(4);
        assertThat(error.path("statement").asText()).isEqualTo("CREATE TABLE broken (");
        assertThat(error.path("message").asText()).startsWith("bad.sql:4: ").contains("Encountered");
        assertThat(definitions()).doesNotContain("CREATE TABLE fine ").doesNotContain("CREATE TABLE broken ");
    }

    @Test
    void aValidationErrorNamesTheUnknownColumn() {
        String script = """
                CREATE TABLE src (id INT) WITH ('connector' = 'datagen');
                CREATE TABLE dst (id INT) WITH ('connector' = 'blackhole');
                INSERT INTO dst SELECT nope FROM src;
                """;
        ApiException e = catchThrowableOfType(ApiException.class, () -> run("validate.sql", script));
        assertThat(e.body().path("error").path("line").asInt()).isEqualTo(3);
        assertThat(e.getMessage()).contains("Column 'nope' not found");
        assertThat(definitions()).doesNotContain("CREATE TABLE src ").doesNotContain("CREATE TABLE dst ");
    }

    @Test
    void anUnknownVariableIsNamed() {
        ApiException e = catchThrowableOfType(ApiException.class, () -> run("vars.sql",
                "CREATE TABLE v (id INT) WITH ('connector' = '${NO_SUCH_VARIABLE}');"));
        assertThat(e.getMessage()).contains("vars.sql:1").contains("${NO_SUCH_VARIABLE}");
    }

    @Test
    void anUnreachableDatabaseFailsTheStatementWithTheReason() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        JsonNode s = createCdcStatement("unreachable", "127.0.0.1", closedPort, "postgres", "${POSTGRES_PASSWORD}", "full_items");
        assertThat(s.path("status").path("phase").asText()).isEqualTo("FAILED");
        assertThat(s.path("status").path("detail").asText())
                .contains("cannot connect").contains("127.0.0.1:" + closedPort).contains("Connection");
    }

    @Test
    void aTableWithoutReplicaIdentityFullIsReportedWithWhatToDo() throws Exception {
        JsonNode s = createCdcStatement("no-identity", pg.host(), pg.port(), "postgres", "${POSTGRES_PASSWORD}", "items");
        assertThat(s.path("status").path("phase").asText()).isEqualTo("FAILED");
        assertThat(s.path("status").path("detail").asText())
                .contains("REPLICA IDENTITY FULL").contains("ALTER TABLE \"public\".\"items\" REPLICA IDENTITY FULL");
    }

    @Test
    void aMissingReplicationPermissionIsReportedWithWhatToDo() throws Exception {
        JsonNode s = createCdcStatement("no-replication", pg.host(), pg.port(), "plain_user", "plain-pw-123", "full_items");
        assertThat(s.path("status").path("phase").asText()).isEqualTo("FAILED");
        assertThat(s.path("status").path("detail").asText()).contains("ALTER ROLE \"plain_user\" REPLICATION");
        assertThat(s.toString()).doesNotContain("plain-pw-123");
    }

    @Test
    void aJobThatFailsAtRunTimeEndsFailedWithItsCauseInsteadOfRestartingForever() throws Exception {
        String script = """
                SET 'restart-strategy.fixed-delay.attempts' = '1';
                SET 'restart-strategy.fixed-delay.delay' = '100ms';
                SET 'client.statement-name' = 'runtime-failure';
                CREATE TABLE numbers (n INT) WITH ('connector' = 'datagen', 'rows-per-second' = '5', 'number-of-rows' = '50');
                CREATE TABLE failing_sink (n INT) WITH ('connector' = 'blackhole');
                INSERT INTO failing_sink SELECT 10 / (n - n) FROM numbers;
                """;
        run("runtime.sql", script);
        Awaitility.await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                assertThat(STACK.server().statement("runtime-failure").path("status").path("phase").asText())
                        .isEqualTo("FAILED"));
        assertThat(STACK.server().statement("runtime-failure").path("status").path("detail").asText()).contains("by zero");
    }

    @Test
    void secretsAreMaskedWhereShownAndReferencesStayReferencesInTheWorkspace() throws Exception {
        String ok = """
                CREATE TABLE pg_items (id INT, name STRING, PRIMARY KEY (id) NOT ENFORCED) WITH (
                  'connector' = 'postgres-cdc', 'hostname' = '${POSTGRES_HOST}', 'port' = '${POSTGRES_PORT}',
                  'username' = 'postgres', 'password' = '${POSTGRES_PASSWORD}', 'database-name' = 'postgres',
                  'schema-name' = 'public', 'table-name' = 'full_items', 'slot.name' = 'secret_slot');
                CREATE TABLE literal_pw (id INT, name STRING, PRIMARY KEY (id) NOT ENFORCED) WITH (
                  'connector' = 'postgres-cdc', 'hostname' = '${POSTGRES_HOST}', 'port' = '${POSTGRES_PORT}',
                  'username' = 'postgres', 'password' = 'postgres', 'database-name' = 'postgres',
                  'schema-name' = 'public', 'table-name' = 'full_items', 'slot.name' = 'literal_slot');
                """;
        run("secret-ok.sql", ok);
        String catalog = Files.readString(STACK.workspace().resolve("catalog.json"));
        assertThat(catalog).contains("'password' = '${POSTGRES_PASSWORD}'").doesNotContain("'password' = 'postgres'");
        // the literal is kept in the secret store, the catalog refers to it
        assertThat(STACK.workspace().resolve("secrets.json")).content().contains("\"postgres\"");
        assertThat(Files.getPosixFilePermissions(STACK.workspace().resolve("catalog.json")))
                .isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(Files.getPosixFilePermissions(STACK.workspace())).isEqualTo(PosixFilePermissions.fromString("rwx------"));
        JsonNode shown = STACK.server().catalog();
        assertThat(shown.toString()).contains("'password' = '******'").contains("${POSTGRES_PASSWORD}")
                .doesNotContain("'password' = 'postgres'");
    }

    private JsonNode createCdcStatement(String name, String host, int port, String user, String password, String table)
            throws Exception {
        String t = name.replace('-', '_');
        String script = """
                CREATE TABLE %s_src (id INT, name STRING, PRIMARY KEY (id) NOT ENFORCED) WITH (
                  'connector' = 'postgres-cdc', 'hostname' = '%s', 'port' = '%d', 'username' = '%s',
                  'password' = '%s', 'database-name' = 'postgres', 'schema-name' = 'public',
                  'table-name' = '%s', 'slot.name' = '%s_slot');
                CREATE TABLE %s_dst (id INT, name STRING) WITH ('connector' = 'blackhole');
                SET 'client.statement-name' = '%s';
                INSERT INTO %s_dst SELECT id, name FROM %s_src;
                """.formatted(t, host, port, user, password, table, t, t, name, t, t);
        JsonNode result = run(name + ".sql", script);
        assertThat(result.path("statements").get(3).path("statement_name").asText()).isEqualTo(name);
        return STACK.server().statement(name);
    }

    private JsonNode run(String file, String script) {
        return STACK.server().runScript(new ScriptRequest(file, script, Map.of(), false));
    }

    private String definitions() {
        return STACK.server().catalog().toString();
    }
}
