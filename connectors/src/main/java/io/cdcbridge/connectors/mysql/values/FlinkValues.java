package io.cdcbridge.connectors.mysql.values;

import io.cdcbridge.connectors.mysql.values.MysqlColumn.Kind;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.Set;
import org.apache.flink.table.data.DecimalData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.data.TimestampData;
import org.apache.flink.table.types.logical.DecimalType;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.LogicalTypeRoot;

/**
 * A MySQL column's value (in {@link MysqlColumn}'s Java form) as the Flink column it is declared as holds it, and
 * which declarations each kind of column can be read into (others are refused when the job starts, naming the column).
 */
public final class FlinkValues {

    private static final Set<Kind> NUMBERS = EnumSet.of(Kind.INTEGER, Kind.UNSIGNED_BIGINT, Kind.YEAR, Kind.DECIMAL);

    private FlinkValues() {}

    /** Whether a column of this kind can be read into this Flink type. */
    public static boolean accepts(Kind kind, LogicalType type) {
        if (kind == Kind.UNSUPPORTED) return false;
        return switch (type.getTypeRoot()) {
            case CHAR, VARCHAR -> true;
            case BOOLEAN -> kind == Kind.INTEGER || kind == Kind.BIT;
            case TINYINT, SMALLINT, INTEGER, BIGINT -> NUMBERS.contains(kind) || kind == Kind.BIT;
            case DECIMAL -> NUMBERS.contains(kind);
            case FLOAT, DOUBLE -> NUMBERS.contains(kind) || kind == Kind.FLOAT || kind == Kind.DOUBLE;
            case BINARY, VARBINARY -> kind == Kind.BINARY || kind == Kind.BIT || kind == Kind.TEXT || kind == Kind.JSON;
            case DATE -> kind == Kind.DATE;
            case TIME_WITHOUT_TIME_ZONE -> kind == Kind.TIME;
            case TIMESTAMP_WITHOUT_TIME_ZONE, TIMESTAMP_WITH_LOCAL_TIME_ZONE -> kind == Kind.DATETIME || kind == Kind.TIMESTAMP;
            default -> false;
        };
    }

    /** Whether Flink's type is one this source reads at all (checked when the statement is planned). */
    public static boolean readable(LogicalType type) {
        for (Kind kind : Kind.values()) if (accepts(kind, type)) return true;
        return false;
    }

    /**
     * {@code v} (non-null) as Flink's internal value of {@code type}; an {@link IllegalArgumentException} saying why
     * when it cannot hold it (a number out of range, too many digits).
     */
    public static Object toFlink(Object v, LogicalType type) {
        LogicalTypeRoot root = type.getTypeRoot();
        switch (root) {
            case CHAR, VARCHAR:
                return StringData.fromString(text(v));
            case BOOLEAN:
                return v instanceof byte[] b ? anySet(b) : ((Number) v).longValue() != 0;
            case TINYINT:
                return (byte) whole(v, Byte.MIN_VALUE, Byte.MAX_VALUE, type);
            case SMALLINT:
                return (short) whole(v, Short.MIN_VALUE, Short.MAX_VALUE, type);
            case INTEGER:
                return (int) whole(v, Integer.MIN_VALUE, Integer.MAX_VALUE, type);
            case BIGINT:
                return whole(v, Long.MIN_VALUE, Long.MAX_VALUE, type);
            case DECIMAL: {
                DecimalType d = (DecimalType) type;
                BigDecimal value = v instanceof BigDecimal b ? b : BigDecimal.valueOf(((Number) v).longValue());
                DecimalData data = DecimalData.fromBigDecimal(value, d.getPrecision(), d.getScale());
                if (data == null) throw new IllegalArgumentException("value " + value.toPlainString() + " does not fit " + type);
                return data;
            }
            case FLOAT:
                return ((Number) v).floatValue();
            case DOUBLE:
                return ((Number) v).doubleValue();
            case BINARY, VARBINARY:
                return v instanceof byte[] b ? b : text(v).getBytes(StandardCharsets.UTF_8);
            case DATE:
                return (int) ((LocalDate) v).toEpochDay();
            case TIME_WITHOUT_TIME_ZONE:
                return (int) (((LocalTime) v).toNanoOfDay() / 1_000_000);
            case TIMESTAMP_WITHOUT_TIME_ZONE:
                return v instanceof Instant i ? TimestampData.fromLocalDateTime(LocalDateTime.ofInstant(i, ZoneOffset.UTC))
                        : TimestampData.fromLocalDateTime((LocalDateTime) v);
            case TIMESTAMP_WITH_LOCAL_TIME_ZONE:
                // a DATETIME holds no zone: read as UTC, as mysql-cdc reads it
                return v instanceof Instant i ? TimestampData.fromInstant(i)
                        : TimestampData.fromInstant(((LocalDateTime) v).toInstant(ZoneOffset.UTC));
            default:
                throw new IllegalArgumentException("type " + type + " is not read");
        }
    }

    private static long whole(Object v, long min, long max, LogicalType type) {
        if (v instanceof byte[] bits) {
            long l = 0;
            for (int i = Math.min(bits.length, 8) - 1; i >= 0; i--) l = (l << 8) | (bits[i] & 0xFF);
            v = l;
        }
        long l;
        if (v instanceof BigDecimal b) {
            try {
                l = b.longValueExact();
            } catch (ArithmeticException e) {
                throw new IllegalArgumentException("value " + b.toPlainString() + " does not fit " + type, e);
            }
        } else {
            l = ((Number) v).longValue();
        }
        if (l < min || l > max) throw new IllegalArgumentException("value " + l + " does not fit " + type);
        return l;
    }

    private static boolean anySet(byte[] bytes) {
        for (byte b : bytes) if (b != 0) return true;
        return false;
    }

    private static String text(Object v) {
        if (v instanceof BigDecimal b) return b.toPlainString();
        if (v instanceof byte[] b) return new String(b, StandardCharsets.UTF_8);
        return v.toString();
    }
}
