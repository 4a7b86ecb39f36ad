package io.cdcbridge.connectors.postgres;

import java.util.Optional;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;

/** The options of the {@code cdcbridge-postgres} table source; names and meanings as postgres-cdc's where they match. */
public final class PostgresSourceOptions {

    /** The database server's host. */
    public static final ConfigOption<String> HOSTNAME = ConfigOptions.key("hostname").stringType().noDefaultValue()
            .withDescription("Host name or IP address of the PostgreSQL server.");

    /** The database server's port. */
    public static final ConfigOption<Integer> PORT = ConfigOptions.key("port").intType().defaultValue(5432)
            .withDescription("Port of the PostgreSQL server.");

    /** The user to log in as; it needs the REPLICATION attribute and SELECT on the table. */
    public static final ConfigOption<String> USERNAME = ConfigOptions.key("username").stringType().noDefaultValue()
            .withDescription("User with REPLICATION and SELECT on the table (and CREATE on the database to create the publication).");

    /** That user's password; never logged. */
    public static final ConfigOption<String> PASSWORD = ConfigOptions.key("password").stringType().noDefaultValue()
            .withDescription("Password of the user; never logged or shown in messages.");

    /** The database holding the table. */
    public static final ConfigOption<String> DATABASE_NAME = ConfigOptions.key("database-name").stringType().noDefaultValue()
            .withDescription("Database holding the table.");

    /** The table's schema, written exactly. */
    public static final ConfigOption<String> SCHEMA_NAME = ConfigOptions.key("schema-name").stringType().noDefaultValue()
            .withDescription("Schema of the table, written exactly (no pattern; names are quoted, so case matters).");

    /** The table, written exactly. */
    public static final ConfigOption<String> TABLE_NAME = ConfigOptions.key("table-name").stringType().noDefaultValue()
            .withDescription("The one table to read, written exactly (no pattern; names are quoted, so case matters).");

    /** The logical replication slot; one per statement. */
    public static final ConfigOption<String> SLOT_NAME = ConfigOptions.key("slot.name").stringType().noDefaultValue()
            .withDescription("Logical replication slot, created with pgoutput if missing; one slot per statement.");

    /** The logical decoding plugin; only pgoutput. */
    public static final ConfigOption<String> DECODING_PLUGIN_NAME = ConfigOptions.key("decoding.plugin.name").stringType()
            .defaultValue("pgoutput")
            .withDescription("Logical decoding plugin: only 'pgoutput' is accepted.");

    /** The publication the slot streams. */
    public static final ConfigOption<String> PUBLICATION_NAME = ConfigOptions.key("publication.name").stringType().noDefaultValue()
            .withDescription("Publication to stream, created FOR TABLE the table if missing; default cdcbridge_<slot.name>.");

    /** The publication a table streams: {@code publication.name}, else {@code cdcbridge_<slot.name>}. */
    public static String publication(String slot, Optional<String> publicationName) {
        return publicationName.orElse("cdcbridge_" + slot);
    }

    /** Where the first start begins. */
    public static final ConfigOption<StartupMode> SCAN_STARTUP_MODE = ConfigOptions.key("scan.startup.mode")
            .enumType(StartupMode.class).defaultValue(StartupMode.INITIAL)
            .withDescription("'initial': snapshot the table, then stream its changes; 'latest-offset': stream changes only.");

    /** Rows per snapshot split. */
    public static final ConfigOption<Integer> CHUNK_SIZE = ConfigOptions.key("scan.incremental.snapshot.chunk.size").intType()
            .defaultValue(50_000)
            .withDescription("Rows per snapshot split (by primary key range; a table whose key is not one integer column is one split).");

    /** The column the snapshot is split by. */
    public static final ConfigOption<String> CHUNK_KEY_COLUMN = ConfigOptions.key("scan.incremental.snapshot.chunk.key-column")
            .stringType().noDefaultValue()
            .withDescription("Integer column to split the snapshot by (e.g. one column of a composite key); default: the primary key when it is one column.");

    /** Which changelog the table is. */
    public static final ConfigOption<ChangelogMode> CHANGELOG_MODE = ConfigOptions.key("changelog-mode")
            .enumType(ChangelogMode.class).defaultValue(ChangelogMode.ALL)
            .withDescription("'all': +I, -U, +U, -D, needs REPLICA IDENTITY FULL; 'upsert': +I, +U, -D by key, any replica identity"
                    + " (Flink keeps the last row of each key to restore the full changelog).");

    /** postgres-cdc's switch to its incremental snapshot; accepted so its DDL works unchanged, always on here. */
    public static final ConfigOption<Boolean> INCREMENTAL_SNAPSHOT_ENABLED = ConfigOptions.key("scan.incremental.snapshot.enabled")
            .booleanType().defaultValue(true)
            .withDescription("Accepted for postgres-cdc compatibility; the snapshot is always split and parallel.");

    /** postgres-cdc's backfill skip; only 'true', the semantics this source has. */
    public static final ConfigOption<Boolean> BACKFILL_SKIP = ConfigOptions.key("scan.incremental.snapshot.backfill.skip")
            .booleanType().defaultValue(true)
            .withDescription("Only 'true': changes made during the snapshot are replayed over it (at least once), never merged into it.");

    /** The changelog a table produces, as postgres-cdc's {@code changelog-mode}. */
    public enum ChangelogMode {
        /** Every change with its old row. */
        ALL,
        /** Changes by key, without old rows. */
        UPSERT;

        @Override
        public String toString() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** Where the first start of a table begins. */
    public enum StartupMode {
        /** Snapshot, then stream. */
        INITIAL,
        /** Stream only, from now (or from the slot's position when this source creates the slot). */
        LATEST_OFFSET;

        @Override
        public String toString() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }
    }

    private PostgresSourceOptions() {}
}
