package io.cdcbridge.verify;

import io.cdcbridge.verify.dialect.Dialect;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * One table of a comparison, and the queries verification runs on it: the bounds of the split value, counts and
 * checksums per bucket, and the normalized rows of some ranges. Every query is rendered once, here.
 */
final class Side implements AutoCloseable {

    /** A bucket's row count and the sum of its rows' hashes. */
    record Bucket(long rows, long hash) {}

    /** A row's key texts, its compared values as texts, and (when asked for) its raw values. */
    record Row(long split, List<String> key, List<String> values, Object[] raw) {}

    final Dialect dialect;
    final Connection connection;
    final TableRef table;
    private final String from;
    private final String filter;
    private final String split;
    private final List<String> keyTexts;
    private final List<String> valueTexts;
    private final List<String> rawColumns;
    private final String rowHash;
    private final boolean splitByKeyColumn;
    private final List<ValueKind> kinds;

    /**
     * How a compared column enters the row hash, chosen for the pair of columns so that both sides render it alike:
     * as a number (integers, dates, timestamps on both sides), as text whose length is written apart (text on both
     * sides), or as its normalized field (anything else).
     */
    enum HashForm {
        NUMBER, TEXT, FIELD;

        static HashForm of(ValueKind source, ValueKind target) {
            if (source == ValueKind.TEXT && target == ValueKind.TEXT) return TEXT;
            if (source == target && (source == ValueKind.INTEGER || source == ValueKind.DATE)) return NUMBER;
            boolean sourceTime = source == ValueKind.TIMESTAMP || source == ValueKind.TIMESTAMP_TZ;
            boolean targetTime = target == ValueKind.TIMESTAMP || target == ValueKind.TIMESTAMP_TZ;
            return sourceTime && targetTime ? NUMBER : FIELD;
        }
    }

    /**
     * @param forms how each column (key, then values) enters the row hash
     */
    Side(Dialect dialect, Connection connection, TableRef table, List<Column> key, List<Column> values, List<HashForm> forms,
         Optional<String> softDelete, boolean splitByKeyColumn, Optional<String> nativeHash) {
        this.dialect = dialect;
        this.connection = connection;
        this.table = table;
        this.from = dialect.table(table.name());
        this.filter = softDelete.map(c -> "NOT " + dialect.isTrue(dialect.quote(c))).orElse("1 = 1");
        this.splitByKeyColumn = splitByKeyColumn;
        this.keyTexts = key.stream().map(c -> dialect.text(dialect.quote(c.name()), c.kind())).toList();
        this.valueTexts = values.stream().map(c -> dialect.text(dialect.quote(c.name()), c.kind())).toList();
        String keyText = dialect.concat(key.stream().map(c -> dialect.hashField(dialect.quote(c.name()), c.kind())).toList());
        this.rowHash = nativeHash.orElse(dialect.hash60(rowText(dialect, java.util.stream.Stream.concat(key.stream(), values.stream()).toList(), forms)));
        this.split = splitByKeyColumn ? dialect.quote(key.get(0).name()) : dialect.hash32(keyText);
        List<String> raw = new ArrayList<>();
        key.forEach(c -> raw.add(dialect.quote(c.name())));
        values.forEach(c -> raw.add(dialect.quote(c.name())));
        this.rawColumns = raw;
        this.kinds = java.util.stream.Stream.concat(key.stream(), values.stream()).map(Column::kind).toList();
    }

    /**
     * The text a row hash is computed over: first a field per column that never holds '|' nor is NULL (numbers, '-' for
     * NULL, normalized fields that carry their own length, a text's length or -1 for NULL), then the texts themselves
     * that are not NULL. Each text's length is known from the fields before, so no two rows render alike, whatever their
     * texts hold; and reading a text as it is, without rendering its length into it, costs a third of what it did on MariaDB.
     */
    private static String rowText(Dialect dialect, List<Column> columns, List<HashForm> forms) {
        List<String> fields = new ArrayList<>();
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < columns.size(); i++) {
            Column c = columns.get(i);
            String q = dialect.quote(c.name());
            switch (forms.get(i)) {
                case NUMBER -> fields.add(dialect.numberField(q, c.kind(), c.nullable()));
                case TEXT -> {
                    String text = dialect.plainText(q, c.type());
                    fields.add(dialect.lengthField(text, c.nullable()));
                    texts.add(text);
                }
                case FIELD -> fields.add(dialect.hashField(q, c.kind()));
            }
        }
        fields.addAll(texts);
        return dialect.joinSkippingNulls(fields);
    }

    /** A value as Java takes it across drivers: times as java.time, JSON and other database types as text. */
    private static Object rawValue(ResultSet rs, int i, ValueKind kind) throws SQLException {
        return switch (kind) {
            case DATE -> rs.getObject(i, java.time.LocalDate.class);
            case TIME -> rs.getObject(i, java.time.LocalTime.class);
            case TIMESTAMP -> rs.getObject(i, java.time.LocalDateTime.class);
            case TIMESTAMP_TZ -> rs.getObject(i, java.time.OffsetDateTime.class);
            case JSON, TEXT -> rs.getString(i);
            case BINARY -> rs.getBytes(i);
            default -> rs.getObject(i);
        };
    }

    /** The least and greatest split value, or null when the table has no rows. */
    long[] bounds() throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(
                "SELECT MIN(" + split + "), MAX(" + split + ") FROM " + from + " WHERE " + filter);
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            long min = rs.getLong(1);
            return rs.wasNull() ? null : new long[] {min, rs.getLong(2)};
        }
    }

    /** Counts and hash sums per bucket ((split - base) DIV width) of the rows within the ranges, computed in the database. */
    Map<Long, Bucket> checksums(long base, long width, List<Range> within) throws SQLException {
        Range only = within.get(0);
        if (within.size() == 1 && Math.floorDiv(only.lo() - base, width) == Math.floorDiv(only.hi() - base, width)) {
            return total(Math.floorDiv(only.lo() - base, width), only);
        }
        String sql = "SELECT b, COUNT(*), " + dialect.xor("h") + " FROM (SELECT " + dialect.divide(split + " - ?", "?") + " AS b, " + rowHash
                + " AS h FROM " + from + " WHERE " + filter + " AND (" + ranges(within.size()) + ")) x GROUP BY b";
        Map<Long, Bucket> buckets = new HashMap<>();
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            int p = 1;
            ps.setLong(p++, base);
            ps.setLong(p++, width);
            bind(ps, p, within);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) buckets.put(rs.getLong(1), new Bucket(rs.getLong(2), rs.getLong(3)));
            }
        }
        return buckets;
    }

    // one bucket within one range: one aggregate, no grouping
    private Map<Long, Bucket> total(long id, Range range) throws SQLException {
        Bucket b = total(connection, new Dialect.Part(split + " BETWEEN ? AND ?", List.of(range.lo(), range.hi())));
        return b.rows() == 0 ? Map.of() : Map.of(id, b);
    }

    /** The count and hash of the rows a predicate selects, on the given connection: one aggregate. */
    Bucket total(Connection on, Dialect.Part part) throws SQLException {
        String sql = "SELECT COUNT(*), " + dialect.xor(rowHash) + " FROM " + from + " WHERE " + filter + " AND " + part.predicate();
        try (PreparedStatement ps = on.prepareStatement(sql)) {
            for (int i = 0; i < part.params().size(); i++) ps.setObject(i + 1, part.params().get(i));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return new Bucket(rs.getLong(1), rs.getLong(2));
            }
        }
    }

    /**
     * The whole table cut into parts for the first pass, as many as the connections (or one where the database runs one
     * query in parallel by itself), each counted and hashed on a connection of its own: by where its rows are stored
     * when the database can (any key; within [lo, hi] when split by key column), else by ranges of the key column,
     * else the whole table at once. A hash split needs no predicate: every key falls in
     * [lo, hi], and computing it would hash every row twice.
     */
    List<Dialect.Part> wholeTable(int connections, long lo, long hi) throws SQLException {
        String within = splitByKeyColumn ? split + " BETWEEN ? AND ?" : "1 = 1";
        List<Object> bounds = splitByKeyColumn ? List.of(lo, hi) : List.of();
        int n = connections < 2 ? 1 : dialect.parts(connection, connections);
        List<Dialect.Part> parts = new ArrayList<>();
        for (Dialect.Part p : dialect.storageParts(connection, table.name(), n)) {
            List<Object> params = new ArrayList<>(p.params());
            params.addAll(bounds);
            parts.add(new Dialect.Part("(" + p.predicate() + ") AND " + within, params));
        }
        if (!parts.isEmpty()) return parts;
        long span = hi - lo + 1;
        if (!splitByKeyColumn || n < 2 || span < n || span <= 0) return List.of(new Dialect.Part(within, bounds));
        for (int i = 0; i < n; i++) {
            long from = lo + Math.floorDiv(span, n) * i;
            long to = i == n - 1 ? hi : lo + Math.floorDiv(span, n) * (i + 1) - 1;
            parts.add(new Dialect.Part(split + " BETWEEN ? AND ?", List.of(from, to)));
        }
        return parts;
    }

    /** Another connection to this side's database, with the same session settings. */
    Connection connect() throws SQLException {
        return dialect.connect(table);
    }

    /** The rows within the ranges, normalized (and raw when asked), each handed over as it is read. */
    void rows(List<Range> within, boolean raw, Consumer<Row> each) throws SQLException {
        List<String> select = new ArrayList<>();
        select.add(split);
        select.addAll(keyTexts);
        select.addAll(valueTexts);
        if (raw) select.addAll(rawColumns);
        String sql = "SELECT " + String.join(", ", select) + " FROM " + from + " WHERE " + filter + " AND (" + ranges(within.size()) + ")";
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            ps.setFetchSize(1000);
            bind(ps, 1, within);
            try (ResultSet rs = ps.executeQuery()) {
                int k = keyTexts.size();
                int v = valueTexts.size();
                while (rs.next()) {
                    List<String> key = new ArrayList<>(k);
                    for (int i = 2; i <= k + 1; i++) key.add(rs.getString(i));
                    List<String> values = new ArrayList<>(v);
                    for (int i = k + 2; i <= k + v + 1; i++) values.add(rs.getString(i));
                    Object[] rawValues = null;
                    if (raw) {
                        rawValues = new Object[rawColumns.size()];
                        for (int i = 0; i < rawValues.length; i++) rawValues[i] = rawValue(rs, k + v + 2 + i, kinds.get(i));
                    }
                    each.accept(new Row(rs.getLong(1), key, values, rawValues));
                }
            }
        }
    }

    /** How far the database's change log is now. */
    Optional<String> position() {
        return dialect.position(connection);
    }

    private String ranges(int n) {
        List<String> or = new ArrayList<>(n);
        for (int i = 0; i < n; i++) or.add(split + " BETWEEN ? AND ?");
        return String.join(" OR ", or);
    }

    private static void bind(PreparedStatement ps, int from, List<Range> ranges) throws SQLException {
        int p = from;
        for (Range r : ranges) {
            ps.setLong(p++, r.lo());
            ps.setLong(p++, r.hi());
        }
    }

    @Override
    public void close() throws SQLException {
        connection.close();
    }
}
