package io.cdcbridge.connectors.postgres;

import static org.apache.flink.configuration.ConfigOptions.key;

import io.cdcbridge.connectors.names.DerivedNames;
import io.cdcbridge.connectors.options.CdcSourceOptions;
import io.cdcbridge.connectors.options.OptionRule;
import io.cdcbridge.connectors.options.OptionSet;
import java.util.Optional;
import org.apache.flink.configuration.ConfigOption;

/**
 * The options of the {@code cdcbridge-postgres} table source, each declared once with its description, default and
 * rule (those cdcbridge-mysql has too in {@link CdcSourceOptions}); names and meanings as postgres-cdc's where they
 * match. The README's option table shows {@link #ALL}.
 */
public final class PostgresSourceOptions {

    /** Every option, in the README's order. */
    public static final OptionSet ALL = new OptionSet();

    /** hostname, port, username, password, database-name. */
    public static final CdcSourceOptions.Connection CONNECTION = CdcSourceOptions.connection(ALL, 5432,
            "REPLICATION and SELECT on the table (and the right to create the publication, see below)");

    public static final ConfigOption<String> SCHEMA_NAME = ALL.required(key("schema-name").stringType().noDefaultValue()
            .withDescription("the table's schema, written exactly (no patterns; names are quoted, so case matters)"));

    public static final ConfigOption<String> TABLE_NAME = ALL.required(key("table-name").stringType().noDefaultValue()
            .withDescription("the one table, written exactly (no patterns; names are quoted, so case matters)"));

    public static final ConfigOption<String> SLOT_NAME = ALL.required(key("slot.name").stringType().noDefaultValue()
            .withDescription("the logical replication slot, created with pgoutput if missing; the tables of one statement (set) that name the"
                    + " same slot are read through it together (below), other statements need slots of their own"));

    public static final ConfigOption<String> PUBLICATION_NAME = ALL.derived(key("publication.name").stringType().noDefaultValue()
            .withDescription("the publication streamed; created `FOR TABLE` the tables that share the slot if missing (with a"
                    + " partitioned table `WITH (publish_via_partition_root = true)`, so its changes come under its own name);"
                    + " an existing one must publish each of them"), "`cdcbridge_<slot.name>`, cut to PostgreSQL's 63 bytes");

    /** The publication a table streams: {@code publication.name}, else {@code cdcbridge_<slot.name>} (cut to 63 bytes). */
    public static String publication(String slot, Optional<String> publicationName) {
        return publicationName.orElseGet(() -> DerivedNames.postgresName("cdcbridge_" + slot));
    }

    public static final ConfigOption<String> DECODING_PLUGIN_NAME = ALL.optional(key("decoding.plugin.name").stringType()
            .defaultValue("pgoutput")
            .withDescription("only `pgoutput` is accepted"), OptionRule.only("pgoutput"));

    public static final ConfigOption<StartupMode> SCAN_STARTUP_MODE = CdcSourceOptions.startupMode(ALL, StartupMode.class,
            StartupMode.INITIAL, "`initial`: snapshot, then stream; `latest-offset`: stream only, from the new slot's consistent"
                    + " point, or from the current WAL end when the slot exists; `snapshot`: the snapshot only, then the"
                    + " source ends (bounded: no slot, no publication, nor REPLICATION or REPLICA IDENTITY needed)");

    static {
        CdcSourceOptions.snapshotSplits(ALL);
    }

    public static final ConfigOption<ChangelogMode> CHANGELOG_MODE = ALL.optional(key("changelog-mode")
            .enumType(ChangelogMode.class).defaultValue(ChangelogMode.ALL)
            .withDescription("`all`: `+I`, `-U`, `+U`, `-D`, needs REPLICA IDENTITY FULL; `upsert`: `+I`, `+U`, `-D` by key,"
                    + " any replica identity (Flink then keeps the last row of each key in state to restore the old rows)"));

    public static final ConfigOption<SchemaChangeBehavior> SCHEMA_CHANGE_BEHAVIOR = CdcSourceOptions.schemaChangeBehavior(ALL,
            SchemaChangeBehavior.class, SchemaChangeBehavior.FAIL, "what a change of the table's columns while streaming does"
                    + " to a column the table declares (dropped, renamed to a name it does not declare, type changed): `fail`"
                    + " stops the job at the change, nothing after it emitted, naming table, column and change; `ignore` reads"
                    + " on (a declared column that is gone reads as NULL); `evolve` stops the job at an added column too, its"
                    + " message naming the `ALTER TABLE` that declares it, from which cdcbridge starts a version of the"
                    + " statement that reads it (anything else as `fail`)");

    public static final ConfigOption<String> NEW_TABLES_PATTERN = ALL.optional(key("new-tables.pattern").stringType()
            .noDefaultValue()
            .withDescription("a regular expression over the table names of `schema-name` (the whole name matches): the"
                    + " publication is created `FOR TABLES IN SCHEMA` (PostgreSQL 15 on), so a table created later is in"
                    + " the stream, and a change of a matching table the statement does not read is a schema change"
                    + " (`schema-change.behavior`): `fail` stops the job before it, naming the table, `ignore` skips it,"
                    + " `evolve` stops the job for a version that reads the table too; the same for every table of the slot;"
                    + " `CREATE DATABASE ... AS DATABASE` sets it"), OptionRule.regularExpression());

    static {
        CdcSourceOptions.stockCompatibility(ALL, "postgres-cdc", "split and parallel");
    }

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

    /** What a change of the source table's columns does, as Flink CDC's {@code schema.change.behavior} where it matches. */
    public enum SchemaChangeBehavior {
        /** Stop at the change. */
        FAIL,
        /** Read on as the new columns say. */
        IGNORE,
        /** Stop at an added column for a version that reads it (cdcbridge starts it); anything else as FAIL. */
        EVOLVE;

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
        LATEST_OFFSET,
        /** The snapshot only, then the source ends: no slot, no publication (a bounded read, e.g. a preview). */
        SNAPSHOT;

        @Override
        public String toString() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }
    }

    private PostgresSourceOptions() {}
}
