package io.cdcbridge.control.evolution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cdcbridge.control.engine.FakeEngine;
import io.cdcbridge.control.engine.JobState;
import io.cdcbridge.control.engine.SourcePosition;
import io.cdcbridge.control.engine.TestConnectors;
import io.cdcbridge.control.script.ScriptRunner;
import io.cdcbridge.control.script.VariableSource;
import io.cdcbridge.control.statement.Phase;
import io.cdcbridge.control.statement.SourceOffset;
import io.cdcbridge.control.statement.StatementService;
import io.cdcbridge.control.workspace.Workspace;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How strategies carry their plans out, step by step, on jobs the fake engine runs at once. */
class EvolutionExecutionTest {

    private static final VariableSource VARS = VariableSource.of(List.of(), n -> Optional.empty());

    @TempDir
    Path dir;

    private FakeEngine engine;
    private StatementService statements;
    private EvolutionService evolution;

    @BeforeEach
    void v1Runs() {
        engine = new FakeEngine().startJobsAs(JobState.State.RUNNING).connectors(TestConnectors.TYPICAL
                .with(TestConnectors.kafkaSource("cdcbridge-kafka", "earliest-offset", "specific-offsets")));
        Workspace workspace = Workspace.open(dir);
        statements = new StatementService(workspace, engine, () -> VARS);
        statements.start(20); // the reconciler moves statements to RUNNING as their jobs run
        ScriptRunner scripts = new ScriptRunner(workspace, engine, statements, Map.of());
        evolution = new EvolutionService(statements, scripts, engine);
        scripts.run("v1.sql", """
                CREATE TABLE events (id INT, kind STRING) WITH ('connector' = 'cdcbridge-kafka', 'topic' = 'events');
                CREATE TABLE routed (id INT NOT NULL, kind STRING, PRIMARY KEY (id) NOT ENFORCED)
                  WITH ('connector' = 'upsert-kafka', 'topic' = 'routed');
                CREATE TABLE routed_v2 (id INT NOT NULL, kind STRING, PRIMARY KEY (id) NOT ENFORCED)
                  WITH ('connector' = 'upsert-kafka', 'topic' = 'routed_v2');
                SET 'client.statement-name' = 'router';
                INSERT INTO routed SELECT id, kind FROM events;
                """, VARS, "local");
        engine.behind("router-v2", OptionalLong.of(0));
    }

    @AfterEach
    void close() {
        evolution.close();
        statements.close();
    }

    private Evolution run(Strategy strategy, String v2) {
        evolution.start("router", new EvolutionRequest("v2.sql", "SET 'client.statement-name' = 'router-v2';\n" + v2,
                strategy, false, false, null, null, null, Map.of()), VARS, "local");
        Awaitility.await().atMost(Duration.ofMinutes(2))
                .until(() -> evolution.get("router").state() != Evolution.State.RUNNING);
        return evolution.get("router");
    }

    @Test
    void carryOverStartsV2AtTheOffsetsInV1sSavepoint() {
        engine.savepointOffsets("router", List.of(new SourceOffset("events", "cdcbridge-kafka",
                new SourcePosition.KafkaOffsets("events", new TreeMap<>(Map.of(0, 8L, 1, 3L))))));
        Evolution e = run(Strategy.CARRY_OVER, "INSERT INTO routed SELECT id, UPPER(kind) FROM events;");

        assertThat(e.state()).isEqualTo(Evolution.State.SUCCEEDED);
        String savepoint = statements.get("router").status().savepoint();
        assertThat(e.progress()).containsExactly(
                "stopping v1 'router' with a savepoint",
                "v1 'router' STOPPED, savepoint " + savepoint,
                "v2 starts at events partition:0,offset:8;partition:1,offset:3",
                "creating v2 'router-v2' (from v1's offsets)",
                "v2 'router-v2' RUNNING",
                "v2 'router-v2': 0 messages behind",
                "done: router-v2 replaces router");
        assertThat(engine.latestJob("router-v2").orElseThrow().job().statement()).isEqualTo("INSERT INTO routed SELECT id,"
                + " UPPER(kind) FROM events /*+ OPTIONS('scan.startup.mode' = 'specific-offsets',"
                + " 'scan.startup.specific-offsets' = 'partition:0,offset:8;partition:1,offset:3') */");
        assertThat(statements.get("router-v2").lineage().strategy()).isEqualTo("carry-over");
        assertThat(statements.get("router").status().phase()).isEqualTo(Phase.STOPPED);
    }

    @Test
    void blueGreenStopsV1OnlyOnceV2CaughtUp() {
        Evolution e = run(Strategy.BLUE_GREEN, "INSERT INTO routed_v2 SELECT id, kind FROM events;");

        assertThat(e.state()).isEqualTo(Evolution.State.SUCCEEDED);
        assertThat(e.progress()).containsExactly(
                "creating v2 'router-v2' (from the start of its sources)",
                "v2 'router-v2' RUNNING",
                "v2 'router-v2': 0 messages behind",
                "stopping v1 'router' with a savepoint",
                "v1 'router' STOPPED, savepoint " + statements.get("router").status().savepoint(),
                "done: router-v2 replaces router");
        assertThat(e.messagesBehind()).isZero();
    }

    @Test
    void v1RunsAgainWhenV2CannotBeCreated() {
        engine.failSubmit("router-v2", "the cluster refused the job");
        Evolution e = run(Strategy.IN_PLACE, "INSERT INTO routed SELECT id, kind FROM events;");

        assertThat(e.state()).isEqualTo(Evolution.State.FAILED);
        assertThat(e.error()).startsWith("v2 could not be created (").endsWith("); v1 'router' was resumed from its savepoint");
        assertThat(statements.get("router").status().phase()).isIn(Phase.PENDING, Phase.RUNNING);
    }

    @Test
    void aFailedV1EvolvesInPlaceFromItsLatestCheckpointOnly() {
        String checkpoint = dir.resolve("chk-7").toString();
        engine.checkpoint(statements.stateDir().checkpoints("router"), checkpoint);
        engine.checkpoint(statements.stateDir().checkpoints("router-v2"), dir.resolve("chk-v2").toString());
        engine.fail(statements.get("router").status().jobId(), "the columns of public.events changed");
        Awaitility.await().atMost(Duration.ofMinutes(2)).until(() -> statements.get("router").status().phase() == Phase.FAILED);
        assertThatThrownBy(() -> evolution.plan("router", new EvolutionRequest("v2.sql", "SET 'client.statement-name' = 'router-v2';\n"
                + "INSERT INTO routed_v2 SELECT id, kind FROM events;", Strategy.BLUE_GREEN, false, false, null, null, null, Map.of()), VARS))
                .hasMessage("statement 'router' is FAILED; only a RUNNING or STOPPED statement evolves, and a FAILED one in place"
                        + " (from its latest checkpoint)");

        Evolution e = run(Strategy.IN_PLACE, "INSERT INTO routed SELECT id, UPPER(kind) FROM events;");

        assertThat(e.state()).isEqualTo(Evolution.State.SUCCEEDED);
        assertThat(e.plan().stops()).isEqualTo("v1 'router' FAILED already");
        assertThat(e.progress()).startsWith("creating v2 'router-v2' (from v1's latest checkpoint " + checkpoint + ")",
                "v2 'router-v2' runs from v1's latest checkpoint and has completed a checkpoint");
        assertThat(engine.latestJob("router-v2").orElseThrow().job().restoreFrom()).isEqualTo(checkpoint);
        assertThat(statements.get("router-v2").lineage().startedFrom()).isEqualTo("v1's latest checkpoint " + checkpoint);
    }
}
