package io.cdcbridge.control.script;

import static org.assertj.core.api.Assertions.assertThat;

import io.cdcbridge.control.engine.FakeEngine;
import io.cdcbridge.control.engine.JobState;
import io.cdcbridge.control.statement.Phase;
import io.cdcbridge.control.statement.Statement;
import io.cdcbridge.control.statement.StatementService;
import io.cdcbridge.control.statement.StatementSpec;
import io.cdcbridge.control.statement.StatementStatus;
import io.cdcbridge.control.workspace.Definition;
import io.cdcbridge.control.workspace.Json;
import io.cdcbridge.control.workspace.Workspace;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A statement runs with the values it was compiled with, whatever later runs and restarts bring. */
class StatementValuesTest {

    @TempDir
    Path dir;

    private static VariableSource vars(Map<String, String> values) {
        return VariableSource.of(List.of(values), n -> Optional.empty());
    }

    // <letter>_src and <letter>_dst on the tables ${T} names, copied by statement values-<letter>
    private static String copy(String letter) {
        return """
                CREATE TABLE %1$s_src (id INT, name STRING) WITH ('connector' = 'kafka', 'topic' = '${T}_src',
                  'properties.sasl.jaas.config' = 'x password="${KAFKA_SECRET}";');
                CREATE TABLE %1$s_dst (id INT, name STRING) WITH ('connector' = 'kafka', 'topic' = '${T}_dst');
                SET 'client.statement-name' = 'values-%1$s';
                INSERT INTO %1$s_dst SELECT id, name FROM %1$s_src;
                """.formatted(letter);
    }

    @Test
    void aLaterRunAndARestartChangeNothingAStatementReadsOrWrites() throws Exception {
        Workspace workspace = Workspace.open(dir);
        FakeEngine engine = new FakeEngine().startJobsAs(JobState.State.RUNNING);
        VariableSource server = vars(Map.of("T", "from_the_server"));
        try (StatementService statements = new StatementService(workspace, engine, () -> server)) {
            ScriptRunner scripts = new ScriptRunner(workspace, engine, statements, Map.of());
            scripts.run("a.sql", copy("a"), vars(Map.of("T", "repro_a", "KAFKA_SECRET", "Sasl-A-1")), "local");
            scripts.run("b.sql", copy("b"), vars(Map.of("T", "repro_b", "KAFKA_SECRET", "Sasl-B-2")), "local");
            statements.reconcile();
        }
        // the jobs died with the server (an embedded cluster), so the restarted server submits them again
        engine.jobs().forEach(j -> engine.lose(j.id()));
        try (StatementService restarted = new StatementService(Workspace.open(dir), engine, () -> server)) {
            restarted.start(60_000);
            assertThat(restarted.get("values-a").status().phase()).isEqualTo(Phase.PENDING);
            String a = String.join("\n", engine.latestJob("values-a").orElseThrow().job().definitions());
            String b = String.join("\n", engine.latestJob("values-b").orElseThrow().job().definitions());
            assertThat(engine.jobs()).hasSize(4);
            assertThat(a).contains("'topic' = 'repro_a_src'", "'topic' = 'repro_a_dst'", "password=\"Sasl-A-1\"")
                    .doesNotContain("repro_b").doesNotContain("Sasl-B-2").doesNotContain("from_the_server");
            assertThat(b).contains("'topic' = 'repro_b_src'", "'topic' = 'repro_b_dst'", "password=\"Sasl-B-2\"",
                    "'topic' = 'repro_a_src'"); // b was compiled against a's tables as they were
        }
        // the secrets are in the secret store only
        for (String file : List.of("catalog.json", "statements/values-a.json", "statements/values-b.json")) {
            assertThat(dir.resolve(file)).content().doesNotContain("Sasl-A-1").doesNotContain("Sasl-B-2").contains("${secret:");
        }
        assertThat(dir.resolve("secrets.json")).content().contains("Sasl-A-1", "Sasl-B-2");
        assertThat(dir.resolve("variables.json")).doesNotExist();
    }

    @Test
    void aDeletedStatementsCheckpointsAndSavepointsGoUnlessAnotherStatementStartsFromThem() throws Exception {
        Workspace workspace = Workspace.open(dir);
        FakeEngine engine = new FakeEngine().startJobsAs(JobState.State.RUNNING);
        try (StatementService statements = new StatementService(workspace, engine, () -> vars(Map.of()))) {
            ScriptRunner scripts = new ScriptRunner(workspace, engine, statements, Map.of());
            scripts.run("v1.sql", """
                    CREATE TABLE src (id INT) WITH ('connector' = 'kafka', 'topic' = 'src');
                    CREATE TABLE dst (id INT) WITH ('connector' = 'kafka', 'topic' = 'dst');
                    SET 'client.statement-name' = 'v1';
                    INSERT INTO dst SELECT id FROM src;
                    """, vars(Map.of()), "local");
            String savepoint = statements.stop("v1", true).status().savepoint();
            Files.createDirectories(Path.of(java.net.URI.create(savepoint)));
            Files.createDirectories(workspace.checkpointDir("v1").resolve("chk-7"));
            scripts.run("v2.sql", """
                    SET 'client.statement-name' = 'v2';
                    SET 'execution.savepoint.path' = '${savepoint:v1}';
                    INSERT INTO dst SELECT id + 1 FROM src;
                    """, VariableSource.of(List.of(), n -> n.equals("savepoint:v1") ? Optional.of(savepoint) : Optional.empty()), "local");
            Files.createDirectories(workspace.checkpointDir("v2").resolve("chk-1"));

            statements.delete("v1");
            assertThat(Path.of(java.net.URI.create(savepoint))).as("v2 starts from it").isDirectory();

            statements.delete("v2");
            assertThat(workspace.checkpointDir("v2")).doesNotExist();
            assertThat(workspace.savepointDir("v1")).as("nobody starts from it now").doesNotExist();
            statements.create("v3", "INSERT INTO dst SELECT id FROM src", Map.of(), List.of(
                    "CREATE TABLE src (id INT) WITH ('connector' = 'kafka', 'topic' = 'src')",
                    "CREATE TABLE dst (id INT) WITH ('connector' = 'kafka', 'topic' = 'dst')"), "api", "local", vars(Map.of()));
            statements.delete("v3");
            assertThat(workspace.savepointDir("v3")).doesNotExist();
        }
    }

    @Test
    void aWorkspaceOfAnEarlierVersionGetsItsValuesOnceAndLosesItsSecretsInClear() throws Exception {
        Workspace workspace = Workspace.open(dir);
        String source = "CREATE TABLE src (id INT) WITH ('connector' = 'kafka', 'topic' = '${T}', 'password' = 'Literal-Pw')";
        String sink = "CREATE TABLE dst (id INT) WITH ('connector' = 'kafka', 'topic' = 'out', 'token' = '${TOKEN}')";
        workspace.saveDefinitions(List.of(new Definition(source, "old.sql:1", Instant.now(), null),
                new Definition(sink, "old.sql:2", Instant.now(), null)));
        Instant then = Instant.now();
        workspace.save(new Statement("old", new StatementSpec("INSERT INTO dst SELECT id FROM src", Map.of(), false, "local"),
                StatementStatus.of(Phase.RUNNING, null), List.of(source, sink), "old.sql:3", then, then, null, null));
        Files.writeString(dir.resolve("variables.json"), Json.MAPPER.writeValueAsString(Map.of("T", "orders", "TOKEN", "Tok-9")));

        LegacyValues.bind(workspace, vars(workspace.legacyVariables()));

        assertThat(dir.resolve("variables.json")).doesNotExist();
        for (String file : List.of("catalog.json", "statements/old.json")) {
            assertThat(dir.resolve(file)).content().doesNotContain("Literal-Pw").doesNotContain("Tok-9");
        }
        FakeEngine engine = new FakeEngine();
        try (StatementService statements = new StatementService(workspace, engine, () -> vars(Map.of("T", "changed")))) {
            statements.start(60_000);
            List<String> definitions = engine.latestJob("old").orElseThrow().job().definitions();
            assertThat(definitions.get(0)).contains("'topic' = 'orders'", "'password' = 'Literal-Pw'");
            assertThat(definitions.get(1)).contains("'token' = 'Tok-9'");
        }
    }
}
