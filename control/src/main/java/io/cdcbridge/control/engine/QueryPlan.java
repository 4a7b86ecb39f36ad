package io.cdcbridge.control.engine;

import java.util.List;

/**
 * What a validated statement reads and writes (catalog table names), the views it reads through, and the operators
 * of its optimized plan that keep state (one line each, e.g. {@code GroupAggregate(groupBy=[id], ...)}): a statement
 * without any is stateless, every output record made from one input record.
 */
public record QueryPlan(List<String> sources, List<String> sinks, List<String> views, List<String> statefulOperators) {

    public QueryPlan {
        sources = List.copyOf(sources);
        sinks = List.copyOf(sinks);
        views = List.copyOf(views);
        statefulOperators = List.copyOf(statefulOperators);
    }

    /** Whether no operator of the plan keeps state. */
    public boolean stateless() {
        return statefulOperators.isEmpty();
    }
}
