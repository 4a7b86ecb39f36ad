package io.cdcbridge.control.statement;

import java.util.Map;
import java.util.TreeMap;

/**
 * The records a statement wrote to one topic its sink writes: the topic's end offsets per partition when the statement
 * first started (before its job wrote) and when it stopped (null while it runs: up to the topic's end). Another writer
 * on the topic in the meantime (a statement running beside it) writes into the range too.
 *
 * @param table the sink table, in the statement's catalog
 * @param topic the topic
 * @param from the topic's end offsets when the statement first started
 * @param to the topic's end offsets when it stopped, or null
 */
public record OutputRange(String table, String topic, Map<Integer, Long> from, Map<Integer, Long> to) {

    public OutputRange {
        from = from == null ? Map.of() : new TreeMap<>(from);
        to = to == null ? null : new TreeMap<>(to);
    }

    /** The same range, ended at {@code ends}. */
    public OutputRange endingAt(Map<Integer, Long> ends) {
        return new OutputRange(table, topic, from, ends);
    }

    /** The same range, still open (the statement runs again). */
    public OutputRange open() {
        return new OutputRange(table, topic, from, null);
    }
}
