package io.cdcbridge.cli.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import io.cdcbridge.cli.client.ApiException;
import io.cdcbridge.cli.support.StackExtension;
import io.cdcbridge.control.server.ScriptRequest;
import io.cdcbridge.embedded.EmbeddedPostgres;
import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
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
    void aSyntaxErrorNamesTheFilesLineAndColumnAndAppliesNothing() {
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
        // the second comma of "  id INT,," on the file's line 5 (the statement's second line)
        assertThat(error.path("line").asInt()).isEqualTo(5);
        assertThat(error.path("column").asInt()).isEqualTo(10);
        assertThat(error.path("statement").asText()).isEqualTo("CREATE TABLE broken (");
        assertThat(error.path("message").asText()).startsWith("bad.sql:5:10: Encountered \",\" at line 5, column 10.");
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
    void anUnknownConnectorIsRefusedAtItsCreateWithTheConnectorsThereAre() {
        String script = """
                CREATE TABLE fine_before (id INT) WITH ('connector' = 'datagen');
                CREATE TABLE unknown_conn (id INT) WITH ('connector' = 'no-such-connector');
                """;
        ApiException e = catchThrowableOfType(ApiException.class, () -> run("unknown.sql", script));
        assertThat(e.body().path("error").path("line").asInt()).isEqualTo(2);
        assertThat(e.body().path("error").path("message").asText()).startsWith("unknown.sql:2: Unable to create a source for"
                        + " reading table 'default_catalog.default_database.unknown_conn': Could not find any factory for"
                        + " identifier 'no-such-connector' that implements 'org.apache.flink.table.factories.DynamicTableFactory'"
                        + " in the classpath. Available factory identifiers are: ")
                .contains(", datagen, ", ", kafka, ", ", upsert-kafka");
        assertThat(definitions()).doesNotContain("fine_before").doesNotContain("unknown_conn");
    }

    @Test
    void aMisspelledOptionKeyIsRefusedWithFlinksListOfWhatIsMissing() {
        String script = """
                CREATE TABLE misspelled_src (id INT, name STRING, PRIMARY KEY (id) NOT ENFORCED) WITH (
                  'connector' = 'postgres-cdc', 'hostnam' = '${POSTGRES_HOST}', 'port' = '${POSTGRES_PORT}',
                  'username' = 'postgres', 'password' = '${POSTGRES_PASSWORD}', 'database-name' = 'postgres',
                  'schema-name' = 'public', 'table-name' = 'full_items', 'slot.name' = 'misspelled_slot');
                """;
        ApiException e = catchThrowableOfType(ApiException.class, () -> run("misspelled.sql", script));
        assertThat(e.body().path("error").path("message").asText()).startsWith("misspelled.sql:1: Unable to create a source"
                        + " for reading table 'default_catalog.default_database.misspelled_src': One or more required options are"
                        + " missing. Missing required options are: hostname. Unsupported options found for 'postgres-cdc'."
                        + " Unsupported options: hostnam. Supported options: ")
                .contains(", hostname, ")
                .endsWith("\n  in statement: CREATE TABLE misspelled_src (id INT, name STRING, PRIMARY KEY (id) NOT ENFORC...");
        assertThat(definitions()).doesNotContain("misspelled_src");
    }

    @Test
    void anUnsupportedOptionIsRefusedWithTheOptionsTheConnectorTakes() {
        ApiException e = catchThrowableOfType(ApiException.class, () -> run("unsupported.sql",
                "CREATE TABLE unsupported_opt (id INT) WITH ('connector' = 'datagen', 'rows-per-secnd' = '5');"));
        assertThat(e.body().path("error").path("message").asText()).startsWith("unsupported.sql:1: Unable to create a source"
                        + " for reading table 'default_catalog.default_database.unsupported_opt': Unsupported options found for"
                        + " 'datagen'. Unsupported options: rows-per-secnd. Supported options: ")
                .contains(", rows-per-second, ");
        assertThat(definitions()).doesNotContain("unsupported_opt");
    }

    @Test
    void aTopicNameKafkaRefusesIsRefusedBeforeAnythingIsApplied() {
        String script = """
                CREATE TABLE topic_src (n INT) WITH ('connector' = 'datagen');
                CREATE TABLE bad_topic (n INT) WITH ('connector' = 'kafka', 'topic' = 'orders by day',
                  'properties.bootstrap.servers' = '${KAFKA_BOOTSTRAP_SERVERS}', 'format' = 'json');
                SET 'client.statement-name' = 'bad-topic';
                INSERT INTO bad_topic SELECT n FROM topic_src;
                """;
        ApiException e = catchThrowableOfType(ApiException.class, () -> run("topic.sql", script));
        assertThat(e.body().path("error").path("line").asInt()).isEqualTo(5);
        assertThat(e.body().path("error").path("message").asText()).startsWith("topic.sql:5: table 'bad_topic' (kafka):"
                + " 'topic' = 'orders by day' is not a topic name Kafka accepts: Topic name is invalid: 'orders by day'"
                + " contains one or more characters other than ASCII alphanumerics, '.', '_' and '-'");
        assertNothingOf("bad-topic", "topic_src", "bad_topic");
    }

    @Test
    void anUnreachableDatabaseIsRefusedWithTheReasonAndNothingIsApplied() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        ApiException e = refusedCdcStatement("unreachable", "127.0.0.1", closedPort, "postgres", "${POSTGRES_PASSWORD}", "full_items");
        assertThat(e.body().path("error").path("line").asInt()).isEqualTo(7);
        assertThat(e.body().path("error").path("message").asText())
                .startsWith("unreachable.sql:7: source table 'unreachable_src' (")
                .contains("PostgreSQL at 127.0.0.1:" + closedPort)
                .contains("cannot connect: Connection to 127.0.0.1:" + closedPort + " refused.");
    }

    @Test
    void aWrongPasswordIsRefusedWithTheReasonAndNothingIsApplied() throws Exception {
        ApiException e = refusedCdcStatement("wrong-password", pg.host(), pg.port(), "postgres", "not-the-password", "full_items");
        assertThat(e.body().path("error").path("message").asText())
                .startsWith("wrong-password.sql:7: source table 'wrong_password_src' (")
                .contains("PostgreSQL at " + pg.host() + ":" + pg.port())
                .contains("cannot connect: FATAL: password authentication failed for user")
                .doesNotContain("not-the-password");
    }

    @Test
    void aTableWithoutReplicaIdentityFullIsRefusedWithWhatToDo() throws Exception {
        ApiException e = refusedCdcStatement("no-identity", pg.host(), pg.port(), "postgres", "${POSTGRES_PASSWORD}", "items");
        assertThat(e.body().path("error").path("message").asText())
                .contains("REPLICA IDENTITY FULL").contains("ALTER TABLE \"public\".\"items\" REPLICA IDENTITY FULL");
    }

    @Test
    void aMissingReplicationPermissionIsRefusedWithWhatToDo() throws Exception {
        ApiException e = refusedCdcStatement("no-replication", pg.host(), pg.port(), "plain_user", "plain-pw-123", "full_items");
        assertThat(e.body().path("error").path("message").asText()).contains("ALTER ROLE \"plain_user\" REPLICATION");
        assertThat(e.body().toString()).doesNotContain("plain-pw-123");
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

    @Test
    void aSinkThatRefusesAtItsJobsStartUndoesTheWholeScript() {
        // Kafka's producer refuses its configuration when the sink opens it, after every check passed
        String script = """
                CREATE TABLE refused_src (id INT, name STRING, PRIMARY KEY (id) NOT ENFORCED) WITH (
                  'connector' = 'postgres-cdc', 'hostname' = '${POSTGRES_HOST}', 'port' = '${POSTGRES_PORT}',
                  'username' = 'postgres', 'password' = '${POSTGRES_PASSWORD}', 'database-name' = 'postgres',
                  'schema-name' = 'public', 'table-name' = 'full_items', 'slot.name' = 'refused_slot',
                  'decoding.plugin.name' = 'pgoutput');
                CREATE TABLE refused_target (id INT, name STRING, PRIMARY KEY (id) NOT ENFORCED) WITH (
                  'connector' = 'upsert-kafka', 'topic' = 'refused_target', 'key.format' = 'json', 'value.format' = 'json',
                  'properties.bootstrap.servers' = '${KAFKA_BOOTSTRAP_SERVERS}', 'properties.compression.type' = 'zip',
                  'properties.ssl.truststore.password' = 'undo-secret-4711');
                SET 'client.statement-name' = 'refused-sink';
                INSERT INTO refused_target SELECT id, name FROM refused_src;
                """;
        ApiException e = catchThrowableOfType(ApiException.class, () -> run("refused-sink.sql", script));
        assertThat(e).as("refused").isNotNull();
        JsonNode error = e.body().path("error");
        assertThat(error.path("line").asInt()).as(error.toString()).isEqualTo(11);
        assertThat(error.path("message").asText())
                .startsWith("refused-sink.sql:11: statement 'refused-sink' did not start: ")
                .contains("Invalid value zip for configuration compression.type")
                .contains("refused_target")
                .contains("; nothing of the script was applied")
                .doesNotContain("undo-secret-4711");
        assertNothingOf("refused-sink", "refused_src", "refused_target");
        assertThat(STACK.server().contracts().path("contracts").findValuesAsText("table"))
                .doesNotContain("refused_src", "refused_target");
        // the job let go of the slot it may have made, and the undo dropped it
        Awaitility.await().atMost(Duration.ofSeconds(120)).untilAsserted(() -> assertThat(slots("refused_slot")).isZero());
        assertThat(STACK.workspace().resolve("secrets.json")).content().doesNotContain("undo-secret-4711");
    }

    // the CDC source and the statement are refused in the check: no table, no statement, no replication slot remain
    private ApiException refusedCdcStatement(String name, String host, int port, String user, String password, String table) {
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
        ApiException e = catchThrowableOfType(ApiException.class, () -> run(name + ".sql", script));
        assertThat(e).as("refused").isNotNull();
        assertNothingOf(name, t + "_src", t + "_dst");
        assertThat(slots(t + "_slot")).isZero();
        return e;
    }

    private static int slots(String name) {
        try (Connection c = pg.connect();
             PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM pg_replication_slots WHERE slot_name = ?")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private void assertNothingOf(String statement, String... tables) {
        assertThat(STACK.server().statements().path("statements").findValuesAsText("name")).doesNotContain(statement);
        for (String t : tables) assertThat(definitions()).doesNotContain("TABLE " + t + " ");
    }

    private JsonNode run(String file, String script) {
        return STACK.server().runScript(new ScriptRequest(file, script, Map.of(), false));
    }

    private String definitions() {
        return STACK.server().catalog().toString();
    }
}
