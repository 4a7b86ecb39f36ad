package io.cdcbridge.control.script;

import io.cdcbridge.control.engine.QueryPlan;
import io.cdcbridge.control.engine.TableShape;
import java.util.List;
import java.util.Map;

/**
 * A statement a script would create, as checked on the scratch catalog: its name, text and properties, its plan, and
 * the tables it reads and writes as the catalog has them at that point of the script.
 */
public record PlannedStatement(String name, String statement, Map<String, String> properties, QueryPlan plan,
                               List<TableShape> sources, List<TableShape> sinks) {

    public PlannedStatement {
        properties = Map.copyOf(properties);
        sources = List.copyOf(sources);
        sinks = List.copyOf(sinks);
    }
}
