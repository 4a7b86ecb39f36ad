package io.cdcbridge.connectors.mysql;

import static org.apache.flink.configuration.ConfigOptions.key;

import io.cdcbridge.connectors.options.OptionRule;
import io.cdcbridge.connectors.options.OptionSet;
import java.util.Locale;
import org.apache.flink.configuration.ConfigOption;

/**
 * The options of the {@code cdcbridge-mysql} table source, each declared once with its description, default and rule;
 * names and meanings as mysql-cdc's (and cdcbridge-postgres's) where they match. The README's option table shows
 * {@link #ALL}.
 */
public final class MysqlSourceOptions {

    /** Every option, in the README's order. */
    public static final OptionSet ALL = new OptionSet();

    public static final ConfigOption<String> HOSTNAME = ALL.required(key("hostname").stringType().noDefaultValue()
            .withDescription("the server's host"));

    public static final ConfigOption<Integer> PORT = ALL.optional(key("port").intType().defaultValue(3306)
            .withDescription("the server's port"));

    public static final ConfigOption<String> USERNAME = ALL.required(key("username").stringType().noDefaultValue()
            .withDescription("a user with REPLICATION SLAVE, REPLICATION CLIENT (MariaDB: BINLOG MONITOR) and SELECT on the table"));

    public static final ConfigOption<String> PASSWORD = ALL.required(key("password").stringType().noDefaultValue()
            .withDescription("that user's password; never logged or put in a message"));

    public static final ConfigOption<String> DATABASE_NAME = ALL.required(key("database-name").stringType().noDefaultValue()
            .withDescription("the database holding the table, written exactly (no patterns)"));

    public static final ConfigOption<String> TABLE_NAME = ALL.required(key("table-name").stringType().noDefaultValue()
            .withDescription("the one table, written exactly (no patterns)"));

    public static final ConfigOption<String> SERVER_ID = ALL.derived(key("server-id").stringType().noDefaultValue()
            .withDescription("the replica id the binlog reader gives the server, or a range `first-last` (mysql-cdc's form) in"
                    + " which the table's name picks one; two readers with one id make the server drop the older one"
                    + " (cdcbridge gives each statement a range of its own)"), "one of 5400-6399, picked by the table's name");

    static {
        ALL.rule(o -> o.getOptional(SERVER_ID).map(v -> v.trim().matches("[0-9]+(-[0-9]+)?")).orElse(true),
                "'server-id' must be a number or a range first-last");
    }

    public static final ConfigOption<StartupMode> SCAN_STARTUP_MODE = ALL.optional(key("scan.startup.mode")
            .enumType(StartupMode.class).defaultValue(StartupMode.INITIAL)
            .withDescription("`initial`: snapshot, then the binlog from where it stood before the snapshot; `latest-offset`:"
                    + " the binlog only, from its end when the job first starts"));

    public static final ConfigOption<Integer> CHUNK_SIZE = ALL.optional(key("scan.incremental.snapshot.chunk.size").intType()
            .defaultValue(50_000)
            .withDescription("rows per snapshot split"), OptionRule.atLeast(1));

    public static final ConfigOption<String> CHUNK_KEY_COLUMN = ALL.derived(key("scan.incremental.snapshot.chunk.key-column")
            .stringType().noDefaultValue()
            .withDescription("the integer column the snapshot is split by (e.g. one column of a composite key); NULLs go to"
                    + " the first split"), "the primary key, when it is one column");

    public static final ConfigOption<Integer> FETCH_SIZE = ALL.optional(key("scan.snapshot.fetch.size").intType()
            .defaultValue(1024)
            .withDescription("rows a snapshot split's result set streams at a time"), OptionRule.atLeast(1));

    public static final ConfigOption<SchemaChangeBehavior> SCHEMA_CHANGE_BEHAVIOR = ALL.optional(key("schema-change.behavior")
            .enumType(SchemaChangeBehavior.class).defaultValue(SchemaChangeBehavior.FAIL)
            .withDescription("what a change of the table's columns while streaming does (an `ALTER TABLE` that adds, drops,"
                    + " renames or retypes a column): `fail` stops the job at the first change under the new columns, nothing"
                    + " of it emitted, naming the table and the columns before and after; `ignore` reads on by column name"
                    + " (a declared column that is gone reads as NULL, a new one is not read)"));

    public static final ConfigOption<String> SERVER_TIME_ZONE = ALL.optional(key("server-time-zone").stringType()
            .noDefaultValue()
            .withDescription("accepted for mysql-cdc's DDL: TIMESTAMP columns are read as the instants they hold and DATETIME"
                    + " as written, whatever the server's zone"));

    public static final ConfigOption<Boolean> INCREMENTAL_SNAPSHOT_ENABLED = ALL.optional(key("scan.incremental.snapshot.enabled")
            .booleanType().defaultValue(true)
            .withDescription("accepted for mysql-cdc's DDL; the snapshot is always split, parallel and lock-free"));

    public static final ConfigOption<Boolean> BACKFILL_SKIP = ALL.optional(key("scan.incremental.snapshot.backfill.skip")
            .booleanType().defaultValue(true)
            .withDescription("only `true`: changes made during the snapshot are replayed over it (below)"), OptionRule.only(true));

    /** mysql-cdc's Debezium settings: accepted so its DDL works unchanged, and ignored. */
    public static final String DEBEZIUM_PREFIX = ALL.prefix("debezium.", "debezium.*", "accepted and ignored (with a warning)");

    /**
     * The replica id of a table's binlog reader: {@code server-id} when it is one number; of a range, the id the
     * table's name picks in it (so the tables of one statement, given one range, mostly read with ids of their own);
     * without the option, one of 5400-6399 picked the same way.
     */
    public static long serverId(String option, String database, String table) {
        long pick = Math.floorMod((database + "." + table).hashCode(), 1_000_000);
        if (option == null) return 5400 + pick % 1000;
        String[] range = option.trim().split("-");
        long first = Long.parseLong(range[0].trim());
        if (range.length == 1) return first;
        long size = Long.parseLong(range[1].trim()) - first + 1;
        return size <= 1 ? first : first + pick % size;
    }

    /** What a change of the source table's columns does. */
    public enum SchemaChangeBehavior {
        /** Stop at the change. */
        FAIL,
        /** Read on by column name. */
        IGNORE;

        @Override
        public String toString() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** Where the first start of a table begins. */
    public enum StartupMode {
        /** Snapshot, then the binlog. */
        INITIAL,
        /** The binlog only, from its end. */
        LATEST_OFFSET;

        @Override
        public String toString() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    private MysqlSourceOptions() {}
}
