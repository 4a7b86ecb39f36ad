package io.cdcbridge.control.engine;

/**
 * The statement properties that set where every source of a statement starts reading, as Confluent Cloud names them
 * ({@code sql.tables.scan.startup.*}); an engine applies them to each source table whose connector has a startup mode.
 * A dynamic table option hint on one table in the statement wins over them.
 */
public final class SourceStartup {

    /** {@code scan.startup.mode} of every source table, e.g. {@code timestamp}. */
    public static final String MODE = "sql.tables.scan.startup.mode";
    /** {@code scan.startup.timestamp-millis} of every source table, with mode {@code timestamp}. */
    public static final String TIMESTAMP_MILLIS = "sql.tables.scan.startup.timestamp-millis";

    private SourceStartup() {}
}
