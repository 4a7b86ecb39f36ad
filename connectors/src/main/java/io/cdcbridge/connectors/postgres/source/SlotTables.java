package io.cdcbridge.connectors.postgres.source;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.flink.table.api.ValidationException;

/**
 * The tables one source reads through one slot: the cdcbridge-postgres tables of a job that name the same slot, in
 * the order the planner translated them (a row's table is its index here). Filled while the job is translated,
 * read once the source runs. The slot, publication and startup settings are the same for all (checked as each joins).
 */
public final class SlotTables implements Serializable {

    private static final long serialVersionUID = 1L;

    private final List<SourceConfig> tables = new ArrayList<>();

    /** One table's. */
    public static SlotTables of(SourceConfig config) {
        SlotTables tables = new SlotTables();
        tables.add(config);
        return tables;
    }

    /** Adds a table; refuses one whose slot settings differ from those of the tables already in. Returns its index. */
    public synchronized int add(SourceConfig config) {
        if (!tables.isEmpty()) {
            SourceConfig first = tables.get(0);
            String differs = !first.table().endpoint().equals(config.table().endpoint()) ? "connection options"
                    : !Objects.equals(first.publication(), config.publication()) ? "'publication.name'"
                    : first.snapshot() != config.snapshot() || first.snapshotOnly() != config.snapshotOnly() ? "'scan.startup.mode'"
                    : !Objects.equals(first.schemaChanges().newTables(), config.schemaChanges().newTables())
                    || first.schemaChanges().newTables() != null && !first.table().schema().equals(config.table().schema())
                    ? "'new-tables.pattern' (or, with one, their 'schema-name')"
                    : null;
            if (differs != null) {
                throw new ValidationException("cdcbridge-postgres tables " + first.id() + " and " + config.id()
                        + " both read slot '" + config.slot() + "' in one job but differ in their " + differs
                        + ": tables that share a slot share its connection, publication, startup mode and new tables");
            }
            if (ids().contains(config.id())) throw new IllegalStateException("table " + config.id() + " joined twice");
        }
        tables.add(config);
        return tables.size() - 1;
    }

    /** Whether a table of this id is in. */
    public synchronized boolean has(String id) {
        return ids().contains(id);
    }

    /** The tables, by index. */
    public synchronized List<SourceConfig> all() {
        return List.copyOf(tables);
    }

    /** The first table: its endpoint, slot, publication and startup settings are every table's. */
    public synchronized SourceConfig first() {
        return tables.get(0);
    }

    /** The index of the table with this id, -1 if none. */
    public synchronized int indexOf(String id) {
        return ids().indexOf(id);
    }

    /** The ids of the tables, by index. */
    public synchronized List<String> ids() {
        return tables.stream().map(SourceConfig::id).toList();
    }

    /** {@code schema.table in host:port/db}, or {@code N tables through slot 's' in host:port/db}, as messages name them. */
    public synchronized String describe() {
        return tables.size() == 1 ? first().table().describe()
                : tables.size() + " tables through slot '" + first().slot() + "' in " + first().table().endpoint().describe();
    }
}
