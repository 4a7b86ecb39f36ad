package io.cdcbridge.control.evolution;

import io.cdcbridge.control.engine.TableShape;
import io.cdcbridge.control.script.Adjustment;
import io.cdcbridge.control.statement.Phase;
import io.cdcbridge.control.statement.Statement;
import io.cdcbridge.control.statement.StatementException;
import io.cdcbridge.control.statement.StatementService;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * In-place: v1 stops with a savepoint (a FAILED v1: its latest checkpoint) and v2 writes the same keyed tables from it; where v1's state does not map onto
 * v2, a stateless v2 starts from v1's offsets and a stateful one from the start of its sources.
 */
final class InPlace implements EvolutionStrategy {

    @Override
    public EvolutionPlan plan(Draft d) {
        List<String> v1Sinks = d.v1SinkNames();
        List<String> v2Sinks = d.v2SinkNames();
        // v2 may write more (a table created at a declared schema's source): a new sink has no state of v1's to take
        if (!v2Sinks.containsAll(v1Sinks)) {
            throw new StatementException("in-place needs v2 to write the tables v1 writes (" + String.join(", ", v1Sinks)
                    + "), but " + d.v2Name() + " writes " + String.join(", ", v2Sinks));
        }
        for (TableShape t : d.v2().sinks()) {
            if (t.primaryKey().isEmpty()) {
                throw new StatementException("in-place needs a primary key on '" + t.name() + "', so that v2's rows"
                        + " replace v1's per key; it has none. Use blue-green with a new table version instead");
            }
        }
        boolean stateless = d.v2().plan().stateless();
        List<String> steps = new ArrayList<>();
        List<String> consumers = new ArrayList<>();
        String stops = d.v1Running() ? d.v1Name() + " stops first, with a savepoint"
                : d.v1Name() + (d.v1Failed() ? " FAILED already" : " is stopped already");
        String restorePoint = d.v1Failed() ? "v1's latest checkpoint" : "v1's savepoint";
        String startsFrom = restorePoint + ", where its state maps onto v2's operators (Flink matches state per operator);"
                + " otherwise " + (stateless ? "v1's offsets (v2 is stateless)"
                : "the start of its sources (v2 keeps state, which then is built again)");
        if (d.v1Running()) steps.add("stop " + d.v1Name() + " with a savepoint");
        steps.add("create " + d.v2Name() + " writing " + String.join(", ", v2Sinks) + " from "
                + (d.v1Failed() ? restorePoint : "that savepoint"));
        steps.add("if v2 cannot start from the " + (d.v1Failed() ? "checkpoint" : "savepoint") + ": start it from " + (stateless ? "v1's offsets" : "the start of its sources"));
        for (TableShape t : d.v2().sinks()) {
            consumers.add("consumers of '" + t.name() + "'" + Consumers.topic(t) + " keep reading it; they must handle late,"
                    + " out-of-order updates to keys v1 wrote, in bulk when v2 reprocesses");
        }
        List<String> warnings = List.of("the change must be compatible in meaning too: v2's rows replace v1's per key "
                + TableShape.key(d.v2().sinks().get(0).primaryKey()) + ", and state restored from v1 is read by v2's query");
        return d.plan(stops, startsFrom, steps, consumers, warnings);
    }

    @Override
    public void execute(Draft d, EvolutionSteps steps) {
        String v1 = d.v1().name();
        String v2 = d.v2().name();
        Statement stopped = steps.stopV1();
        // a failed v1 goes on from its newest retained checkpoint: from just before what failed it
        boolean failed = stopped.status().phase() == Phase.FAILED;
        String savepoint = failed ? steps.statements().restorePoint(v1).orElse(null) : stopped.status().savepoint();
        String point = failed ? "v1's latest checkpoint" : "v1's savepoint";
        if (savepoint != null) {
            Adjustment restore = new Adjustment(Map.of(StatementService.SAVEPOINT_PATH, savepoint), UnaryOperator.identity());
            if (failed) {
                steps.create(restore, point + " " + savepoint);
            } else {
                steps.createOrResume(restore, point + " " + savepoint);
            }
            String failure = steps.watcher().awaitCheckpoint(v2);
            if (failure == null) {
                steps.progress("v2 '" + v2 + "' runs from " + point + " and has completed a checkpoint");
                steps.catchUp();
                return;
            }
            steps.progress("v2 '" + v2 + "' cannot start from " + point + ": " + failure);
            restartWithoutSavepoint(d, stopped, steps);
        } else {
            steps.progress("v1 '" + v1 + "' has no " + (failed ? "checkpoint" : "savepoint (it was stopped without one)"));
            Map<String, Map<String, String>> hints = d.v2().plan().stateless()
                    ? CarriedOffsets.hints(d.v2().sources(), stopped.status().latestOffsets()) : Map.of();
            steps.createOrResume(new Adjustment(Map.of(), sql -> OptionHints.add(sql, hints)),
                    hints.isEmpty() ? "the start of its sources" : "v1's offsets");
        }
        steps.awaitV2CaughtUp();
    }

    // the fallback: a stateless v2 from v1's offsets (exactly once), a stateful one from the start (state built again)
    private static void restartWithoutSavepoint(Draft d, Statement v1, EvolutionSteps steps) {
        StatementService statements = steps.statements();
        Statement failed = statements.get(d.v2().name());
        statements.delete(failed.name());
        Map<String, String> props = new LinkedHashMap<>(failed.spec().properties());
        props.remove(StatementService.SAVEPOINT_PATH);
        String sql = failed.spec().statement();
        String from = "the start of its sources";
        if (d.v2().plan().stateless()) {
            Map<String, Map<String, String>> hints = CarriedOffsets.hints(d.v2().sources(), v1.status().latestOffsets());
            if (!hints.isEmpty()) {
                sql = OptionHints.add(sql, hints);
                from = "v1's offsets";
            }
        }
        steps.progress("v2 '" + failed.name() + "' starts again from " + from);
        statements.create(failed.name(), sql, props, failed.definitions(), failed.origin(), failed.spec().principal(), steps.vars());
        steps.lineage(from);
    }
}
