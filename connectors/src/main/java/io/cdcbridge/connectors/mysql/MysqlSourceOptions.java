package io.cdcbridge.connectors.mysql;

import static org.apache.flink.configuration.ConfigOptions.key;

import io.cdcbridge.connectors.options.CdcSourceOptions;
import io.cdcbridge.connectors.options.OptionRule;
import io.cdcbridge.connectors.options.OptionSet;
import java.util.Locale;
import org.apache.flink.configuration.ConfigOption;

/**
 * The options of the {@code cdcbridge-mysql} table source, each declared once with its description, default and rule
 * (those cdcbridge-postgres has too in {@link CdcSourceOptions}); names and meanings as mysql-cdc's where they match.
 * The README's option table shows {@link #ALL}.
 */
public final class MysqlSourceOptions {

    /** Every option, in the README's order. */
    public static final OptionSet ALL = new OptionSet();

    /** hostname, port, username, password, database-name. */
    public static final CdcSourceOptions.Connection CONNECTION = CdcSourceOptions.connection(ALL, 3306,
            "REPLICATION SLAVE, REPLICATION CLIENT (MariaDB: BINLOG MONITOR) and SELECT on the table");

    public static final ConfigOption<String> TABLE_NAME = ALL.required(key("table-name").stringType().noDefaultValue()
            .withDescription("the one table, written exactly (no patterns)"));

    public static final ConfigOption<SslMode> SSL_MODE = ALL.optional(key("ssl.mode").enumType(SslMode.class)
            .defaultValue(SslMode.PREFERRED)
            .withDescription("TLS for both connections, the snapshot's and the binlog's, in MySQL's modes: `disabled`;"
                    + " `preferred`, TLS when the server offers it (MySQL's and mysql-cdc's default); `required`, TLS or no"
                    + " connection; neither checks the server's certificate. `verify-ca`: TLS with a certificate signed by"
                    + " a CA of 'ssl.ca' (else of the JVM's trust store); `verify-identity`: and issued for 'hostname'"));

    public static final ConfigOption<String> SSL_CA = ALL.optional(key("ssl.ca").stringType().noDefaultValue()
            .withDescription("a PEM file of the CA certificates that `verify-ca` and `verify-identity` trust (MySQL's"
                    + " --ssl-ca), read where the job runs"));

    static {
        ALL.rule(o -> o.getOptional(SSL_CA).isEmpty() || o.get(SSL_MODE).verifies(), "'ssl.ca' is only read with 'ssl.mode'"
                + " 'verify-ca' or 'verify-identity': the other modes do not check the server's certificate");
    }

    public static final ConfigOption<String> SERVER_ID = ALL.derived(key("server-id").stringType().noDefaultValue()
            .withDescription("the replica id the binlog reader gives the server, or a range `first-last` (mysql-cdc's form) in"
                    + " which the table's name picks one; two readers with one id make the server drop the older one"
                    + " (cdcbridge gives each statement a range of its own)"), "one of 5400-6399, picked by the table's name");

    static {
        ALL.rule(o -> o.getOptional(SERVER_ID).map(v -> v.trim().matches("[0-9]+(-[0-9]+)?")).orElse(true),
                "'server-id' must be a number or a range first-last");
    }

    public static final ConfigOption<StartupMode> SCAN_STARTUP_MODE = CdcSourceOptions.startupMode(ALL, StartupMode.class,
            StartupMode.INITIAL, "`initial`: snapshot, then the binlog from where it stood before the snapshot;"
                    + " `latest-offset`: the binlog only, from its end when the job first starts");

    static {
        CdcSourceOptions.snapshotSplits(ALL);
    }

    public static final ConfigOption<Integer> FETCH_SIZE = ALL.optional(key("scan.snapshot.fetch.size").intType()
            .defaultValue(1024)
            .withDescription("rows a snapshot split's result set streams at a time"), OptionRule.atLeast(1));

    public static final ConfigOption<SchemaChangeBehavior> SCHEMA_CHANGE_BEHAVIOR = CdcSourceOptions.schemaChangeBehavior(ALL,
            SchemaChangeBehavior.class, SchemaChangeBehavior.FAIL, "what a change of the table's columns while streaming"
                    + " does (an `ALTER TABLE` that adds, drops, renames or retypes a column): `fail` stops the job at the first"
                    + " change under the new columns, nothing of it emitted, naming the table and the columns before and"
                    + " after; `ignore` reads on by column name (a declared column that is gone reads as NULL, a new one is"
                    + " not read)");

    public static final ConfigOption<String> SERVER_TIME_ZONE = ALL.optional(key("server-time-zone").stringType()
            .noDefaultValue()
            .withDescription("accepted for mysql-cdc's DDL: TIMESTAMP columns are read as the instants they hold and DATETIME"
                    + " as written, whatever the server's zone"));

    static {
        CdcSourceOptions.stockCompatibility(ALL, "mysql-cdc", "split, parallel and lock-free");
    }

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

    /** How the source's connections use TLS, as MySQL's clients name it (--ssl-mode). */
    public enum SslMode {
        /** Never. */
        DISABLED,
        /** When the server offers it, unverified. */
        PREFERRED,
        /** Always, unverified. */
        REQUIRED,
        /** Always, the server's certificate signed by a trusted CA. */
        VERIFY_CA,
        /** Always, the certificate signed by a trusted CA and issued for the host. */
        VERIFY_IDENTITY;

        /** Whether the server's certificate is checked. */
        public boolean verifies() {
            return this == VERIFY_CA || this == VERIFY_IDENTITY;
        }

        @Override
        public String toString() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
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
