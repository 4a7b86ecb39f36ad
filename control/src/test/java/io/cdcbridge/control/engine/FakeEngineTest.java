package io.cdcbridge.control.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cdcbridge.control.script.ScriptRunner;
import io.cdcbridge.control.script.VariableSource;
import io.cdcbridge.control.statement.Phase;
import io.cdcbridge.control.statement.Statement;
import io.cdcbridge.control.statement.StatementNotFoundException;
import io.cdcbridge.control.statement.StatementService;
import io.cdcbridge.control.workspace.Workspace;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The fake engine answers the control plane as the real one would, for a script, a statement and its job. */
class FakeEngineTest {

    private static final VariableSource VARS = VariableSource.of(List.of(Map.of("TOPIC", "orders")), n -> Optional.empty());

    @Test
    void catalogFromDefinitions() throws Exception {
        try (EngineSession s = new FakeEngine().openSession(List.of(
                "CREATE TABLE orders (id INT, amount DECIMAL(10, 2), ts TIMESTAMP(3), PRIMARY KEY (id) NOT ENFORCED,"
                        + " WATERMARK FOR ts AS ts - INTERVAL '1' SECOND) WITH ('connector' = 'kafka', 'topic' = 'orders')",
                "CREATE VIEW big AS SELECT id, amount FROM orders WHERE amount > 10",
                "CREATE TABLE out_t (id INT, amount DECIMAL(10, 2)) WITH ('connector' = 'upsert-kafka')",
                "ALTER TABLE out_t SET ('contract.compatibility' = 'FULL')"))) {
            TableShape orders = s.table("orders").orElseThrow();
            assertThat(orders.primaryKey()).containsExactly("id");
            assertThat(orders.columns()).extracting(TableShape.Column::sql)
                    .containsExactly("INT NOT NULL", "DECIMAL(10, 2)", "TIMESTAMP(3)");
            assertThat(orders.avroSchema()).contains("\"logicalType\":\"decimal\"");
            assertThat(s.table("out_t").orElseThrow().options()).containsEntry("contract.compatibility", "FULL");

            QueryPlan plan = s.validate("INSERT INTO out_t SELECT id, amount FROM big", Map.of());
            assertThat(plan.sources()).containsExactly("orders");
            assertThat(plan.views()).containsExactly("big");
            assertThat(plan.sinks()).containsExactly("out_t");
            assertThat(plan.stateless()).isTrue();
            assertThat(s.validate("INSERT INTO out_t SELECT id, SUM(amount) FROM orders GROUP BY id", Map.of()).stateless()).isFalse();
            assertThat(s.queryShape("SELECT id, CAST(amount AS BIGINT) AS total FROM orders"))
                    .extracting(TableShape.Column::sql).containsExactly("INT NOT NULL", "BIGINT");
            assertThatThrownBy(() -> s.validate("INSERT INTO out_t SELECT * FROM nowhere", Map.of()))
                    .isInstanceOf(EngineException.class).hasMessage("Object 'nowhere' not found");
        }
    }

    @Test
    void statementLifecycleOnFakeJobs(@TempDir Path dir) {
        FakeEngine engine = new FakeEngine();
        Workspace workspace = Workspace.open(dir);
        try (StatementService statements = new StatementService(workspace, engine, () -> VARS)) {
            ScriptRunner scripts = new ScriptRunner(workspace, engine, statements, Map.of());
            scripts.run("s.sql", """
                    CREATE TABLE src (id INT, name STRING) WITH ('connector' = 'kafka', 'topic' = '${TOPIC}');
                    CREATE TABLE dst (id INT NOT NULL, name STRING, PRIMARY KEY (id) NOT ENFORCED)
                      WITH ('connector' = 'upsert-kafka', 'topic' = 'dst');
                    SET 'client.statement-name' = 'copy';
                    INSERT INTO dst SELECT id, name FROM src;
                    """, VARS, "local");
            FakeEngine.Job job = engine.latestJob("copy").orElseThrow();
            assertThat(job.job().definitions().get(0)).contains("'topic' = 'orders'");
            assertThat(statements.get("copy").status().phase()).isEqualTo(Phase.PENDING);

            engine.run(job.id());
            statements.reconcile();
            assertThat(statements.get("copy").status().phase()).isEqualTo(Phase.RUNNING);

            Statement stopped = statements.stop("copy", true);
            assertThat(stopped.status().phase()).isEqualTo(Phase.STOPPED);
            assertThat(stopped.status().savepoint()).isEqualTo(engine.job(job.id()).savepoint());
            assertThat(workspace.contracts()).extracting(c -> c.table()).containsExactly("dst", "src");
            assertThatThrownBy(() -> statements.get("nope")).isInstanceOf(StatementNotFoundException.class)
                    .hasMessage("no statement named 'nope'");
        }
    }
}
