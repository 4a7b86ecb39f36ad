package io.cdcbridge.control.engine;

import java.util.List;

/** What a validated statement reads and writes (catalog table names). */
public record QueryPlan(List<String> sources, List<String> sinks) {

    public QueryPlan {
        sources = List.copyOf(sources);
        sinks = List.copyOf(sinks);
    }
}
