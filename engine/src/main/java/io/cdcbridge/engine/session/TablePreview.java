package io.cdcbridge.engine.session;

import java.util.Optional;
import java.util.Set;

/**
 * What a SELECT preview reads instead of a PostgreSQL CDC table: the same table read once by {@code cdcbridge-postgres}
 * with {@code scan.startup.mode} {@code snapshot}, as a temporary table of the same name shadowing it in the preview's
 * session. A preview then shows the table's rows as they are and ends, and creates no replication slot (one would
 * hold WAL after the preview, or clash with the slot of the statement that streams the table).
 */
public final class TablePreview {

    private static final Set<String> CDC = Set.of("cdcbridge-postgres", "postgres-cdc");

    private TablePreview() {}

    /** The CREATE TEMPORARY TABLE that shadows {@code table} for a preview, when its connector streams a slot. */
    public static Optional<String> shadow(String table, java.util.Map<String, String> options) {
        if (!CDC.contains(options.getOrDefault("connector", ""))) return Optional.empty();
        String name = "`" + table.replace("`", "``") + "`";
        return Optional.of("CREATE TEMPORARY TABLE " + name + " WITH ('connector' = 'cdcbridge-postgres',"
                + " 'scan.startup.mode' = 'snapshot') LIKE " + name + " (OVERWRITING OPTIONS)");
    }
}
