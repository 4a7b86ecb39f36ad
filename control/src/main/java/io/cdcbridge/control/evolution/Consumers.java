package io.cdcbridge.control.evolution;

import io.cdcbridge.control.engine.TableShape;
import java.util.List;

/** What the consumers of the tables v1 writes must do when v2 replaces it. */
final class Consumers {

    private Consumers() {}

    /** Who reads what v1 wrote and must move to what v2 writes ({@code how}: from where they read it). */
    static void switchTables(List<TableShape> v1Sinks, List<TableShape> v2Sinks, List<String> consumers,
                             List<String> warnings, String how) {
        List<String> v1Names = Draft.names(v1Sinks);
        List<String> v2Names = Draft.names(v2Sinks);
        List<TableShape> oldOnly = v1Sinks.stream().filter(t -> !v2Names.contains(t.name())).toList();
        List<TableShape> newOnly = v2Sinks.stream().filter(t -> !v1Names.contains(t.name())).toList();
        for (int i = 0; i < oldOnly.size(); i++) {
            TableShape from = oldOnly.get(i);
            if (i < newOnly.size()) {
                TableShape to = newOnly.get(i);
                consumers.add("consumers of '" + from.name() + "'" + topic(from) + " switch to '" + to.name() + "'" + topic(to)
                        + ", " + how);
            } else {
                consumers.add("consumers of '" + from.name() + "'" + topic(from) + ": v2 writes no replacement");
            }
        }
        for (TableShape t : v2Sinks) {
            if (v1Names.contains(t.name()) && !how.contains("exactly once")) {
                warnings.add("v2 writes '" + t.name() + "', which v1 writes too: until v1 stops both write it; blue/green"
                        + " wants a new table version (e.g. '" + t.name() + "_v2'), in-place writes the same table");
            }
        }
    }

    /** " (topic t)" for a table on a topic, else nothing. */
    static String topic(TableShape t) {
        String topic = t.options().get("topic");
        return topic == null ? "" : " (topic " + topic + ")";
    }
}
