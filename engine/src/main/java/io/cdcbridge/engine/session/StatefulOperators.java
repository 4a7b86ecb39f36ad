package io.cdcbridge.engine.session;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the operators that keep state in the optimized execution plan Flink's EXPLAIN prints. Aggregations, joins
 * (regular, interval, temporal, window), deduplication, ranking and limits, OVER aggregations (LAG), MATCH_RECOGNIZE,
 * the ChangelogNormalize an upsert source needs, and a sink's upsert materializer all remember earlier records;
 * filters, projections, UDF calls, UNNEST (Correlate), unions, lookup joins and watermark assigners do not.
 */
public final class StatefulOperators {

    private static final Set<String> STATEFUL = Set.of(
            "GroupAggregate", "GlobalGroupAggregate", "IncrementalGroupAggregate", "GroupTableAggregate",
            "GroupWindowAggregate", "GlobalWindowAggregate", "WindowAggregate", "PythonGroupAggregate",
            "PythonGroupWindowAggregate", "PythonOverAggregate",
            "Join", "IntervalJoin", "TemporalJoin", "WindowJoin", "MultiJoin",
            "Deduplicate", "WindowDeduplicate", "Rank", "WindowRank", "Limit", "SortLimit", "TemporalSort", "Sort",
            "OverAggregate", "Match", "ChangelogNormalize", "MultipleInput");

    private static final Pattern NODE = Pattern.compile("^[\\s|+:-]*([A-Z][A-Za-z]*)\\((.*)$");

    private StatefulOperators() {}

    /** One line per stateful operator of the plan's "Optimized Execution Plan" section, in plan order. */
    public static List<String> in(String explain) {
        List<String> out = new ArrayList<>();
        boolean inSection = false;
        for (String line : explain.split("\n")) {
            if (line.startsWith("== ")) {
                inSection = line.startsWith("== Optimized Execution Plan");
                continue;
            }
            if (!inSection) continue;
            Matcher m = NODE.matcher(line);
            if (!m.matches()) continue;
            String node = m.group(1);
            if (STATEFUL.contains(node)) {
                out.add(shorten(node + "(" + m.group(2)));
            } else if (node.equals("Sink") && m.group(2).contains("upsertMaterialize=[true]")) {
                // the sink keeps every row per key to turn a changelog out of key order into correct upserts
                out.add(shorten("SinkMaterializer of " + node + "(" + m.group(2)));
            }
        }
        return out;
    }

    private static String shorten(String s) {
        return s.length() <= 160 ? s : s.substring(0, 157) + "...";
    }
}
