package io.cdcbridge.control.evolution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cdcbridge.control.engine.FakeEngine;
import io.cdcbridge.control.engine.JobState;
import io.cdcbridge.control.engine.TestConnectors;
import io.cdcbridge.control.script.ScriptRunner;
import io.cdcbridge.control.script.VariableSource;
import io.cdcbridge.control.statement.StatementException;
import io.cdcbridge.control.statement.StatementService;
import io.cdcbridge.control.workspace.Workspace;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What each strategy plans for v1 and v2, and what it refuses, decided without running anything. */
class EvolutionPlanningTest {

    private static final VariableSource VARS = VariableSource.of(List.of(), n -> Optional.empty());

    @TempDir
    Path dir;

    private StatementService statements;
    private EvolutionService evolution;

    @BeforeEach
    void v1Runs() {
        FakeEngine engine = new FakeEngine().startJobsAs(JobState.State.RUNNING).connectors(TestConnectors.TYPICAL
                .with(TestConnectors.kafkaSource("cdcbridge-kafka", "earliest-offset", "timestamp", "specific-offsets")));
        Workspace workspace = Workspace.open(dir);
        statements = new StatementService(workspace, engine, () -> VARS);
        ScriptRunner scripts = new ScriptRunner(workspace, engine, statements, Map.of());
        evolution = new EvolutionService(statements, scripts, engine);
        scripts.run("v1.sql", """
                CREATE TABLE events (id INT, kind STRING, amount INT) WITH ('connector' = 'cdcbridge-kafka', 'topic' = 'events');
                CREATE TABLE customers (id INT, name STRING) WITH ('connector' = 'postgres-cdc');
                CREATE TABLE routed (id INT NOT NULL, kind STRING, PRIMARY KEY (id) NOT ENFORCED)
                  WITH ('connector' = 'upsert-kafka', 'topic' = 'routed');
                CREATE TABLE routed_v2 (id INT NOT NULL, kind STRING, PRIMARY KEY (id) NOT ENFORCED)
                  WITH ('connector' = 'upsert-kafka', 'topic' = 'routed_v2');
                CREATE TABLE plain (id INT, kind STRING) WITH ('connector' = 'kafka', 'topic' = 'plain');
                SET 'client.statement-name' = 'router';
                INSERT INTO routed SELECT id, kind FROM events WHERE amount > 0;
                """, VARS, "local");
        statements.reconcile();
    }

    @AfterEach
    void close() {
        evolution.close();
        statements.close();
    }

    private EvolutionPlan plan(Strategy strategy, String from, String v2) {
        return evolution.plan("router", new EvolutionRequest("v2.sql", "SET 'client.statement-name' = 'router-v2';\n" + v2,
                strategy, true, false, from, null, null, Map.of()), VARS);
    }

    @Test
    void blueGreenStartsV2OnANewTableAndStopsV1OnceItCaughtUp() {
        EvolutionPlan p = plan(Strategy.BLUE_GREEN, null, "INSERT INTO routed_v2 SELECT id, kind FROM events WHERE amount > 1;");
        assertThat(p.evolvesTo()).isEqualTo("router-v2");
        assertThat(p.starts()).isEqualTo("v2 'router-v2' writing routed_v2 (stateless)");
        assertThat(p.stops()).isEqualTo("v1 'router' stops with a savepoint once v2 caught up");
        assertThat(p.steps()).containsExactly(
                "create v2 'router-v2' writing routed_v2, reading from the start of its sources (each table's scan.startup.mode)",
                "watch v2 'router-v2' until it is at most 0 messages behind its sources",
                "stop v1 'router' with a savepoint");
        assertThat(p.consumers()).containsExactly("consumers of 'routed' (topic routed) switch to 'routed_v2' (topic routed_v2),"
                + " reading it from the earliest offset");
        assertThat(p.warnings()).isEmpty();
    }

    @Test
    void reprocessNeedsAStartTimeAndStartsEverySourceThere() {
        assertThatThrownBy(() -> plan(Strategy.REPROCESS, null, "INSERT INTO routed_v2 SELECT id, kind FROM events;"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("reprocess needs --from TIMESTAMP: where v2's sources start");
        EvolutionPlan p = plan(Strategy.REPROCESS, "2026-12-01T00:00:00Z", "INSERT INTO routed_v2 SELECT id, kind FROM events;");
        assertThat(p.startsFrom()).isEqualTo("timestamp 2026-12-01T00:00:00Z (1796083200000) on every Kafka source,"
                + " through sql.tables.scan.startup.mode");
    }

    @Test
    void carryOverTakesAStatelessV2ReadingSourcesThatTakeSpecificOffsets() {
        // cdcbridge-kafka takes 'specific-offsets' as kafka does
        EvolutionPlan p = plan(Strategy.CARRY_OVER, null, "INSERT INTO routed SELECT id, kind FROM events WHERE amount > 1;");
        assertThat(p.stops()).isEqualTo("v1 'router' stops first, with a savepoint; the offsets its sources reached are where v2 starts");
        assertThat(p.steps()).containsExactly(
                "stop v1 'router' with a savepoint and take its sources' offsets",
                "create v2 'router-v2' with those offsets as option hints on events",
                "watch v2 'router-v2' until it is at most 0 messages behind its sources");
        assertThat(p.consumers()).containsExactly(
                "consumers of 'routed' keep reading it: v2 continues where v1 stopped, every input record once");
    }

    @Test
    void carryOverRefusesAStatefulV2AndASourceWithoutSpecificOffsets() {
        assertThatThrownBy(() -> plan(Strategy.CARRY_OVER, null,
                "INSERT INTO routed SELECT id, MAX(kind) FROM events GROUP BY id;"))
                .isInstanceOf(StatementException.class)
                .hasMessageStartingWith("carry-over needs a stateless statement (every output record made from one input"
                        + " record), but v2 'router-v2' keeps state in: GroupAggregate(GROUP BY)");
        assertThatThrownBy(() -> plan(Strategy.CARRY_OVER, null, "INSERT INTO routed SELECT id, name FROM customers;"))
                .isInstanceOf(StatementException.class)
                .hasMessage("carry-over starts v2's sources at v1's offsets with 'scan.startup.mode' = 'specific-offsets',"
                        + " which connector 'postgres-cdc' does not take; v2 reads 'customers' (postgres-cdc)");
    }

    @Test
    void inPlaceWritesTheSameKeyedTableFromV1sSavepoint() {
        EvolutionPlan p = plan(Strategy.IN_PLACE, null, "INSERT INTO routed SELECT id, UPPER(kind) FROM events;");
        assertThat(p.stops()).isEqualTo("v1 'router' stops first, with a savepoint");
        assertThat(p.steps()).containsExactly(
                "stop v1 'router' with a savepoint",
                "create v2 'router-v2' writing routed from that savepoint",
                "if v2 cannot start from the savepoint: start it from v1's offsets");
        assertThat(p.warnings()).containsExactly("the change must be compatible in meaning too: v2's rows replace v1's per key"
                + " (id), and state restored from v1 is read by v2's query");
    }

    @Test
    void inPlaceRefusesAnotherTableAndATableWithoutKey() {
        assertThatThrownBy(() -> plan(Strategy.IN_PLACE, null, "INSERT INTO routed_v2 SELECT id, kind FROM events;"))
                .isInstanceOf(StatementException.class)
                .hasMessage("in-place needs v2 to write the tables v1 writes (routed), but v2 'router-v2' writes routed_v2");
        assertThatThrownBy(() -> evolution.plan("router", new EvolutionRequest("v2.sql", "INSERT INTO plain SELECT id, kind FROM events;",
                Strategy.IN_PLACE, true, false, null, null, null, Map.of()), VARS))
                .isInstanceOf(StatementException.class);
        assertThatThrownBy(() -> plan(Strategy.IN_PLACE, "2026-12-01T00:00:00Z", "INSERT INTO routed SELECT id, kind FROM events;"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("in-place starts v2 where v1 stopped; --from goes with blue-green or reprocess");
    }

    @Test
    void anUnknownStatementIsNotFound() {
        assertThatThrownBy(() -> evolution.plan("nope", new EvolutionRequest("v2.sql", "INSERT INTO routed SELECT id, kind FROM events;",
                Strategy.BLUE_GREEN, true, false, null, null, null, Map.of()), VARS))
                .isInstanceOf(io.cdcbridge.control.statement.StatementNotFoundException.class)
                .hasMessage("no statement named 'nope'");
    }
}
