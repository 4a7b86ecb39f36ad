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
}
