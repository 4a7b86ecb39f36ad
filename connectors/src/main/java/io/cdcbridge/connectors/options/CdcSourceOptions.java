package io.cdcbridge.connectors.options;

import static org.apache.flink.configuration.ConfigOptions.key;

import org.apache.flink.configuration.ConfigOption;

/**
 * The options cdcbridge's CDC sources (cdcbridge-postgres, cdcbridge-mysql) share, each declared once here and put
 * into a source's {@link OptionSet} by the group it belongs to, in the order the source's README table shows; what a
 * source says of its own (a default port, what its user needs, its startup modes) it passes in.
 */
public final class CdcSourceOptions {

    /**
     * How a source reaches its database.
     *
     * @param password never logged or put in a message
     */
    public record Connection(ConfigOption<String> hostname, ConfigOption<Integer> port, ConfigOption<String> username,
                             ConfigOption<String> password, ConfigOption<String> databaseName) {}

    /** Rows per snapshot split. */
    public static final ConfigOption<Integer> CHUNK_SIZE = key("scan.incremental.snapshot.chunk.size").intType()
            .defaultValue(50_000)
            .withDescription("rows per snapshot split");

    /** The column a snapshot is split by, else the one-column primary key. */
    public static final ConfigOption<String> CHUNK_KEY_COLUMN = key("scan.incremental.snapshot.chunk.key-column")
            .stringType().noDefaultValue()
            .withDescription("the integer column the snapshot is split by (e.g. one column of a composite key); NULLs go to"
                    + " the first split");

    /** Only {@code true}, accepted for the stock connectors' DDL. */
    public static final ConfigOption<Boolean> BACKFILL_SKIP = key("scan.incremental.snapshot.backfill.skip").booleanType()
            .defaultValue(true)
            .withDescription("only `true`: changes made during the snapshot are replayed over it (below)");

    /** Prefix of the stock connectors' Debezium settings: accepted so their DDL works unchanged, and ignored. */
    public static final String DEBEZIUM_PREFIX = "debezium.";

    private CdcSourceOptions() {}

    /**
     * Declares {@code hostname}, {@code port}, {@code username}, {@code password} and {@code database-name}.
     *
     * @param userNeeds what the user needs on the server, as its description goes on after "a user with"
     */
    public static Connection connection(OptionSet set, int defaultPort, String userNeeds) {
        return new Connection(
                set.required(key("hostname").stringType().noDefaultValue()
                        .withDescription("the server's host")),
                set.optional(key("port").intType().defaultValue(defaultPort)
                        .withDescription("the server's port")),
                set.required(key("username").stringType().noDefaultValue()
                        .withDescription("a user with " + userNeeds)),
                set.required(key("password").stringType().noDefaultValue()
                        .withDescription("that user's password; never logged or put in a message")),
                set.required(key("database-name").stringType().noDefaultValue()
                        .withDescription("the database holding the table, written exactly (no patterns)")));
    }

    /** Declares {@code scan.startup.mode}: where a table's first start begins, one of the source's {@code modes}. */
    public static <M extends Enum<M>> ConfigOption<M> startupMode(OptionSet set, Class<M> modes, M initial, String says) {
        return set.optional(key("scan.startup.mode").enumType(modes).defaultValue(initial).withDescription(says));
    }

    /** Declares {@code scan.incremental.snapshot.chunk.size} (at least 1) and {@code scan.incremental.snapshot.chunk.key-column}. */
    public static void snapshotSplits(OptionSet set) {
        set.optional(CHUNK_SIZE, OptionRule.atLeast(1));
        set.derived(CHUNK_KEY_COLUMN, "the primary key, when it is one column");
    }

    /**
     * Declares {@code schema-change.behavior}: what a change of the table's columns while streaming does, one of the
     * source's {@code behaviors}.
     */
    public static <B extends Enum<B>> ConfigOption<B> schemaChangeBehavior(OptionSet set, Class<B> behaviors, B fail, String says) {
        return set.optional(key("schema-change.behavior").enumType(behaviors).defaultValue(fail).withDescription(says));
    }

    /**
     * Declares what the stock connector's DDL may set and the source needs not: {@code scan.incremental.snapshot.enabled},
     * {@code scan.incremental.snapshot.backfill.skip} (only {@code true}) and {@code debezium.*}.
     *
     * @param stock the stock connector (postgres-cdc, mysql-cdc)
     * @param snapshotIs what the source's snapshot always is, e.g. "split and parallel"
     */
    public static void stockCompatibility(OptionSet set, String stock, String snapshotIs) {
        set.optional(key("scan.incremental.snapshot.enabled").booleanType().defaultValue(true)
                .withDescription("accepted for " + stock + "'s DDL; the snapshot is always " + snapshotIs));
        set.optional(BACKFILL_SKIP, OptionRule.only(true));
        set.prefix(DEBEZIUM_PREFIX, "debezium.*", "accepted and ignored (with a warning)");
    }
}
