package io.cdcbridge.connectors.mysql.values;

import io.cdcbridge.connectors.mysql.MysqlEndpoint;
import io.cdcbridge.connectors.mysql.MysqlSourceException;
import io.cdcbridge.connectors.text.TextValueParser;
import io.cdcbridge.connectors.text.TextValueParsers;
import java.io.Serializable;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.data.TimestampData;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.LogicalTypeRoot;
import org.apache.flink.table.types.logical.RowType;
import org.apache.flink.table.types.logical.TimestampType;
import org.apache.flink.table.types.logical.utils.LogicalTypeChecks;
import org.apache.flink.types.RowKind;

/**
 * Turns the source table's rows into the Flink table's, column by name: a snapshot's result set (its select list
 * the declared columns) or a binlog row (every column of the table, in the table's order). Refuses, when made, a
 * declared column the table lacks or whose type it cannot read into, naming the table and the column; a value a
 * column cannot hold fails the job naming them too.
 */
public final class RowConverter {

    private final String table;
    private final RowType declared;
    private final List<MysqlColumn> columns; // by declared field
    private final LogicalType[] types;
    private final int[] positions; // each declared field's place in a binlog row, -1: not there (reads as NULL)
    private final boolean[] rawText; // text read into a string column: the result set's UTF-8 bytes as they come
    // a date or time read into its Flink type: its text (selected as CHAR) parsed straight into Flink's value, no
    // driver codec looked up and no java.time object made per value; null: read through the driver
    private final TextValueParser[] temporalText;
    // a binlog DATETIME or TIMESTAMP into a Flink timestamp, from its microseconds cut to the declared precision, as
    // the snapshot's text is and Flink keeps it: the unit to cut to, 0 for another column
    private final long[] epochMicrosUnit;
    private final int arity;

    private RowConverter(String table, RowType declared, List<MysqlColumn> columns, int[] positions, int arity) {
        this.table = table;
        this.declared = declared;
        this.columns = columns;
        this.types = declared.getChildren().toArray(LogicalType[]::new);
        this.positions = positions;
        this.rawText = new boolean[types.length];
        this.temporalText = new TextValueParser[types.length];
        this.epochMicrosUnit = new long[types.length];
        for (int i = 0; i < types.length; i++) {
            LogicalTypeRoot root = types[i].getTypeRoot();
            MysqlColumn.Kind kind = columns.get(i).kind();
            rawText[i] = (root == LogicalTypeRoot.CHAR || root == LogicalTypeRoot.VARCHAR)
                    && (kind == MysqlColumn.Kind.TEXT || kind == MysqlColumn.Kind.ENUM || kind == MysqlColumn.Kind.SET);
            boolean timestamp = root == LogicalTypeRoot.TIMESTAMP_WITHOUT_TIME_ZONE || root == LogicalTypeRoot.TIMESTAMP_WITH_LOCAL_TIME_ZONE;
            boolean dateTime = kind == MysqlColumn.Kind.DATETIME || kind == MysqlColumn.Kind.TIMESTAMP;
            // MySQL writes DATE and DATETIME as PostgreSQL's ISO style does; a TIMESTAMP in the session's zone, UTC
            if (timestamp && dateTime) {
                int precision = LogicalTypeChecks.getPrecision(types[i]);
                temporalText[i] = TextValueParsers.forType(new TimestampType(precision));
                epochMicrosUnit[i] = (long) Math.pow(10, 6 - Math.min(6, precision));
            } else if (root == LogicalTypeRoot.DATE && kind == MysqlColumn.Kind.DATE) {
                temporalText[i] = TextValueParsers.forType(types[i]);
            }
        }
        this.arity = arity;
    }

    /** The converter of a table whose columns are {@code catalog} (as information_schema has them). */
    public static RowConverter of(String table, RowType declared, List<MysqlColumn> catalog) {
        return of(table, declared, catalog, 0);
    }

    /** The same, its rows with {@code extra} fields after the declared ones (metadata, set by the caller). */
    public static RowConverter of(String table, RowType declared, List<MysqlColumn> catalog, int extra) {
        List<String> names = catalog.stream().map(MysqlColumn::name).toList();
        List<MysqlColumn> columns = new ArrayList<>();
        int[] positions = new int[declared.getFieldCount()];
        for (int i = 0; i < declared.getFieldCount(); i++) {
            String name = declared.getFieldNames().get(i);
            int at = names.indexOf(name);
            if (at < 0) {
                throw new MysqlSourceException(table + " has no column '" + name + "' (its columns: " + names + ")");
            }
            MysqlColumn c = catalog.get(at);
            LogicalType type = declared.getTypeAt(i);
            if (c.kind() == MysqlColumn.Kind.UNSUPPORTED) {
                throw new MysqlSourceException(table + ": column '" + name + "' is " + c.columnType().toUpperCase()
                        + ", a type cdcbridge-mysql does not read; leave it out of the Flink table");
            }
            if (!FlinkValues.accepts(c.kind(), type)) {
                throw new MysqlSourceException(table + ": column '" + name + "' is " + c.columnType().toUpperCase()
                        + ", which cdcbridge-mysql cannot read into " + type.asSummaryString() + " (declare it as "
                        + suggestion(c.kind()) + ")");
            }
            columns.add(c);
            positions[i] = at;
        }
        return new RowConverter(table, declared, columns, positions, declared.getFieldCount() + extra);
    }

    /**
     * The same declared columns found by name among {@code binlogColumns}, the names of a binlog row's columns (a
     * declared column not among them reads as NULL).
     */
    public RowConverter byNames(List<String> binlogColumns) {
        int[] moved = new int[positions.length];
        for (int i = 0; i < moved.length; i++) moved[i] = binlogColumns.indexOf(declared.getFieldNames().get(i));
        return new RowConverter(table, declared, columns, moved, arity);
    }

    /** The declared columns, quoted, as a snapshot's select list; dates and times read as text (CAST AS CHAR). */
    public String selectList() {
        List<String> select = new ArrayList<>();
        for (int i = 0; i < types.length; i++) {
            String column = MysqlEndpoint.quote(declared.getFieldNames().get(i));
            select.add(temporalText[i] == null ? column : "CAST(" + column + " AS CHAR)");
        }
        return String.join(", ", select);
    }

    /** The current row of a snapshot's result set. */
    public GenericRowData fromSnapshot(ResultSet rs) throws SQLException {
        GenericRowData row = new GenericRowData(RowKind.INSERT, arity);
        for (int i = 0; i < types.length; i++) {
            if (rawText[i]) {
                // the connection's character set is utf8mb4: no String decoded here and encoded again by Flink
                byte[] utf8 = rs.getBytes(i + 1);
                if (utf8 != null) row.setField(i, StringData.fromBytes(utf8));
                continue;
            }
            if (temporalText[i] != null) {
                byte[] text = rs.getBytes(i + 1);
                if (text != null && !zeroDate(text)) row.setField(i, parse(i, text));
                continue;
            }
            Object v = columns.get(i).fromJdbc(rs, i + 1);
            if (v != null) row.setField(i, convert(i, v));
        }
        return row;
    }

    /** A binlog row as a row of {@code kind}. */
    public GenericRowData fromBinlog(Serializable[] cells, RowKind kind) {
        GenericRowData row = new GenericRowData(kind, arity);
        for (int i = 0; i < types.length; i++) {
            int at = positions[i];
            Serializable v = at < 0 || at >= cells.length ? null : cells[at];
            if (v != null && epochMicrosUnit[i] > 0) {
                // a DATETIME's wall time or a TIMESTAMP's instant, both as microseconds since the epoch in UTC
                long micros = ((Number) v).longValue();
                micros -= Math.floorMod(micros, epochMicrosUnit[i]);
                row.setField(i, TimestampData.fromEpochMillis(Math.floorDiv(micros, 1000L), (int) Math.floorMod(micros, 1000L) * 1000));
            } else if (v != null) {
                Object value;
                try {
                    value = columns.get(i).fromBinlog(v);
                } catch (RuntimeException e) {
                    throw refusal(i, v, e);
                }
                row.setField(i, convert(i, value));
            }
        }
        return row;
    }

    // MySQL's zero date (0000-00-00, with or without a time) reads as NULL, as the driver reads it
    private static boolean zeroDate(byte[] text) {
        if (text.length < 10) return false;
        for (int i = 0; i < 10; i++) if (text[i] != (i == 4 || i == 7 ? '-' : '0')) return false;
        return true;
    }

    private Object parse(int i, byte[] text) {
        try {
            return temporalText[i].parse(text, 0, text.length);
        } catch (RuntimeException e) {
            throw refusal(i, TextValueParsers.show(text, 0, text.length), e);
        }
    }

    private Object convert(int i, Object v) {
        try {
            return FlinkValues.toFlink(v, types[i]);
        } catch (RuntimeException e) {
            throw refusal(i, v, e);
        }
    }

    private MysqlSourceException refusal(int i, Object v, RuntimeException e) {
        return new MysqlSourceException(table + ": column '" + declared.getFieldNames().get(i) + "' ("
                + columns.get(i).columnType().toUpperCase() + "): " + (e instanceof IllegalArgumentException
                ? e.getMessage() : "a value of " + v.getClass().getSimpleName() + " cannot be read as " + types[i]), e);
    }

    private static String suggestion(MysqlColumn.Kind kind) {
        return switch (kind) {
            case INTEGER, YEAR -> "TINYINT, SMALLINT, INT, BIGINT or DECIMAL, wide enough";
            case UNSIGNED_BIGINT -> "DECIMAL(20, 0)";
            case DECIMAL -> "DECIMAL(p, s)";
            case FLOAT, DOUBLE -> "FLOAT or DOUBLE";
            case BIT -> "BYTES, BOOLEAN or BIGINT";
            case BINARY -> "BYTES";
            case DATE -> "DATE";
            case TIME -> "TIME";
            case DATETIME, TIMESTAMP -> "TIMESTAMP(p) or TIMESTAMP_LTZ(p)";
            default -> "STRING";
        };
    }
}
