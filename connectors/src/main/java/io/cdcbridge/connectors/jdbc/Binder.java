package io.cdcbridge.connectors.jdbc;

import io.cdcbridge.connectors.jdbc.dialect.Column;
import io.cdcbridge.connectors.jdbc.dialect.ColumnArrays;
import io.cdcbridge.connectors.jdbc.dialect.Dialect;
import io.cdcbridge.connectors.jdbc.dialect.Sql;
import io.cdcbridge.connectors.jdbc.dialect.Table;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * Binds a batch's changes to one statement shape and runs it, as the dialect renders the shape: once per batch
 * with one array of a column's values per parameter, once per group of rows bound inline, or as a JDBC batch of
 * one execution per row. A subclass is one shape: its statement and the columns it binds; where each bound
 * column's value comes from is worked out once, here.
 */
abstract class Binder {

    // what MySQL's and PostgreSQL's protocols allow in one statement
    private static final int MAX_PARAMETERS = 65_535;
    // rows per statement that binds rows inline: larger statements were slower on MariaDB (see the sink's README)
    private static final int MAX_GROUP_ROWS = 256;
    // sources of a bound column's value other than a position in the change's values
    private static final int DELETED_FLAG = -1;
    private static final int WRITTEN_AT = -2;

    private final Dialect dialect;
    private final IntFunction<Sql> render;
    private final List<Column> bound;
    private final int[] sources;
    private final Map<Integer, Sql> rendered = new HashMap<>();

    /**
     * @param data the Flink table's columns, as a change holds their values
     * @param model the sink's model, with the database's declared types
     * @param bound the columns the statement binds, in the order its parameters refer to them
     * @param render the statement for a number of rows (only statements binding rows inline depend on it)
     */
    Binder(Dialect dialect, Table data, SinkModel model, List<Column> bound, IntFunction<Sql> render) {
        this.dialect = dialect;
        this.render = render;
        this.bound = List.copyOf(bound);
        this.sources = new int[bound.size()];
        String softDeleted = model.softDeleted.map(Column::name).orElse(null);
        for (int i = 0; i < sources.length; i++) {
            String name = bound.get(i).name();
            if (data.find(name).isPresent()) sources[i] = data.indexOf(name);
            else if (name.equals(softDeleted)) sources[i] = DELETED_FLAG;
            else if (name.equals(SinkModel.DELETED_AT)) sources[i] = WRITTEN_AT;
            else throw new IllegalStateException("no value for column '" + name + "'");
        }
    }

    /** Runs the statement for the rows, in the caller's transaction. */
    final void execute(TargetConnection statements, Connection c, List<Change> rows, LocalDateTime now) throws SQLException {
        for (List<Change> group : groups(rows)) {
            Sql sql = sql(group.size());
            PreparedStatement s = statements.prepare(c, sql);
            if (sql.binding() == Sql.Binding.PER_ROW) {
                s.clearBatch(); // whatever a failed attempt left
                for (Change row : group) {
                    for (int p = 0; p < sql.parameters().size(); p++) {
                        int b = sql.parameters().get(p);
                        s.setObject(p + 1, dialect.bindValue(value(row, b, now), bound.get(b).type()));
                    }
                    s.addBatch();
                }
                s.executeBatch();
            } else {
                bind(s, sql, group, now);
                s.executeUpdate();
            }
        }
    }

    /** The rows in groups that one statement can take: as many as its parameters allow when it binds each row inline. */
    final List<List<Change>> groups(List<Change> rows) {
        if (rows.isEmpty()) return List.of();
        Sql one = sql(1);
        if (one.binding() != Sql.Binding.ROW_GROUPS) return List.of(rows);
        int size = Math.max(1, Math.min(MAX_GROUP_ROWS, MAX_PARAMETERS / Math.max(1, one.parameters().size())));
        List<List<Change>> groups = new ArrayList<>();
        for (int from = 0; from < rows.size(); from += size) groups.add(rows.subList(from, Math.min(rows.size(), from + size)));
        return groups;
    }

    /** Binds all rows at once: one array of a column's values per parameter, or each row's parameters one row after another. */
    final void bind(PreparedStatement s, Sql sql, List<Change> rows, LocalDateTime now) throws SQLException {
        List<Integer> parameters = sql.parameters();
        if (sql.binding() == Sql.Binding.COLUMN_ARRAYS) {
            // row by row: each change is read once for all its columns (column by column, a batch larger than the
            // CPU's cache was fetched from memory once per column)
            int[] columns = parameters.stream().mapToInt(Integer::intValue).toArray();
            ColumnArrays arrays = dialect.columnArrays(parameters.stream().map(bound::get).toList(), rows.size());
            for (Change row : rows) {
                for (int p = 0; p < columns.length; p++) arrays.add(p, value(row, columns[p], now));
            }
            for (int p = 0; p < columns.length; p++) s.setObject(p + 1, arrays.array(p));
        } else {
            int index = 1;
            for (Change row : rows) {
                for (int b : parameters) s.setObject(index++, dialect.bindValue(value(row, b, now), bound.get(b).type()));
            }
        }
    }

    /** The statement for a number of rows, rendered once: batches mostly have the same few sizes. */
    final Sql sql(int rows) {
        if (rendered.size() > 64) rendered.clear();
        return rendered.computeIfAbsent(rows, render::apply);
    }

    // A bound column's value for a change: the row's own, or the soft-delete flag, or when a tombstone was written.
    private Object value(Change change, int boundColumn, LocalDateTime now) {
        int source = sources[boundColumn];
        if (source >= 0) return change.values()[source];
        return source == DELETED_FLAG ? change.isDelete() : now;
    }
}
