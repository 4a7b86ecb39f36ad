package io.cdcbridge.connectors.jdbc;

import static io.cdcbridge.connectors.options.OptionRule.atLeast;
import static io.cdcbridge.connectors.options.OptionRule.notNegative;
import static io.cdcbridge.connectors.options.OptionRule.positive;
import static org.apache.flink.configuration.ConfigOptions.key;

import io.cdcbridge.connectors.deadletter.DeadLetterOptions;
import io.cdcbridge.connectors.options.OptionSet;
import java.time.Duration;
import org.apache.flink.configuration.ConfigOption;

/**
 * The options of the {@code cdcbridge-jdbc} table connector, each declared once with its description, default and
 * rule; the README's option table shows {@link #ALL}.
 */
public final class JdbcSinkOptions {

    /** Every option, in the README's order. */
    public static final OptionSet ALL = new OptionSet();

    public static final ConfigOption<String> URL = ALL.required(key("url").stringType().noDefaultValue()
            .withDescription("`jdbc:postgresql:`, `jdbc:mysql:` or `jdbc:mariadb:` (MySQL URLs go through the bundled MariaDB driver)"));

    public static final ConfigOption<String> TABLE_NAME = ALL.required(key("table-name").stringType().noDefaultValue()
            .withDescription("`[schema.]table`, exactly as named in the database: names are always quoted, so case matters"));

    public static final ConfigOption<String> USERNAME = ALL.optional(key("username").stringType().noDefaultValue()
            .withDescription("the user the sink logs in as"));

    public static final ConfigOption<String> PASSWORD = ALL.optional(key("password").stringType().noDefaultValue()
            .withDescription("that user's password; never logged (URLs are logged without their query string)"));

    public static final ConfigOption<String> VERSION_COLUMN = ALL.optional(key("version-column").stringType().noDefaultValue()
            .withDescription("the column ordering the changes of a key (`updated_at`); integer, DECIMAL, DATE or TIMESTAMP"));

    public static final ConfigOption<DeleteMode> DELETE_MODE = ALL.optional(key("delete-mode").enumType(DeleteMode.class)
            .defaultValue(DeleteMode.HARD)
            .withDescription("`hard`, `soft` or `ignore` (below)"));

    public static final ConfigOption<String> SOFT_DELETE_COLUMN = ALL.optional(key("soft-delete-column").stringType()
            .defaultValue("__deleted")
            .withDescription("the BOOLEAN flag of soft deletes; the sink writes it, it is not a column of the Flink table"));

    public static final ConfigOption<Boolean> AUTO_CREATE = ALL.optional(key("auto-create").booleanType().defaultValue(false)
            .withDescription("create the target table if it is missing (type mapping below; and its schema, a database on MySQL and MariaDB, for a `schema.table` name), add a nullable column it lacks, and widen a"
                    + " numeric column it declares narrower than the column's Flink type maps to (INT to BIGINT, DECIMAL(10, 2) to DECIMAL(12, 2))"));

    public static final ConfigOption<Integer> BUFFER_FLUSH_MAX_ROWS = ALL.optional(key("sink.buffer-flush.max-rows").intType()
            .defaultValue(5000)
            .withDescription("distinct keys buffered before a write: large set-based batches for a snapshot or a burst"
                    + " (the bench's figures were measured with it)"), atLeast(1));

    public static final ConfigOption<Duration> BUFFER_FLUSH_INTERVAL = ALL.optional(key("sink.buffer-flush.interval").durationType()
            .defaultValue(Duration.ofMillis(10))
            .withDescription("longest wait of a buffered row; `0`: only max-rows and checkpoints write. Batches still grow"
                    + " while a write runs, so a short interval costs no throughput (bench/history/pg-to-pg.md)"), notNegative());

    public static final ConfigOption<Integer> MAX_RETRIES = ALL.optional(key("sink.max-retries").intType().defaultValue(20)
            .withDescription("retries while the database is unreachable; `-1` for ever"), atLeast(-1));

    public static final ConfigOption<Duration> RETRY_BACKOFF = ALL.optional(key("sink.retry.backoff").durationType()
            .defaultValue(Duration.ofMillis(200))
            .withDescription("pause before the first retry, doubling at each further one"), positive());

    public static final ConfigOption<Duration> RETRY_BACKOFF_MAX = ALL.optional(key("sink.retry.backoff-max").durationType()
            .defaultValue(Duration.ofSeconds(10))
            .withDescription("the longest pause between two retries; at least `sink.retry.backoff`"));

    public static final ConfigOption<String> TOMBSTONE_TABLE = ALL.derived(key("tombstone.table-name").stringType().noDefaultValue()
            .withDescription("where hard deletes keep their versions"), "`<table>__cdcbridge_tombstones`");

    public static final ConfigOption<Duration> TOMBSTONE_RETENTION = ALL.optional(key("tombstone.retention").durationType()
            .defaultValue(Duration.ofDays(7))
            .withDescription("how long they are kept"), positive());

    public static final ConfigOption<NonFiniteFloats> NON_FINITE_FLOATS = ALL.optional(key("non-finite-floats")
            .enumType(NonFiniteFloats.class).defaultValue(NonFiniteFloats.REFUSE)
            .withDescription("NaN, Infinity or -Infinity in a FLOAT or DOUBLE column for MySQL or MariaDB, whose columns"
                    + " cannot hold them (PostgreSQL's can: written as they are): `refuse` or `null`"));

    public static final ConfigOption<Integer> SINK_PARALLELISM = ALL.optional(key("sink.parallelism").intType().defaultValue(1)
            .withDescription("number of writers; with more than one, rows are partitioned by key first, so that all changes"
                    + " of a key go to one writer. One writer keeps up with a CDC source (whose stream one reader reads)"
                    + " and saves the shuffle by key, which cost more than a second writer gained (bench/history/pg-to-pg.md)"), atLeast(1));

    public static final ConfigOption<Integer> CONNECTIONS = ALL.optional(key("sink.connections").intType().defaultValue(4)
            .withDescription("connections to the database that the writers of one job in one process share (tables with the"
                    + " same `url`, `username`, `password` and `sink.connections`, as a statement set of many tables has): each"
                    + " batch's transaction takes one and gives it back, so hundreds of tables fit in the database's"
                    + " connection limit; each table keeps its own order, retries and checkpoint flush"), atLeast(1));

    static {
        DeadLetterOptions.declareIn(ALL, "none");
        ALL.rule(o -> o.get(RETRY_BACKOFF_MAX).compareTo(o.get(RETRY_BACKOFF)) >= 0,
                "'" + RETRY_BACKOFF_MAX.key() + "' must be at least '" + RETRY_BACKOFF.key() + "'");
    }

    private JdbcSinkOptions() {}
}
