package io.cdcbridge.control.script;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.cdcbridge.control.engine.FakeEngine;
import io.cdcbridge.control.engine.JobState;
import io.cdcbridge.control.statement.Phase;
import io.cdcbridge.control.statement.StatementDefaults;
import io.cdcbridge.control.statement.StatementService;
import io.cdcbridge.control.workspace.Workspace;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A script is checked whole (compiled and preflighted) and applied whole, or nothing of it remains. */
class ScriptRunnerTest {

    private static final VariableSource VARS = VariableSource.of(List.of(Map.of("TOPIC", "orders")), n -> Optional.empty());

    private static final String TWO_STATEMENTS = """
            CREATE TABLE src (id INT, name STRING) WITH ('connector' = 'kafka', 'topic' = '${TOPIC}');
            CREATE TABLE dst (id INT NOT NULL, name STRING, PRIMARY KEY (id) NOT ENFORCED)
              WITH ('connector' = 'upsert-kafka', 'topic' = 'dst');
            CREATE TABLE audit (id INT) WITH ('connector' = 'kafka', 'topic' = 'audit');
            SET 'client.statement-name' = 'copy';
            INSERT INTO dst SELECT id, name FROM src;
            SET 'client.statement-name' = 'audit-ids';
            INSERT INTO audit SELECT id FROM src;
            """;

    @TempDir
    Path dir;

    FakeEngine engine;
    Workspace workspace;
    StatementService statements;
    ScriptRunner scripts;

    @BeforeEach
    void setUp() {
        engine = new FakeEngine();
        workspace = Workspace.open(dir);
        statements = new StatementService(workspace, engine, () -> VARS);
        scripts = new ScriptRunner(workspace, engine, statements, Map.of("execution.checkpointing.interval", "10s"));
    }

    @AfterEach
    void tearDown() {
        statements.close();
    }

    @Test
    void showQueriesAreAnsweredWithTheCatalogAsTheScriptHasItThere() {
        scripts.run("two.sql", TWO_STATEMENTS, VARS, "local");
        List<ScriptOutcome> out = scripts.run("more.sql", """
                CREATE TABLE zeta (id INT) WITH ('connector' = 'kafka', 'topic' = 'zeta');
                SHOW TABLES;
                SHOW  statements;
                """, VARS, "local");
        assertThat(out).extracting(ScriptOutcome::line, ScriptOutcome::kind, ScriptOutcome::detail).containsExactly(
                Tuple.tuple(1, StatementKind.CATALOG, "applied; zeta: new contract, version 1 (BACKWARD)"),
                Tuple.tuple(2, StatementKind.QUERY, "answered"),
                Tuple.tuple(3, StatementKind.QUERY, "answered"));
        assertThat(out.get(1).result().rows()).containsExactly(List.of("audit"), List.of("dst"), List.of("src"), List.of("zeta"));
        assertThat(out.get(2).result().columns()).containsExactly("name", "phase", "created_at");
        assertThat(out.get(2).result().rows()).extracting(r -> r.get(0)).containsExactly("copy", "audit-ids");
        assertThat(statements.list()).hasSize(2);
    }

    @Test
    void appliesEveryStatementInOrderWithTheScriptsSettings() {
        List<ScriptOutcome> out = scripts.run("two.sql", TWO_STATEMENTS, VARS, "local");
        assertThat(out).extracting(ScriptOutcome::line, ScriptOutcome::kind, ScriptOutcome::statementName, ScriptOutcome::phase)
                .containsExactly(
                        Tuple.tuple(1, StatementKind.CATALOG, null, null),
                        Tuple.tuple(2, StatementKind.CATALOG, null, null),
                        Tuple.tuple(4, StatementKind.CATALOG, null, null),
                        Tuple.tuple(5, StatementKind.SET, null, null),
                        Tuple.tuple(6, StatementKind.STATEMENT, "copy", Phase.PENDING),
                        Tuple.tuple(7, StatementKind.SET, null, null),
                        Tuple.tuple(8, StatementKind.STATEMENT, "audit-ids", Phase.PENDING));
        assertThat(workspace.definitions()).hasSize(3);
        assertThat(statements.get("copy").spec().properties()).containsExactly(Map.entry("execution.checkpointing.interval", "10s"));
        assertThat(engine.latestJob("copy").orElseThrow().job().statement()).isEqualTo("INSERT INTO dst SELECT id, name FROM src");
        assertThat(engine.latestJob("audit-ids").orElseThrow().job().definitions()).hasSize(3);
    }

    @Test
    void aStatementRunsAtParallelismOneUnlessItsScriptAsksForMore() {
        ScriptRunner builtIn = new ScriptRunner(workspace, engine, statements, StatementDefaults.builtIn());
        builtIn.run("two.sql", TWO_STATEMENTS.replace("SET 'client.statement-name' = 'audit-ids';",
                "SET 'client.statement-name' = 'audit-ids';\nSET 'parallelism.default' = '3';"), VARS, "local");
        // not the cores of the machine that plans the job, which could take every slot of the embedded cluster
        assertThat(engine.latestJob("copy").orElseThrow().job().properties()).containsEntry("parallelism.default", "1");
        assertThat(engine.latestJob("audit-ids").orElseThrow().job().properties()).containsEntry("parallelism.default", "3");
    }

    @Test
    void aPreflightThatFailsInTheCheckRefusesTheScriptAndAppliesNothing() {
        engine.failPreflight("audit-ids", "source table 'src': cannot reach Kafka");
        ScriptException e = catchThrowableOfType(ScriptException.class, () -> scripts.run("two.sql", TWO_STATEMENTS, VARS, "local"));
        assertThat(e.getMessage()).isEqualTo("two.sql:8: source table 'src': cannot reach Kafka\n  in statement: INSERT INTO audit SELECT id FROM src");
        assertThat(e.line()).isEqualTo(8);
        assertThat(workspace.definitions()).isEmpty();
        assertThat(statements.list()).isEmpty();
        assertThat(engine.jobs()).isEmpty();
        assertThat(workspace.contracts()).isEmpty();
        // nor does the engine keep the tables it worked out for the checks
        assertThat(engine.kept()).isEmpty();
    }

    @Test
    void aStatementThatDoesNotStartUndoesTheStatementsAndTheCatalogChangesOfItsScript() {
        scripts.run("first.sql", "CREATE TABLE kept (id INT) WITH ('connector' = 'kafka', 'topic' = 'kept');", VARS, "local");
        engine.failSubmit("audit-ids", "submitting the job failed: no slots");
        ScriptException e = catchThrowableOfType(ScriptException.class, () -> scripts.run("two.sql", TWO_STATEMENTS, VARS, "local"));
        assertThat(e.reason()).isEqualTo("statement 'audit-ids' did not start: submitting the job failed: no slots;"
                + " nothing of the script was applied");
        assertThat(e.line()).isEqualTo(8);
        assertThat(workspace.definitions()).extracting(d -> d.sql()).containsExactly(
                "CREATE TABLE kept (id INT) WITH ('connector' = 'kafka', 'topic' = 'kept')");
        assertThat(statements.list()).isEmpty();
        // the statement that had started is canceled and what its sources hold is freed
        assertThat(engine.jobs()).hasSize(1);
        assertThat(engine.state(engine.jobs().get(0).id()).state()).isEqualTo(JobState.State.CANCELED);
        assertThat(engine.released()).containsExactly("copy", "audit-ids");
        assertThat(workspace.contracts()).extracting(c -> c.table()).containsExactly("kept");
    }

    @Test
    void aRunThatWaitsAnswersOnceEveryNewStatementRuns() {
        engine.startJobsAs(JobState.State.RUNNING);
        List<ScriptOutcome> out = scripts.run("two.sql", TWO_STATEMENTS, VARS, "local", Duration.ofSeconds(5));
        assertThat(out).filteredOn(o -> o.kind() == StatementKind.STATEMENT)
                .extracting(ScriptOutcome::statementName, ScriptOutcome::phase)
                .containsExactly(Tuple.tuple("copy", Phase.RUNNING), Tuple.tuple("audit-ids", Phase.RUNNING));
        assertThat(statements.get("copy").status().phase()).isEqualTo(Phase.RUNNING);
        assertThat(workspace.contracts()).extracting(c -> c.table()).containsExactlyInAnyOrder("src", "dst", "audit");
    }

    @Test
    void aJobThatFailsAtItsStartUndoesItsScriptWithTheRootCause() {
        scripts.run("first.sql", "CREATE TABLE kept (id INT) WITH ('connector' = 'kafka', 'topic' = 'kept');", VARS, "local");
        engine.startJobsAs(JobState.State.RUNNING)
                .startJobsAs("audit-ids", new JobState(JobState.State.STARTING,
                        "restarting after: java.io.IOException: the sink refused (in Sink: audit[3])"));
        ScriptException e = catchThrowableOfType(ScriptException.class,
                () -> scripts.run("two.sql", TWO_STATEMENTS, VARS, "local", Duration.ofSeconds(5)));
        assertThat(e.reason()).isEqualTo("statement 'audit-ids' did not start: java.io.IOException: the sink refused"
                + " (in Sink: audit[3]); nothing of the script was applied");
        assertThat(e.line()).isEqualTo(8);
        assertThat(statements.list()).isEmpty();
        assertThat(engine.jobs()).extracting(j -> engine.state(j.id()).state())
                .containsExactly(JobState.State.CANCELED, JobState.State.CANCELED);
        assertThat(engine.released()).containsExactly("copy", "audit-ids");
        assertThat(workspace.definitions()).extracting(d -> d.sql()).containsExactly(
                "CREATE TABLE kept (id INT) WITH ('connector' = 'kafka', 'topic' = 'kept')");
        assertThat(workspace.contracts()).extracting(c -> c.table()).containsExactly("kept");
    }

    @Test
    void aJobThatEndsFailedBeforeItRunsUndoesItsScript() {
        engine.startJobsAs("copy", new JobState(JobState.State.FAILED, "java.sql.SQLException: refused (in Sink: dst[2])"));
        ScriptException e = catchThrowableOfType(ScriptException.class,
                () -> scripts.run("two.sql", TWO_STATEMENTS, VARS, "local", Duration.ofSeconds(5)));
        assertThat(e.reason()).isEqualTo("statement 'copy' did not start: java.sql.SQLException: refused (in Sink: dst[2]);"
                + " nothing of the script was applied");
        assertThat(e.line()).isEqualTo(6);
        assertThat(statements.list()).isEmpty();
        assertThat(workspace.definitions()).isEmpty();
        assertThat(workspace.contracts()).isEmpty();
    }

    @Test
    void aJobStillStartingWhenTheWaitEndsUndoesItsScript() {
        ScriptException e = catchThrowableOfType(ScriptException.class,
                () -> scripts.run("two.sql", TWO_STATEMENTS, VARS, "local", Duration.ofMillis(20)));
        assertThat(e.reason()).isEqualTo("statement 'copy' did not start: not every task of its job runs after 20 ms"
                + " (a job waiting for free task slots, or starting slowly; run it with a longer wait);"
                + " nothing of the script was applied");
        assertThat(statements.list()).isEmpty();
        assertThat(workspace.definitions()).isEmpty();
    }

    @Test
    void aRunWithoutWaitAnswersPendingAndKeepsAJobThatFailsLater() {
        List<ScriptOutcome> out = scripts.run("two.sql", TWO_STATEMENTS, VARS, "local", Duration.ZERO);
        assertThat(out).filteredOn(o -> o.kind() == StatementKind.STATEMENT).extracting(ScriptOutcome::phase)
                .containsExactly(Phase.PENDING, Phase.PENDING);
        engine.fail(engine.latestJob("copy").orElseThrow().id(), "java.io.IOException: refused (in Sink: dst[2])");
        statements.reconcile();
        assertThat(statements.get("copy").status().phase()).isEqualTo(Phase.FAILED);
        assertThat(workspace.definitions()).hasSize(3);
    }

    @Test
    void aDryRunPreflightsAndAppliesNothing() {
        List<ScriptOutcome> out = scripts.dryRun("two.sql", TWO_STATEMENTS, VARS);
        assertThat(out).extracting(ScriptOutcome::detail).containsExactly("checked; src: new contract, version 1 (BACKWARD)",
                "checked; dst: new contract, version 1 (BACKWARD)", "checked; audit: new contract, version 1 (BACKWARD)",
                "checked", "checked", "checked", "checked");
        assertThat(engine.jobs()).isEmpty();
        assertThat(workspace.definitions()).isEmpty();
        assertThat(engine.kept()).isEmpty();
        engine.failPreflight("copy", "source table 'src': cannot reach Kafka");
        assertThat(catchThrowableOfType(ScriptException.class, () -> scripts.dryRun("two.sql", TWO_STATEMENTS, VARS)).line())
                .isEqualTo(6);
    }

    @Test
    void aContractsCheckDoesNotReachOutToTheSourcesAndSinks() {
        engine.failPreflight("copy", "source table 'src': cannot reach Kafka");
        assertThat(scripts.contractEffects("two.sql", TWO_STATEMENTS, VARS)).isNotEmpty();
    }

    @Test
    void aStatementIntoATableWithABlankInItsNameIsNamedAfterAllOfIt() {
        List<ScriptOutcome> out = scripts.run("hostile.sql", """
                CREATE TABLE `Order Lines` (id INT, name STRING) WITH ('connector' = 'kafka', 'topic' = 'order_lines');
                INSERT INTO `Order Lines` SELECT id, name FROM `Order Lines`;
                """, VARS, "local");
        assertThat(out.get(1).statementName()).isEqualTo("insert-into-order-lines");
    }

    @Test
    void aStatementNameInUseIsRefusedAtItsLine() {
        scripts.run("two.sql", TWO_STATEMENTS, VARS, "local");
        ScriptException e = catchThrowableOfType(ScriptException.class, () -> scripts.run("again.sql", """
                SET 'client.statement-name' = 'copy';
                INSERT INTO dst SELECT id, name FROM src;
                """, VARS, "local"));
        assertThat(e.getMessage()).startsWith("again.sql:2: a statement named 'copy' exists already;");
        assertThat(statements.list()).hasSize(2);
    }
}
