package io.cdcbridge.connectors.jdbc.dialect;

/** What a database error means for the sink. */
public enum Failure {
    /** The database is unreachable or went away (connection lost, shutting down, starting): retry later. */
    OUTAGE,
    /** The database refused the data (value too long, wrong type, constraint): the row is bad, the batch is not. */
    REJECTED,
    /** Neither: no space, no permission, a missing table, anything unknown. Retrying or skipping would not help. */
    FATAL
}
