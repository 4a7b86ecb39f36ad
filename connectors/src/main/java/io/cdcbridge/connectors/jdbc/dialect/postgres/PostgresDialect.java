package io.cdcbridge.connectors.jdbc.dialect.postgres;

import io.cdcbridge.connectors.jdbc.dialect.Column;
import io.cdcbridge.connectors.jdbc.dialect.ColumnArrays;
import io.cdcbridge.connectors.jdbc.dialect.Delete;
import io.cdcbridge.connectors.jdbc.dialect.Dialect;
import io.cdcbridge.connectors.jdbc.dialect.Failure;
import io.cdcbridge.connectors.jdbc.dialect.Sql;
import io.cdcbridge.connectors.jdbc.dialect.Table;
import io.cdcbridge.connectors.jdbc.dialect.Upsert;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.flink.table.types.logical.ArrayType;
import org.apache.flink.table.types.logical.DecimalType;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.VarCharType;
import org.apache.flink.table.types.logical.utils.LogicalTypeChecks;

/**
 * PostgreSQL. Writes are set-based: a batch is one statement per kind of change, whose parameters are text arrays
 * of a column's values, unnested and cast to the columns' declared types, then upserted with
 * {@code INSERT ... ON CONFLICT (key) DO UPDATE ... WHERE target.version <= EXCLUDED.version}.
 */
public final class PostgresDialect extends Dialect {

    private static final int MAX_IDENTIFIER_BYTES = 63;
    /** The OIDs of the arrays pgjdbc must be told to send in binary: timestamp[], date[] and timestamptz[]. */
    static final String BINARY_ARRAYS = "1115,1182,1185";
    // the server is shutting down or starting, or another transaction was in the way: worth another try
    private static final Set<String> OUTAGE_STATES = Set.of("57P01", "57P02", "57P03", "57014", "53300", "55P03", "40001", "40P01");

    @Override
    public String name() {
        return "postgres";
    }

    @Override
    public boolean accepts(String url) {
        return url.startsWith("jdbc:postgresql:");
    }

    @Override
    public Connection connect(String url, Properties credentials) throws SQLException {
        return open(new org.postgresql.Driver(), url, credentials,
                // timestamp[], date[] and timestamptz[] (OIDs 1115, 1182, 1185) sent in binary too, as the column arrays
                // are (pgjdbc sends int4[] and int8[] so already)
                Map.of("connectTimeout", "10", "tcpKeepAlive", "true", "ApplicationName", "cdcbridge-jdbc",
                        "binaryTransferEnable", BINARY_ARRAYS));
    }

    @Override
    public String quote(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }

    @Override
    public void checkIdentifier(String identifier) {
        if (identifier.indexOf('\0') >= 0) throw new IllegalArgumentException("a PostgreSQL name cannot hold a NUL character");
        // PostgreSQL would cut a longer name silently, and then not find it again
        if (identifier.getBytes(StandardCharsets.UTF_8).length > MAX_IDENTIFIER_BYTES) {
            throw new IllegalArgumentException("'" + identifier + "' is longer than PostgreSQL's " + MAX_IDENTIFIER_BYTES + " bytes for a name");
        }
    }

    @Override
    public String sqlType(LogicalType type, boolean inKey) {
        return switch (type.getTypeRoot()) {
            case CHAR -> "char(" + LogicalTypeChecks.getLength(type) + ")";
            case VARCHAR -> LogicalTypeChecks.getLength(type) == VarCharType.MAX_LENGTH ? "text" : "varchar(" + LogicalTypeChecks.getLength(type) + ")";
            case BOOLEAN -> "boolean";
            case BINARY, VARBINARY -> "bytea";
            case DECIMAL -> "numeric(" + ((DecimalType) type).getPrecision() + ", " + ((DecimalType) type).getScale() + ")";
            case TINYINT, SMALLINT -> "smallint";
            case INTEGER -> "integer";
            case BIGINT -> "bigint";
            case FLOAT -> "real";
            case DOUBLE -> "double precision";
            case DATE -> "date";
            case TIME_WITHOUT_TIME_ZONE -> "time(" + microseconds(type) + ")";
            case TIMESTAMP_WITHOUT_TIME_ZONE -> "timestamp(" + microseconds(type) + ")";
            case TIMESTAMP_WITH_LOCAL_TIME_ZONE -> "timestamp(" + microseconds(type) + ") with time zone";
            // PostgreSQL's arrays have no fixed dimensions: int[] holds a nested ARRAY<ARRAY<INT>> too
            case ARRAY -> sqlType(elementType(type), false).replaceFirst("\\[]$", "") + "[]";
            default -> throw new IllegalArgumentException("cdcbridge-jdbc does not write " + type + " to PostgreSQL");
        };
    }

    // The type a text value is cast to before it is assigned to its column: the declared type without its
    // modifier, since an explicit cast to varchar(5) would cut a value that the assignment must refuse.
    private String castType(Column c) {
        return c.databaseType().orElseGet(() -> castType(c.type()));
    }

    private String castType(LogicalType type) {
        return switch (type.getTypeRoot()) {
            case CHAR, VARCHAR -> "text";
            case DECIMAL -> "numeric";
            case TIME_WITHOUT_TIME_ZONE -> "time";
            case TIMESTAMP_WITHOUT_TIME_ZONE -> "timestamp";
            case TIMESTAMP_WITH_LOCAL_TIME_ZONE -> "timestamptz";
            case ARRAY -> castType(elementType(type)).replaceFirst("\\[]$", "") + "[]";
            default -> sqlType(type, false);
        };
    }

    @Override
    public Sql render(Upsert upsert, int rows) {
        List<Column> in = upsert.inserted();
        StringBuilder sql = new StringBuilder("INSERT INTO ").append(table(upsert.table())).append(" AS \"t\" (")
                .append(columnList(in)).append(")\nSELECT ");
        List<String> values = new ArrayList<>();
        for (int i = 0; i < in.size(); i++) values.add(cast(i, in.get(i)));
        sql.append(String.join(", ", values)).append("\nFROM ").append(unnest(in));
        upsert.unlessTombstoned().ifPresent(tombstones -> {
            Column version = upsert.guard().orElseThrow(() -> new IllegalArgumentException("tombstones need a version column"));
            List<String> match = new ArrayList<>();
            for (Column k : upsert.table().keyColumns()) match.add("\"tb\"." + quote(k.name()) + " = " + cast(position(in, k), k));
            match.add("\"tb\"." + quote(version.name()) + " > " + cast(position(in, version), version));
            sql.append("\nWHERE NOT EXISTS (SELECT 1 FROM ").append(table(tombstones)).append(" AS \"tb\" WHERE ")
                    .append(String.join(" AND ", match)).append(")");
        });
        sql.append("\nON CONFLICT (").append(columnList(upsert.table().keyColumns())).append(") DO ");
        if (upsert.updated().isEmpty()) {
            sql.append("NOTHING");
        } else {
            sql.append("UPDATE SET ").append(upsert.updated().stream()
                    .map(c -> quote(c.name()) + " = EXCLUDED." + quote(c.name())).collect(Collectors.joining(", ")));
            upsert.guard().ifPresent(v -> sql.append("\nWHERE \"t\".").append(quote(v.name())).append(" IS NULL OR \"t\".")
                    .append(quote(v.name())).append(" <= EXCLUDED.").append(quote(v.name())));
        }
        return new Sql(sql.toString(), each(in.size()), Sql.Binding.COLUMN_ARRAYS);
    }

    @Override
    public Sql render(Delete delete, int rows) {
        List<Column> bound = delete.bound();
        List<String> match = new ArrayList<>();
        for (int i = 0; i < delete.table().primaryKey().size(); i++) {
            match.add("\"t\"." + quote(bound.get(i).name()) + " = " + cast(i, bound.get(i)));
        }
        delete.guard().ifPresent(v -> {
            String target = "\"t\"." + quote(v.name());
            match.add("(" + target + " IS NULL OR " + target + " <= " + cast(bound.size() - 1, v) + ")");
        });
        String sql = "DELETE FROM " + table(delete.table()) + " AS \"t\"\nUSING " + unnest(bound)
                + "\nWHERE " + String.join(" AND ", match);
        return new Sql(sql, each(bound.size()), Sql.Binding.COLUMN_ARRAYS);
    }

    private String cast(int index, Column c) {
        return "CAST(\"s\".\"c" + index + "\" AS " + castType(c) + ")";
    }

    // The rows of the column arrays, as "s"("c0", "c1", ...). The unnests sit in a select list, where they run in
    // lockstep and stream their rows; unnest(a, b, ...) in FROM would first copy every row into a tuplestore, which
    // is slower (measured: bench/history/pg-to-pg.md).
    private String unnest(List<Column> columns) {
        List<String> arrays = new ArrayList<>();
        for (int i = 0; i < columns.size(); i++) {
            arrays.add("unnest(CAST(? AS " + element(columns.get(i)).arrayType + ")) AS \"c" + i + "\"");
        }
        return "(SELECT " + String.join(", ", arrays) + ") AS \"s\"";
    }

    @Override
    public Map<String, String> declaredTypes(Connection connection, Table table) throws SQLException {
        // the type without its modifier (see castType); char and bit without one would mean a single character or bit
        return columnTypes(connection, table, "CASE a.atttypid WHEN CAST('bpchar' AS regtype) THEN 'bpchar' WHEN CAST('bit' AS regtype)"
                + " THEN 'varbit' ELSE format_type(a.atttypid, NULL) END");
    }

    @Override
    public Map<String, String> declaredFullTypes(Connection connection, Table table) throws SQLException {
        return columnTypes(connection, table, "format_type(a.atttypid, a.atttypmod)");
    }

    // each column's name with the type expression's value, in column order
    private Map<String, String> columnTypes(Connection connection, Table table, String type) throws SQLException {
        Map<String, String> types = new LinkedHashMap<>();
        try (PreparedStatement s = connection.prepareStatement("SELECT a.attname, " + type + " FROM pg_attribute a"
                + " WHERE a.attrelid = to_regclass(?) AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum")) {
            s.setString(1, table(table));
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) types.put(rs.getString(1), rs.getString(2));
            }
        }
        return types;
    }

    @Override
    public String widenColumn(Table table, Column column) {
        return "ALTER TABLE " + table(table) + " ALTER COLUMN " + quote(column.name()) + " TYPE "
                + sqlType(column.type(), table.primaryKey().contains(column.name()));
    }

    @Override
    public List<String> declaredPrimaryKey(Connection connection, Table table) throws SQLException {
        List<String> key = new ArrayList<>();
        try (PreparedStatement s = connection.prepareStatement("SELECT a.attname FROM pg_index i"
                + " JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey)"
                + " WHERE i.indrelid = to_regclass(?) AND i.indisprimary ORDER BY array_position(CAST(i.indkey AS int2[]), a.attnum)")) {
            s.setString(1, table(table));
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) key.add(rs.getString(1));
            }
        }
        return key;
    }

    @Override
    protected Optional<Failure> classifyOne(SQLException e) {
        String state = e.getSQLState();
        if (state == null) return Optional.empty();
        if (state.startsWith("08") || OUTAGE_STATES.contains(state)) return Optional.of(Failure.OUTAGE);
        // data exceptions (too long, out of range, invalid text) and integrity violations: this row, not the batch
        if (state.startsWith("22") || state.startsWith("23")) return Optional.of(Failure.REJECTED);
        return Optional.of(Failure.FATAL);
    }

    @Override
    public Object bindValue(Object value, LogicalType type) {
        if (value instanceof Instant i) return OffsetDateTime.ofInstant(i, ZoneOffset.UTC);
        if (value instanceof Byte b) return b.shortValue();
        return value;
    }

    @Override
    public ColumnArrays columnArrays(List<Column> parameters, int rows) {
        return TextArray.columns(parameters.stream().map(this::element).toList(), rows);
    }

    // The array a column's values travel in: integers, dates and timestamps in their binary forms when the column
    // takes that type (PostgreSQL parsing a timestamp's text took 0.5 µs, a quarter of its CPU per row on the bench),
    // else text
    private TextArray.Element element(Column c) {
        String cast = castType(c);
        return switch (c.type().getTypeRoot()) {
            case INTEGER -> binaryIf(cast, TextArray.Element.INT4, "integer");
            case BIGINT -> binaryIf(cast, TextArray.Element.INT8, "bigint");
            case DATE -> binaryIf(cast, TextArray.Element.DATE, "date");
            case TIMESTAMP_WITHOUT_TIME_ZONE -> binaryIf(cast, TextArray.Element.TIMESTAMP, "timestamp", "timestamp without time zone");
            case TIMESTAMP_WITH_LOCAL_TIME_ZONE -> binaryIf(cast, TextArray.Element.TIMESTAMPTZ, "timestamptz", "timestamp with time zone");
            default -> TextArray.Element.TEXT;
        };
    }

    // the binary element when the column's type is one of its names, else text
    private static TextArray.Element binaryIf(String cast, TextArray.Element binary, String... names) {
        return List.of(names).contains(cast) ? binary : TextArray.Element.TEXT;
    }

    private static LogicalType elementType(LogicalType type) {
        return ((ArrayType) type).getElementType();
    }

    // PostgreSQL keeps microseconds at the most; Flink's nanoseconds are rounded
    private static int microseconds(LogicalType type) {
        return Math.min(LogicalTypeChecks.getPrecision(type), 6);
    }
}
