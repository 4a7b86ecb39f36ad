package io.cdcbridge.connectors.mysql.values;

import com.github.shyiko.mysql.binlog.event.deserialization.json.JsonBinary;
import java.io.IOException;
import java.io.Serializable;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;

/**
 * A column of the source table as information_schema tells it, and how its values read, from the binlog (as
 * mysql-binlog-connector-java decodes them, dates and times as epoch microseconds, strings as bytes) and from a
 * snapshot's result set, into one Java form per kind: Long (integers, unsigned ones by their value), BigDecimal
 * (DECIMAL, BIGINT UNSIGNED beyond a long), Float, Double, String (text, ENUM, SET, JSON), byte[] (binary, BIT least
 * significant byte first as Debezium gives it), LocalDate, LocalTime, LocalDateTime (DATETIME) and Instant (TIMESTAMP).
 */
public final class MysqlColumn implements Serializable {

    private static final long serialVersionUID = 1L;

    /** What a column's values are, whatever their width. */
    public enum Kind { INTEGER, UNSIGNED_BIGINT, DECIMAL, FLOAT, DOUBLE, BIT, TEXT, BINARY, ENUM, SET, JSON, DATE, TIME,
        DATETIME, TIMESTAMP, YEAR, UNSUPPORTED }

    private static final long MICROS_PER_DAY = 86_400_000_000L;

    private final String name;
    private final String dataType;
    private final String columnType;
    private final String charset;
    private final List<String> members;
    // derived once: a value is read per cell
    private final Kind kind;
    private final boolean unsigned;
    private transient Charset javaCharset;

    private MysqlColumn(String name, String dataType, String columnType, String charset, List<String> members) {
        this.name = name;
        this.dataType = dataType;
        this.columnType = columnType;
        this.charset = charset;
        this.members = members;
        this.unsigned = columnType.contains("unsigned");
        this.kind = kind(dataType, unsigned);
    }

    /** A column of information_schema.COLUMNS: its DATA_TYPE, COLUMN_TYPE and CHARACTER_SET_NAME. */
    public static MysqlColumn of(String name, String dataType, String columnType, String charset) {
        String type = dataType.toLowerCase(Locale.ROOT);
        List<String> members = type.equals("enum") || type.equals("set") ? members(columnType) : List.of();
        return new MysqlColumn(name, type, columnType.toLowerCase(Locale.ROOT), charset, members);
    }

    /** Its name. */
    public String name() {
        return name;
    }

    /** Its type as information_schema's COLUMN_TYPE gives it, in lower case. */
    public String columnType() {
        return columnType;
    }

    /** Its kind. */
    public Kind kind() {
        return kind;
    }

    private static Kind kind(String dataType, boolean unsigned) {
        return switch (dataType) {
            case "tinyint", "smallint", "mediumint", "int", "integer" -> Kind.INTEGER;
            case "bigint" -> unsigned ? Kind.UNSIGNED_BIGINT : Kind.INTEGER;
            case "decimal", "numeric" -> Kind.DECIMAL;
            case "float" -> Kind.FLOAT;
            case "double", "real" -> Kind.DOUBLE;
            case "bit" -> Kind.BIT;
            case "char", "varchar", "tinytext", "text", "mediumtext", "longtext" -> Kind.TEXT;
            case "binary", "varbinary", "tinyblob", "blob", "mediumblob", "longblob" -> Kind.BINARY;
            case "enum" -> Kind.ENUM;
            case "set" -> Kind.SET;
            case "json" -> Kind.JSON;
            case "date" -> Kind.DATE;
            case "time" -> Kind.TIME;
            case "datetime" -> Kind.DATETIME;
            case "timestamp" -> Kind.TIMESTAMP;
            case "year" -> Kind.YEAR;
            default -> Kind.UNSUPPORTED;
        };
    }

    /** A binlog cell (non-null) in this column's Java form. */
    public Object fromBinlog(Serializable v) {
        return switch (kind) {
            case INTEGER -> unsigned(((Number) v).longValue());
            case UNSIGNED_BIGINT -> {
                long l = ((Number) v).longValue();
                yield l >= 0 ? (Object) l : new BigDecimal(new BigInteger(Long.toUnsignedString(l)));
            }
            case DECIMAL, FLOAT, DOUBLE -> v;
            case YEAR -> ((Number) v).longValue();
            case BIT -> bits((BitSet) v);
            case TEXT -> v instanceof byte[] b ? new String(b, javaCharset()) : v.toString();
            case BINARY -> v instanceof byte[] ? v : v.toString().getBytes(StandardCharsets.ISO_8859_1);
            case ENUM -> {
                int i = ((Number) v).intValue();
                yield i > 0 && i <= members.size() ? members.get(i - 1) : "";
            }
            case SET -> set(((Number) v).longValue());
            case JSON -> json((byte[]) v);
            case DATE -> LocalDate.ofEpochDay(Math.floorDiv(((Number) v).longValue(), MICROS_PER_DAY));
            case TIME -> LocalTime.ofNanoOfDay(Math.floorMod(((Number) v).longValue(), MICROS_PER_DAY) * 1000);
            case DATETIME -> {
                long micros = ((Number) v).longValue();
                yield LocalDateTime.ofEpochSecond(Math.floorDiv(micros, 1_000_000L),
                        (int) Math.floorMod(micros, 1_000_000L) * 1000, ZoneOffset.UTC);
            }
            case TIMESTAMP -> {
                long micros = ((Number) v).longValue();
                yield Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1000);
            }
            case UNSUPPORTED -> v;
        };
    }

    /** Column {@code i} of a snapshot's row in this column's Java form, null for NULL. */
    public Object fromJdbc(ResultSet rs, int i) throws SQLException {
        Object value = switch (kind) {
            case INTEGER, YEAR -> rs.getLong(i);
            case UNSIGNED_BIGINT -> {
                BigDecimal d = rs.getBigDecimal(i);
                yield d == null ? null : d.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) <= 0 ? (Object) d.longValue() : d;
            }
            case DECIMAL -> rs.getBigDecimal(i);
            case FLOAT -> rs.getFloat(i);
            case DOUBLE -> rs.getDouble(i);
            case BIT -> {
                byte[] b = rs.getBytes(i);
                yield b == null ? null : littleEndian(b);
            }
            case BINARY -> rs.getBytes(i);
            case TEXT, ENUM, SET, JSON, UNSUPPORTED -> rs.getString(i);
            case DATE -> rs.getObject(i, LocalDate.class);
            case TIME -> rs.getObject(i, LocalTime.class);
            case DATETIME -> rs.getObject(i, LocalDateTime.class);
            case TIMESTAMP -> {
                LocalDateTime utc = rs.getObject(i, LocalDateTime.class); // the session is in UTC
                yield utc == null ? null : utc.toInstant(ZoneOffset.UTC);
            }
        };
        return rs.wasNull() ? null : value;
    }

    // the binlog carries a narrower unsigned integer as the signed one of its width
    private Object unsigned(long v) {
        if (v >= 0 || !unsigned) return v;
        return switch (dataType) {
            case "tinyint" -> v & 0xFFL;
            case "smallint" -> v & 0xFFFFL;
            case "mediumint" -> v & 0xFFFFFFL;
            default -> v & 0xFFFFFFFFL;
        };
    }

    private Charset javaCharset() {
        if (javaCharset == null) javaCharset = charsetOf(charset);
        return javaCharset;
    }

    private static Charset charsetOf(String charset) {
        if (charset == null) return StandardCharsets.UTF_8;
        String c = charset.toLowerCase(Locale.ROOT);
        if (c.startsWith("utf8")) return StandardCharsets.UTF_8;
        if (c.equals("latin1")) return Charset.forName("windows-1252"); // MySQL's latin1 is cp1252
        if (c.equals("ascii")) return StandardCharsets.US_ASCII;
        if (c.equals("binary")) return StandardCharsets.ISO_8859_1;
        try {
            return Charset.forName(c);
        } catch (RuntimeException e) {
            return StandardCharsets.UTF_8;
        }
    }

    // BIT(n) in (n + 7) / 8 bytes, least significant first
    private byte[] bits(BitSet bits) {
        byte[] out = new byte[(bitLength() + 7) / 8];
        byte[] set = bits.toByteArray();
        System.arraycopy(set, 0, out, 0, Math.min(set.length, out.length));
        return out;
    }

    private byte[] littleEndian(byte[] bigEndian) {
        byte[] out = new byte[Math.max(bigEndian.length, (bitLength() + 7) / 8)];
        for (int i = 0; i < bigEndian.length; i++) out[i] = bigEndian[bigEndian.length - 1 - i];
        return out;
    }

    private int bitLength() {
        int open = columnType.indexOf('(');
        return open < 0 ? 1 : Integer.parseInt(columnType.substring(open + 1, columnType.indexOf(')', open)).trim());
    }

    private String set(long mask) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < members.size(); i++) {
            if ((mask & (1L << i)) == 0) continue;
            if (!out.isEmpty()) out.append(',');
            out.append(members.get(i));
        }
        return out.toString();
    }

    // MySQL's JSON is binary in the binlog; MariaDB's is text (a LONGTEXT, whose data type information_schema gives).
    // MySQL writes an empty value for a NOT NULL JSON column given none (strict mode off), which it reads as null.
    private static String json(byte[] bytes) {
        if (bytes.length == 0) return "null";
        try {
            return JsonBinary.parseAsString(bytes);
        } catch (IOException e) {
            throw new IllegalArgumentException("unreadable binary JSON: " + e.getMessage(), e);
        }
    }

    // 'a','b''c' of enum('a','b''c') or set(...)
    private static List<String> members(String columnType) {
        List<String> out = new ArrayList<>();
        int i = columnType.indexOf('(') + 1;
        while (i > 0 && i < columnType.length()) {
            if (columnType.charAt(i) != '\'') {
                i++;
                continue;
            }
            StringBuilder member = new StringBuilder();
            i++;
            while (i < columnType.length()) {
                char c = columnType.charAt(i);
                if (c == '\'' && i + 1 < columnType.length() && columnType.charAt(i + 1) == '\'') {
                    member.append('\'');
                    i += 2;
                } else if (c == '\'') {
                    i++;
                    break;
                } else {
                    member.append(c);
                    i++;
                }
            }
            out.add(member.toString());
        }
        return out;
    }
}
