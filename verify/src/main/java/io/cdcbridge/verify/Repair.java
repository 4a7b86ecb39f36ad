package io.cdcbridge.verify;

import io.cdcbridge.verify.dialect.Dialect;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * Rewrites the rows a verification found different, as the sink writes them: a missing or different row is
 * upserted with the source's values (guarded by the version column, so a newer target row is kept), an extra one
 * deleted (or flagged, when the sink soft-deletes). The rows are read again from the source when they are written.
 */
public final class Repair {

    /**
     * What a repair changed.
     *
     * @param upserted rows written with the source's values (the database's count: a row the version guard kept
     *                 is not counted by PostgreSQL)
     * @param deleted rows deleted or flagged as deleted
     * @param gone rows found different that the source no longer holds, nor the target (nothing to do)
     */
    public record Result(long upserted, long deleted, long gone) {}

    private Repair() {}

    /** Repairs the listed mismatches of a verification made with the same mapping. */
    public static Result run(Verifier verifier, Mapping mapping, List<Mismatch> mismatches) throws SQLException {
        if (mapping.note().isPresent()) {
            throw new IllegalArgumentException("repair writes whole rows, and this comparison covers keys and counts only: " + mapping.note().get());
        }
        Verifier.Sides sides = verifier.sides(mapping);
        List<Range> ranges = new ArrayList<>(new LinkedHashSet<>(mismatches.stream().map(Mismatch::range).toList()));
        Map<List<String>, Side.Row> sourceRows = new HashMap<>();
        Map<List<String>, Side.Row> targetRows = new HashMap<>();
        for (int i = 0; i < ranges.size(); i += 200) {
            List<Range> chunk = ranges.subList(i, Math.min(ranges.size(), i + 200));
            sides.source().rows(chunk, true, r -> sourceRows.put(r.key(), r));
            sides.target().rows(chunk, true, r -> targetRows.put(r.key(), r));
        }
        Side t = sides.target();
        Dialect d = t.dialect;
        List<String> table = t.table.name();
        List<String> columns = new ArrayList<>(mapping.all().stream().map(Mapping.Pair::target).toList());
        mapping.softDelete().ifPresent(columns::add);
        List<String> key = mapping.key().stream().map(Mapping.Pair::target).toList();
        long upserted = 0;
        long deleted = 0;
        long gone = 0;
        Connection c = t.connection;
        boolean autoCommit = c.getAutoCommit();
        c.setAutoCommit(false);
        try (PreparedStatement upsert = c.prepareStatement(d.upsert(table, columns, key, mapping.version()));
             PreparedStatement delete = c.prepareStatement(mapping.softDelete().map(f -> d.softDelete(table, key, f)).orElse(d.delete(table, key)))) {
            for (Mismatch m : mismatches) {
                List<String> k = List.copyOf(m.key().values());
                Side.Row s = sourceRows.get(k);
                if (s != null) {
                    Object[] raw = s.raw();
                    for (int i = 0; i < raw.length; i++) upsert.setObject(i + 1, d.bindable(raw[i]));
                    if (mapping.softDelete().isPresent()) upsert.setObject(raw.length + 1, Boolean.FALSE);
                    upserted += Math.min(1, upsert.executeUpdate());
                } else if (targetRows.containsKey(k)) {
                    Object[] raw = targetRows.get(k).raw();
                    for (int i = 0; i < key.size(); i++) delete.setObject(i + 1, raw[i]);
                    deleted += delete.executeUpdate();
                } else {
                    gone++;
                }
            }
            c.commit();
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(autoCommit);
        }
        return new Result(upserted, deleted, gone);
    }

    /**
     * Lists in a new table {@code into}, beside the source, the keys of the source rows a verification found missing or
     * different: the rows to write again where the target is no table (a topic, which its statement writes).
     * The key columns keep the source's types; the keys are written as parameters. Returns how many were listed.
     */
    public static long listKeys(Verifier verifier, Mapping mapping, List<Mismatch> mismatches, TableRef into) throws SQLException {
        Side s = verifier.sides(mapping).source();
        Dialect d = s.dialect;
        List<String> key = mapping.key().stream().map(Mapping.Pair::source).toList();
        String columns = String.join(", ", key.stream().map(d::quote).toList());
        String table = d.table(into.name());
        java.util.Set<List<String>> wanted = new java.util.HashSet<>();
        List<Range> ranges = new ArrayList<>(new LinkedHashSet<>(mismatches.stream().filter(m -> m.kind() != Mismatch.Kind.EXTRA)
                .peek(m -> wanted.add(List.copyOf(m.key().values()))).map(Mismatch::range).toList()));
        Connection c = s.connection;
        try (java.sql.Statement st = c.createStatement()) {
            st.execute("CREATE TABLE " + table + " AS SELECT " + columns + " FROM " + d.table(s.table.name()) + " WHERE 1 = 0");
            st.execute("ALTER TABLE " + table + " ADD PRIMARY KEY (" + columns + ")");
        }
        // the listed mismatches are few (at most Verifier.MAX_LISTED): their keys are read first, then written
        List<Object[]> keys = new ArrayList<>();
        for (int i = 0; i < ranges.size(); i += 200) {
            s.rows(ranges.subList(i, Math.min(ranges.size(), i + 200)), true, r -> {
                if (wanted.remove(r.key())) keys.add(java.util.Arrays.copyOf(r.raw(), key.size()));
            });
        }
        long listed = 0;
        String placeholders = String.join(", ", key.stream().map(k -> "?").toList());
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO " + table + " (" + columns + ") VALUES (" + placeholders + ")")) {
            for (Object[] k : keys) {
                for (int i = 0; i < k.length; i++) insert.setObject(i + 1, d.bindable(k[i]));
                listed += insert.executeUpdate();
            }
        }
        if (!c.getAutoCommit()) c.commit();
        return listed;
    }
}
