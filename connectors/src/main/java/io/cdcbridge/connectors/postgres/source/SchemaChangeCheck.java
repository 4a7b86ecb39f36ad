package io.cdcbridge.connectors.postgres.source;

import io.cdcbridge.connectors.postgres.PostgresSourceException;
import io.cdcbridge.connectors.postgres.PostgresTypes;
import io.cdcbridge.connectors.postgres.PostgresTable;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.RowType;
import org.postgresql.replication.LogSequenceNumber;

/**
 * Compares the source table's columns as the stream shows them now (a new relation message) with those it showed
 * before, and tells which changes concern a column the Flink table declares. A column keeps its number
 * ({@code attnum}) through a rename and a dropped one keeps it in the catalog marked dropped, so where the numbers are
 * known a rename is told from a drop and an add by them; where they are not (a state kept by an older version), a
 * column gone is told renamed when another name took its place (pgoutput lists columns in attnum order), dropped
 * when the table has fewer columns.
 */
final class SchemaChangeCheck {

    /** What the catalog says of the table: type names, and its column numbers now. */
    @FunctionalInterface
    interface Catalog {
        /** A PostgreSQL type's name from its OID and type modifier. */
        String typeName(int typeOid, int typeModifier);

        /** Each column number of the table now with its name, null for a dropped column; empty when unknown. */
        default Map<Integer, String> columnNumbers() {
            return Map.of();
        }
    }

    /** The kinds of change. */
    enum Kind { ADDED, DROPPED, RENAMED, DROPPED_OR_RENAMED, TYPE_CHANGED }

    /**
     * One change of a column ({@code before} null for an added one, {@code after} null for a dropped one), in words,
     * and whether a declared column would read wrong (NULL, or another type) after it.
     */
    record Change(Kind kind, SourceColumn before, SourceColumn after, String what, boolean breaking) {}

    private final SourceConfig config;
    private final PostgresTable table;
    private final Set<String> declared;
    private final Catalog catalog;

    SchemaChangeCheck(SourceConfig config, Catalog catalog) {
        this.config = config;
        this.table = config.table();
        this.declared = Set.copyOf(table.columns());
        this.catalog = catalog;
    }

    /** Whether the columns of a relation message are those the stream showed before (numbers aside). */
    static boolean same(List<SourceColumn> before, List<SourceColumn> now) {
        if (before.size() != now.size()) return false;
        for (int i = 0; i < now.size(); i++) if (!before.get(i).sameShape(now.get(i))) return false;
        return true;
    }

    /**
     * The changes from {@code before} to {@code now} (numbered as the catalog has them now, see
     * {@link SourceColumn#numbered}), in column order; none when they are equal.
     */
    List<Change> changes(List<SourceColumn> before, List<SourceColumn> now, Map<Integer, String> numbers) {
        Set<String> oldNames = names(before);
        List<Change> changes = new ArrayList<>();
        Set<SourceColumn> matched = new HashSet<>();
        for (int i = 0; i < before.size(); i++) {
            SourceColumn old = before.get(i);
            boolean declares = declared.contains(old.name());
            SourceColumn current = sameColumn(old, now);
            if (current != null) {
                matched.add(current);
                if (!current.name().equals(old.name())) {
                    changes.add(new Change(Kind.RENAMED, old, current, "column " + old.name() + " was renamed to "
                            + current.name(), declares && !declared.contains(current.name())));
                }
                if (old.typeOid() != current.typeOid() || old.typeModifier() != current.typeModifier()) {
                    changes.add(new Change(Kind.TYPE_CHANGED, old, current, "column " + current.name() + " changed type from "
                            + type(old) + " to " + type(current), declared.contains(current.name()) || declares));
                }
            } else if (old.number() > 0 && numbers.containsKey(old.number()) && numbers.get(old.number()) == null) {
                changes.add(new Change(Kind.DROPPED, old, null, "column " + old.name() + " was dropped", declares));
            } else if (old.number() == 0 && before.size() == now.size() && now.get(i).number() == 0
                    && !oldNames.contains(now.get(i).name())) {
                // no numbers to go by: the column that took its place
                SourceColumn to = now.get(i);
                matched.add(to);
                changes.add(new Change(Kind.RENAMED, old, to, "column " + old.name() + " was renamed to " + to.name(),
                        declares && !declared.contains(to.name())));
            } else if (old.number() == 0 && now.size() < before.size()) {
                changes.add(new Change(Kind.DROPPED, old, null, "column " + old.name() + " was dropped", declares));
            } else {
                changes.add(new Change(Kind.DROPPED_OR_RENAMED, old, null, "column " + old.name() + " was dropped or renamed",
                        declares));
            }
        }
        for (SourceColumn c : now) {
            if (!matched.contains(c)) {
                changes.add(new Change(Kind.ADDED, null, c, "column " + c.name() + " " + type(c) + " was added", false));
            }
        }
        return changes;
    }

    // the column of now that old is: by number where both have one, else by name
    private static SourceColumn sameColumn(SourceColumn old, List<SourceColumn> now) {
        for (SourceColumn c : now) {
            if (old.number() > 0 && c.number() > 0 ? c.number() == old.number() : c.name().equals(old.name())) return c;
        }
        return null;
    }

    /** The failure of a stream that met breaking changes in the transaction committing at {@code commitLsn}. */
    PostgresSourceException failure(List<Change> changes, long commitLsn) {
        List<Change> breaking = changes.stream().filter(Change::breaking).toList();
        return failure("while streaming, in the transaction committed at " + LogSequenceNumber.valueOf(commitLsn).asString()
                + ": " + changes.stream().map(Change::what).collect(Collectors.joining("; ")),
                breaking.stream().map(c -> c.before().name()).distinct().toList(), wayOn(breaking.get(0)));
    }

    /**
     * The stop of a stream under {@code evolve} before changes a version of the statement carries through (columns
     * added, declared columns widened; no other breaking change among {@code changes}): a {@link SchemaEvolution}
     * whose message ends with the Flink {@code ALTER TABLE}s that declare them. A column of a type with no Flink type
     * here stops it as under {@code fail}. Null when nothing is to change (a widened column the declared Flink type
     * holds already, e.g. varchar(50) to text for a STRING).
     */
    PostgresSourceException evolution(List<Change> changes, long commitLsn) {
        List<String> added = new ArrayList<>();
        List<String> modified = new ArrayList<>();
        for (Change c : changes) {
            boolean adds = undeclaredAddition(c);
            if (!adds && !widening(c)) continue;
            String flink = flinkType(c.after());
            if (flink == null) {
                return failure("while streaming, in the transaction committed at " + LogSequenceNumber.valueOf(commitLsn)
                        .asString() + ": " + c.what() + ", a type 'evolve' has no Flink type for", List.of(c.after().name()),
                        "v2 declaring " + c.after().name() + " with a Flink type that holds " + type(c.after()));
            }
            if (adds) {
                added.add(backticked(c.after().name()) + " " + flink);
                continue;
            }
            LogicalType declaredType = config.physicalType().getTypeAt(config.physicalType().getFieldIndex(c.after().name()));
            if (declaredType.copy(true).asSummaryString().equals(flink)) continue;
            modified.add(backticked(c.after().name()) + " " + flink + (declaredType.isNullable() ? "" : " NOT NULL"));
        }
        if (added.isEmpty() && modified.isEmpty()) return null;
        SchemaChangePolicy policy = config.schemaChanges();
        String flinkTable = backticked(policy.flinkTable() == null ? "<table>" : policy.flinkTable());
        return new SchemaEvolution("cdcbridge-postgres: the columns of " + table.describe() + " changed while streaming,"
                + " in the transaction committed at " + LogSequenceNumber.valueOf(commitLsn).asString() + ": "
                + changes.stream().map(Change::what).collect(Collectors.joining("; ")) + ". 'schema-change.behavior' = '"
                + policy.behavior() + "': the job stops before that change, nothing from it on emitted, for a version of"
                + " statement " + (policy.statement() == null ? "<statement>" : policy.statement()) + " that reads the new"
                + " or widened column(s) from this job's latest checkpoint (its target gains them too where the statement"
                + " passes the table's columns through), with:"
                + (added.isEmpty() ? "" : " ALTER TABLE " + flinkTable + " ADD (" + String.join(", ", added) + ");")
                + (modified.isEmpty() ? "" : " ALTER TABLE " + flinkTable + " MODIFY (" + String.join(", ", modified) + ");"),
                policy.flinkTable(), added, modified);
    }

    /** Whether the change adds a column the table does not declare (one it declares, as a version that evolved does, is read). */
    boolean undeclaredAddition(Change c) {
        return c.kind() == Kind.ADDED && !declared.contains(c.after().name());
    }

    /** Whether the change widens the type of a declared column: every value of the old type is one of the new. */
    boolean widening(Change c) {
        return c.kind() == Kind.TYPE_CHANGED && c.before().name().equals(c.after().name())
                && declared.contains(c.after().name()) && widens(c.before(), c.after());
    }

    // smallint < integer < bigint; real < double precision; varchar(n) < varchar(m > n), varchar, text;
    // numeric(p, s) < numeric(p', s') with no fewer digits before the point nor after it
    static boolean widens(SourceColumn from, SourceColumn to) {
        int a = from.typeOid();
        int b = to.typeOid();
        Integer rankA = INTEGER_RANKS.get(a);
        Integer rankB = INTEGER_RANKS.get(b);
        if (rankA != null && rankB != null) return rankB > rankA;
        if (a == FLOAT4 && b == FLOAT8) return true;
        if (a == VARCHAR && (b == TEXT || b == VARCHAR)) {
            return b == TEXT || to.typeModifier() < 0 || (from.typeModifier() >= 0 && to.typeModifier() > from.typeModifier());
        }
        if (a == NUMERIC && b == NUMERIC && from.typeModifier() >= 4 && to.typeModifier() >= 4) {
            int m = from.typeModifier() - 4;
            int n = to.typeModifier() - 4;
            int p = (m >> 16) & 0xffff;
            int sc = m & 0xffff;
            int p2 = (n >> 16) & 0xffff;
            int sc2 = n & 0xffff;
            return sc2 >= sc && p2 - sc2 >= p - sc && (p2 != p || sc2 != sc);
        }
        return false;
    }

    private static final Map<Integer, Integer> INTEGER_RANKS = Map.of(21, 1, 23, 2, 20, 3);
    private static final int FLOAT4 = 700;
    private static final int FLOAT8 = 701;
    private static final int VARCHAR = 1043;
    private static final int TEXT = 25;

    private static final int NUMERIC = PostgresTypes.NUMERIC;

    private static String flinkType(SourceColumn c) {
        return PostgresTypes.flinkType(c.typeOid(), c.typeModifier());
    }

    private static String backticked(String identifier) {
        return "`" + identifier.replace("`", "``") + "`";
    }

    /** The declared columns missing from the table's columns {@code seen} as the stream starts (after the snapshot). */
    List<String> missingAtStart(List<SourceColumn> seen) {
        Set<String> present = names(seen);
        return table.columns().stream().filter(c -> !present.contains(c)).toList();
    }

    /** The failure of a stream that starts while these declared columns are no longer in the table. */
    PostgresSourceException failureAtStart(List<String> missing) {
        return failure("since the job started, before its stream: column(s) " + String.join(", ", missing)
                + " dropped or renamed", missing, "v2 reading the table's columns as they are now");
    }

    // what v2 must do about the first breaking change
    private String wayOn(Change c) {
        String flinkTable = config.schemaChanges().flinkTable() == null ? "<table>" : config.schemaChanges().flinkTable();
        return switch (c.kind()) {
            // Flink SQL a user runs: names quoted, whatever they hold
            case RENAMED -> "v2 declaring " + c.after().name() + " too (ALTER TABLE " + backticked(flinkTable) + " ADD "
                    + backticked(c.after().name()) + " " + flinkType(c.before().name()) + ") and reading COALESCE("
                    + backticked(c.before().name()) + ", " + backticked(c.after().name()) + ")";
            case TYPE_CHANGED -> "v2 declaring " + c.after().name() + " with a type that holds " + type(c.after());
            default -> "v2 no longer reading " + c.before().name();
        };
    }

    // the what, where and why first: a statement's detail shows the message's first few hundred characters
    private PostgresSourceException failure(String when, List<String> columns, String wayOn) {
        SchemaChangePolicy policy = config.schemaChanges();
        String statement = policy.statement() == null ? "<statement>" : policy.statement();
        return new SchemaChangeFailure("cdcbridge-postgres: the columns of " + table.describe() + " changed " + when
                + ". Declared column(s) " + String.join(", ", columns) + " would no longer be read as declared, so the job"
                + " stops before that change, nothing from it on emitted ('schema-change.behavior' = '" + policy.behavior()
                + "'). To go on, nothing lost: cdcbridge evolve " + statement + " --to v2.sql --strategy in-place, " + wayOn
                + "; it starts from this job's latest checkpoint. 'schema-change.behavior' = 'ignore' reads on instead (a"
                + " column gone reads as NULL)");
    }

    private String flinkType(String column) {
        RowType row = config.physicalType();
        int i = row.getFieldIndex(column);
        return i < 0 ? "<type>" : row.getTypeAt(i).copy(true).asSummaryString();
    }

    private String type(SourceColumn c) {
        return catalog.typeName(c.typeOid(), c.typeModifier());
    }

    private static Set<String> names(List<SourceColumn> columns) {
        return columns.stream().map(SourceColumn::name).collect(Collectors.toSet());
    }
}
