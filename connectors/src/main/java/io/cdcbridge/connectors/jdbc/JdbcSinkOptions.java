package io.cdcbridge.connectors.jdbc;

import java.time.Duration;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;

/** The options of the {@code cdcbridge-jdbc} table connector; {@code dlq.*} come from DeadLetterOptions. */
public final class JdbcSinkOptions {

    /** The JDBC URL of the target database. */
    public static final ConfigOption<String> URL = ConfigOptions.key("url").stringType().noDefaultValue()
            .withDescription("JDBC URL of the target: jdbc:postgresql:, jdbc:mysql: or jdbc:mariadb:.");

    /** The target table, optionally schema-qualified. */
    public static final ConfigOption<String> TABLE_NAME = ConfigOptions.key("table-name").stringType().noDefaultValue()
            .withDescription("Target table as [schema.]table, written exactly (names are quoted, so case matters).");

    /** The user the sink logs in as. */
    public static final ConfigOption<String> USERNAME = ConfigOptions.key("username").stringType().noDefaultValue()
            .withDescription("User name for the target database.");

    /** That user's password; never logged. */
    public static final ConfigOption<String> PASSWORD = ConfigOptions.key("password").stringType().noDefaultValue()
            .withDescription("Password for the target database; never logged.");

    /** The column whose value orders the changes of one key. */
    public static final ConfigOption<String> VERSION_COLUMN = ConfigOptions.key("version-column").stringType().noDefaultValue()
            .withDescription("Column ordering the changes of a key (e.g. updated_at): a change older than the target's row is not applied.");

    /** What a delete does. */
    public static final ConfigOption<DeleteMode> DELETE_MODE = ConfigOptions.key("delete-mode").enumType(DeleteMode.class)
            .defaultValue(DeleteMode.HARD)
            .withDescription("What a delete does: hard, soft or ignore.");

    /** The flag column of soft deletes. */
    public static final ConfigOption<String> SOFT_DELETE_COLUMN = ConfigOptions.key("soft-delete-column").stringType()
            .defaultValue("__deleted")
            .withDescription("Boolean column that soft deletes set to true (and upserts to false); not a column of the Flink table.");

    /** Whether to create missing tables. */
    public static final ConfigOption<Boolean> AUTO_CREATE = ConfigOptions.key("auto-create").booleanType().defaultValue(false)
            .withDescription("Create the target table if it does not exist, with the documented type mapping.");

    /**
     * Keys buffered before a flush. 5000: a snapshot or a burst writes in large set-based batches, while under light
     * load the interval writes first; the bench's figures (bench/README.md) were all measured with it.
     */
    public static final ConfigOption<Integer> BUFFER_FLUSH_MAX_ROWS = ConfigOptions.key("sink.buffer-flush.max-rows").intType()
            .defaultValue(5000)
            .withDescription("Distinct keys buffered before they are written; a checkpoint writes them in any case.");

    /**
     * Time after which buffered rows are flushed. 10 ms: with cdcbridge-postgres the idle end-to-end lag was p50 23 ms
     * at 10 ms against 64 ms at 50 ms, OLTP lag p50 104 vs 191 ms, with streaming and snapshot throughput within the
     * run-to-run noise, since batches still grow while a write is in progress (bench/README.md).
     */
    public static final ConfigOption<Duration> BUFFER_FLUSH_INTERVAL = ConfigOptions.key("sink.buffer-flush.interval").durationType()
            .defaultValue(Duration.ofMillis(10))
            .withDescription("Longest time a buffered row waits before it is written; 0 waits for max-rows or a checkpoint.");

    /** Retries of a write that failed for an outage. */
    public static final ConfigOption<Integer> MAX_RETRIES = ConfigOptions.key("sink.max-retries").intType().defaultValue(20)
            .withDescription("Retries of a write that failed because the database was unreachable; -1 retries for ever.");

    /** The first pause between retries. */
    public static final ConfigOption<Duration> RETRY_BACKOFF = ConfigOptions.key("sink.retry.backoff").durationType()
            .defaultValue(Duration.ofMillis(200))
            .withDescription("Pause before the first retry; it doubles at each further retry.");

    /** The longest pause between retries. */
    public static final ConfigOption<Duration> RETRY_BACKOFF_MAX = ConfigOptions.key("sink.retry.backoff-max").durationType()
            .defaultValue(Duration.ofSeconds(10))
            .withDescription("Longest pause between two retries.");

    /** Where hard deletes keep their versions. */
    public static final ConfigOption<String> TOMBSTONE_TABLE = ConfigOptions.key("tombstone.table-name").stringType().noDefaultValue()
            .withDescription("Table keeping the key and version of hard deletes; default <table>__cdcbridge_tombstones.");

    /** How long hard deletes keep their versions. */
    public static final ConfigOption<Duration> TOMBSTONE_RETENTION = ConfigOptions.key("tombstone.retention").durationType()
            .defaultValue(Duration.ofDays(7))
            .withDescription("How long a hard delete's version is kept: a change older than the delete arriving later than this would apply.");

    private JdbcSinkOptions() {}
}
