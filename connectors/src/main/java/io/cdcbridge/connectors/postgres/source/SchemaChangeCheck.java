package io.cdcbridge.connectors.postgres.source;

import io.cdcbridge.connectors.postgres.PostgresSourceException;
import io.cdcbridge.connectors.postgres.PostgresTable;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.postgresql.replication.LogSequenceNumber;

/**
 * Compares the source table's columns as the stream shows them now (a new relation message) with those it showed
 * before, and tells which changes concern a column the Flink table declares. A column gone is told renamed when
 * another name took its place among the columns (pgoutput lists them in attnum order), dropped when the table has
 * fewer columns.
 */
final class SchemaChangeCheck {

    /** A PostgreSQL type's name from its OID and type modifier. */
    @FunctionalInterface
    interface TypeNames {
        String name(int typeOid, int typeModifier);
    }

    /** One change: its words, and whether a declared column would read wrong (NULL, or another type) after it. */
    record Change(String what, boolean breaking) {}

    private final PostgresTable table;
    private final Set<String> declared;
    private final TypeNames types;

    SchemaChangeCheck(PostgresTable table, TypeNames types) {
        this.table = table;
        this.declared = Set.copyOf(table.columns());
        this.types = types;
    }

    /** The changes from {@code before} to {@code now}, in column order; none when they are equal. */
    List<Change> changes(List<SourceColumn> before, List<SourceColumn> now) {
        Set<String> oldNames = names(before);
        Set<String> newNames = names(now);
        List<Change> changes = new ArrayList<>();
        List<String> renamedTo = new ArrayList<>();
        for (int i = 0; i < before.size(); i++) {
            SourceColumn old = before.get(i);
            boolean declares = declared.contains(old.name());
            SourceColumn current = find(now, old.name());
            if (current == null) {
                if (before.size() == now.size() && !oldNames.contains(now.get(i).name())) {
                    String to = now.get(i).name();
                    renamedTo.add(to);
                    changes.add(new Change("column " + old.name() + " was renamed to " + to,
                            declares && !declared.contains(to)));
                } else {
                    changes.add(new Change("column " + old.name() + (now.size() < before.size() ? " was dropped"
                            : " was dropped or renamed"), declares));
                }
            } else if (old.typeOid() != current.typeOid() || old.typeModifier() != current.typeModifier()) {
                changes.add(new Change("column " + old.name() + " changed type from "
                        + types.name(old.typeOid(), old.typeModifier()) + " to "
                        + types.name(current.typeOid(), current.typeModifier()), declares));
            }
        }
        for (SourceColumn c : now) {
            if (!oldNames.contains(c.name()) && !renamedTo.contains(c.name())) {
                changes.add(new Change("column " + c.name() + " " + types.name(c.typeOid(), c.typeModifier())
                        + " was added", false));
            }
        }
        return changes;
    }

    /** The failure of a stream that met breaking changes in the transaction committing at {@code commitLsn}. */
    PostgresSourceException failure(List<Change> changes, long commitLsn) {
        return failure("while streaming, before a change of the transaction committed at "
                + LogSequenceNumber.valueOf(commitLsn).asString() + ": "
                + changes.stream().map(Change::what).collect(Collectors.joining("; ")));
    }

    /** The declared columns missing from the table's columns {@code seen} as the stream starts (after the snapshot). */
    List<String> missingAtStart(List<SourceColumn> seen) {
        Set<String> present = names(seen);
        return table.columns().stream().filter(c -> !present.contains(c)).toList();
    }

    /** The failure of a stream that starts while these declared columns are no longer in the table. */
    PostgresSourceException failureAtStart(List<String> missing) {
        return failure("since the job started, before its stream: column(s) " + String.join(", ", missing) + " dropped or renamed");
    }

    private PostgresSourceException failure(String when) {
        return new PostgresSourceException("cdcbridge-postgres: the columns of " + table.describe() + " changed "
                + when + ". The table declares " + String.join(", ", table.columns()) + ", so its rows would"
                + " no longer be read as declared; the job stops here, nothing from that change on emitted"
                + " ('schema-change.behavior' = 'fail'). To go on from here: declare the new columns in the table"
                + " (ALTER TABLE ... ADD <column> <type>) and start a new version of the statement from this one's latest"
                + " checkpoint or savepoint, reading old and new names alike (e.g. COALESCE(old_name, new_name)); with"
                + " cdcbridge: cdcbridge evolve <statement> --to <v2.sql> --strategy in-place. Or set"
                + " 'schema-change.behavior' = 'ignore' to read on as the new columns say (a declared column that is gone"
                + " reads as NULL)");
    }

    private static SourceColumn find(List<SourceColumn> columns, String name) {
        for (SourceColumn c : columns) if (c.name().equals(name)) return c;
        return null;
    }

    private static Set<String> names(List<SourceColumn> columns) {
        return columns.stream().map(SourceColumn::name).collect(Collectors.toSet());
    }
}
