package io.cdcbridge.control.engine;

import java.util.List;

/** What a validated statement reads and writes (catalog table names), and the views it reads through. */
public record QueryPlan(List<String> sources, List<String> sinks, List<String> views) {

    public QueryPlan {
        sources = List.copyOf(sources);
        sinks = List.copyOf(sinks);
        views = List.copyOf(views);
    }
}
