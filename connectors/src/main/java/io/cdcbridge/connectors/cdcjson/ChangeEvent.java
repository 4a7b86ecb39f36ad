package io.cdcbridge.connectors.cdcjson;

import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.node.ObjectNode;

/** A message that passed {@link ChangeEventRules}: its op, its key and its event time. */
public final class ChangeEvent {

    private final String op;
    // kept as parsed: the text is wanted only by whoever keys a record with it, not by the format reading rows
    private final ObjectNode key;
    private final long timestampMillis;
    private final ObjectNode json;

    ChangeEvent(String op, ObjectNode key, long timestampMillis, ObjectNode json) {
        this.op = op;
        this.key = key;
        this.timestampMillis = timestampMillis;
        this.json = json;
    }

    /** c (create), r (snapshot read), u (update) or d (delete). */
    public String op() {
        return op;
    }

    /** The key fields of the row (before for a delete, else after) as a JSON object, e.g. {"user_id":101}; {} without key fields. */
    public String key() {
        return key.toString();
    }

    /** The event time, in milliseconds since the epoch. */
    public long timestampMillis() {
        return timestampMillis;
    }

    // The parsed event, for the format to convert into a row without parsing again.
    ObjectNode json() {
        return json;
    }
}
