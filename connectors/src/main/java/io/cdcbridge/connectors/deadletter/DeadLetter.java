package io.cdcbridge.connectors.deadletter;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One record that could not be processed: its key and value as they were (raw bytes for an event that did not
 * decode, the row as JSON for a row the target rejected) and headers saying why and where it came from.
 */
public record DeadLetter(byte[] key, byte[] value, Map<String, String> headers) {

    /** Header: why the record was rejected, in one line. */
    public static final String REASON = "cdcbridge.error.reason";
    /** Header: the cdcbridge statement (Flink job name) that rejected it. */
    public static final String STATEMENT = "cdcbridge.error.statement";
    /** Header: the topic the record was read from. */
    public static final String SOURCE_TOPIC = "cdcbridge.source.topic";
    /** Header: the partition the record was read from. */
    public static final String SOURCE_PARTITION = "cdcbridge.source.partition";
    /** Header: the offset the record was read at. */
    public static final String SOURCE_OFFSET = "cdcbridge.source.offset";
    /** Header: the target table that rejected a row. */
    public static final String TARGET_TABLE = "cdcbridge.target.table";
    /** Header: the SQL state the database answered with. */
    public static final String SQL_STATE = "cdcbridge.error.sql-state";
    /** Header: the kind of change a rejected row was (Flink's +I, +U or -D). */
    public static final String ROW_KIND = "cdcbridge.row.kind";

    /** Copies the headers, keeping their order. */
    public DeadLetter {
        headers = new LinkedHashMap<>(headers);
    }

    /** A dead letter with the given reason as its only header so far. */
    public static DeadLetter of(byte[] key, byte[] value, String reason) {
        Map<String, String> h = new LinkedHashMap<>();
        h.put(REASON, reason);
        return new DeadLetter(key, value, h);
    }

    /** This letter with one more header (null values are left out). */
    public DeadLetter with(String header, Object headerValue) {
        if (headerValue == null) return this;
        Map<String, String> h = new LinkedHashMap<>(headers);
        h.put(header, String.valueOf(headerValue));
        return new DeadLetter(key, value, h);
    }

    /** The reason header. */
    public String reason() {
        return headers.get(REASON);
    }
}
