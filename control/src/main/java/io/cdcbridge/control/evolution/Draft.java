package io.cdcbridge.control.evolution;

import io.cdcbridge.control.engine.SourceStartup;
import io.cdcbridge.control.engine.TableShape;
import io.cdcbridge.control.script.Adjustment;
import io.cdcbridge.control.script.PlannedStatement;
import io.cdcbridge.control.statement.Phase;
import io.cdcbridge.control.statement.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

/**
 * One evolution as planning found it: the request, v1 as it is, the tables v1 writes, v2 as the script plans it, where
 * v2's sources start (epoch milliseconds, or null), and the principal v2 runs as.
 */
record Draft(EvolutionRequest req, Statement v1, List<TableShape> v1Sinks, PlannedStatement v2, Long fromMillis,
             String principal) {

    /** Whether v1 has a job to stop (it is not STOPPED or FAILED). */
    boolean v1Running() {
        return v1.status().phase().wantsJob();
    }

    /** Whether v1's job failed (it goes on from its latest checkpoint). */
    boolean v1Failed() {
        return v1.status().phase() == Phase.FAILED;
    }

    String v1Name() {
        return "v1 '" + v1.name() + "'";
    }

    String v2Name() {
        return "v2 '" + v2.name() + "'";
    }

    List<String> v1SinkNames() {
        return names(v1Sinks);
    }

    List<String> v2SinkNames() {
        return names(v2.sinks());
    }

    /** How v2's statement is changed when it is created: every source from the start time, if one is given. */
    Adjustment fromTime() {
        return startingAt(fromMillis);
    }

    /** Every source starting at {@code fromMillis}, or no change for null. */
    static Adjustment startingAt(Long fromMillis) {
        return fromMillis == null ? Adjustment.NONE : new Adjustment(Map.of(SourceStartup.MODE, "timestamp",
                SourceStartup.TIMESTAMP_MILLIS, String.valueOf(fromMillis)), UnaryOperator.identity());
    }

    /** The plan with what every strategy says the same way: what v2 is, and whether its query is v1's. */
    EvolutionPlan plan(String stops, String startsFrom, List<String> steps, List<String> consumers, List<String> warnings) {
        List<String> all = new ArrayList<>(warnings);
        if (v1.spec().statement().strip().equals(v2.statement().strip())) all.add("v2's query is the same as v1's");
        String starts = v2Name() + " writing " + String.join(", ", v2SinkNames()) + (v2.plan().stateless() ? " (stateless)"
                : " (keeps state: " + v2.plan().statefulOperators().stream().map(Draft::operator)
                .collect(Collectors.joining(", ")) + ")");
        return new EvolutionPlan(v1.name(), v2.name(), req.strategy(), stops, starts, startsFrom, steps, consumers, all);
    }

    static List<String> names(List<TableShape> tables) {
        return tables.stream().map(TableShape::name).toList();
    }

    // "GroupAggregate(groupBy=[id], ...)" -> "GroupAggregate"
    private static String operator(String line) {
        int paren = line.indexOf('(');
        return paren < 0 ? line : line.substring(0, paren);
    }
}
