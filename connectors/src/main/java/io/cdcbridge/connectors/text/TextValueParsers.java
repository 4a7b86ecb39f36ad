package io.cdcbridge.connectors.text;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.apache.flink.table.data.DecimalData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.data.TimestampData;
import org.apache.flink.table.types.logical.DecimalType;
import org.apache.flink.table.types.logical.LocalZonedTimestampType;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.TimeType;
import org.apache.flink.table.types.logical.TimestampType;

/**
 * The parsers of SQL text output (PostgreSQL's as pgoutput and COPY send it, DateStyle ISO, bytea_output hex;
 * MariaDB's and MySQL's dates and times, which have the same form) into Flink's internal data, one per Flink column
 * type. They read bytes directly: no String, no DateTimeFormatter on the way for numbers, dates and times.
 */
public final class TextValueParsers {

    private static final long[] POW10 = new long[19];
    static {
        POW10[0] = 1;
        for (int i = 1; i < POW10.length; i++) POW10[i] = POW10[i - 1] * 10;
    }
    private static final int SHOWN_CHARS = 100;
    private static final long SECONDS_PER_DAY = 86_400;
    // days from 0000-03-01 (the start of the shifted proleptic Gregorian calendar below) to 1970-01-01
    private static final long DAYS_0000_03_01_TO_EPOCH = 719_468;
    private static final byte[] BC = " BC".getBytes(StandardCharsets.US_ASCII);

    /** The parser of values of a column of {@code type}; fails with IllegalArgumentException for a type it cannot read. */
    public static TextValueParser forType(LogicalType type) {
        String name = type.asSummaryString();
        switch (type.getTypeRoot()) {
            case BOOLEAN:
                return TextValueParsers::parseBoolean;
            case TINYINT:
                return (b, off, len) -> (byte) parseLong(b, off, len, Byte.MIN_VALUE, Byte.MAX_VALUE, name);
            case SMALLINT:
                return (b, off, len) -> (short) parseLong(b, off, len, Short.MIN_VALUE, Short.MAX_VALUE, name);
            case INTEGER:
                return (b, off, len) -> (int) parseLong(b, off, len, Integer.MIN_VALUE, Integer.MAX_VALUE, name);
            case BIGINT:
                return (b, off, len) -> parseLong(b, off, len, Long.MIN_VALUE, Long.MAX_VALUE, name);
            case FLOAT:
                return (b, off, len) -> (float) parseDouble(b, off, len, true, name);
            case DOUBLE:
                return (b, off, len) -> parseDouble(b, off, len, false, name);
            case DECIMAL: {
                DecimalType decimal = (DecimalType) type;
                int precision = decimal.getPrecision();
                int scale = decimal.getScale();
                return (b, off, len) -> parseDecimal(b, off, len, precision, scale, name);
            }
            case CHAR:
            case VARCHAR:
                // the buffer is reused for the next message: the string must own its bytes
                return (b, off, len) -> StringData.fromBytes(Arrays.copyOfRange(b, off, off + len));
            case BINARY:
            case VARBINARY:
                return TextValueParsers::parseBytea;
            case DATE:
                return TextValueParsers::parseDate;
            case TIME_WITHOUT_TIME_ZONE: {
                int precision = ((TimeType) type).getPrecision();
                return (b, off, len) -> parseTime(b, off, len, precision);
            }
            case TIMESTAMP_WITHOUT_TIME_ZONE: {
                int precision = ((TimestampType) type).getPrecision();
                return (b, off, len) -> parseTimestamp(b, off, len, precision, false, name);
            }
            case TIMESTAMP_WITH_LOCAL_TIME_ZONE: {
                int precision = ((LocalZonedTimestampType) type).getPrecision();
                return (b, off, len) -> parseTimestamp(b, off, len, precision, true, name);
            }
            default:
                throw new IllegalArgumentException("type " + name + " is not supported: text values are read"
                        + " into BOOLEAN, TINYINT, SMALLINT, INT, BIGINT, FLOAT, DOUBLE, DECIMAL, CHAR, VARCHAR, STRING,"
                        + " BINARY, VARBINARY, BYTES, DATE, TIME, TIMESTAMP, TIMESTAMP_LTZ columns");
        }
    }

    /** The value as text for an error message, cut after about 100 characters. */
    public static String show(byte[] b, int off, int len) {
        // decode a bounded prefix only: a value may be megabytes long
        String text = new String(b, off, Math.min(len, SHOWN_CHARS * 4), StandardCharsets.UTF_8);
        if (text.length() <= SHOWN_CHARS && len <= SHOWN_CHARS * 4) return "'" + text + "'";
        return "'" + text.substring(0, Math.min(SHOWN_CHARS, text.length())) + "...' (" + len + " bytes)";
    }

    /** The failure of {@code type}'s parser on the value at {@code off}, saying {@code why}. */
    public static IllegalArgumentException invalid(byte[] b, int off, int len, String type, String why) {
        return new IllegalArgumentException(show(b, off, len) + " is not a valid " + type + ": " + why);
    }

    private static Boolean parseBoolean(byte[] b, int off, int len) {
        if (len == 1 && b[off] == 't') return Boolean.TRUE;
        if (len == 1 && b[off] == 'f') return Boolean.FALSE;
        throw invalid(b, off, len, "BOOLEAN", "expected t or f");
    }

    private static long parseLong(byte[] b, int off, int len, long min, long max, String type) {
        int i = off;
        int end = off + len;
        boolean negative = i < end && b[i] == '-';
        if (negative || i < end && b[i] == '+') i++;
        if (i == end) throw invalid(b, off, len, type, "no digits");
        // accumulate negatively: the negative range is one larger
        long limit = negative ? min : -max;
        long multiplyLimit = limit / 10;
        long value = 0;
        for (; i < end; i++) {
            int digit = b[i] - '0';
            if (digit < 0 || digit > 9) throw invalid(b, off, len, type, "not a whole number");
            if (value < multiplyLimit) throw invalid(b, off, len, type, "out of range");
            value *= 10;
            if (value < limit + digit) throw invalid(b, off, len, type, "out of range");
            value -= digit;
        }
        return negative ? value : -value;
    }

    private static double parseDouble(byte[] b, int off, int len, boolean single, String type) {
        // ASCII only (digits, sign, e, NaN, Infinity): no decoding needed
        String text = new String(b, off, len, StandardCharsets.ISO_8859_1);
        try {
            // a float parsed as a double and then narrowed can round differently
            return single ? Float.parseFloat(text) : Double.parseDouble(text);
        } catch (NumberFormatException e) {
            throw invalid(b, off, len, type, "not a number");
        }
    }

    private static DecimalData parseDecimal(byte[] b, int off, int len, int precision, int scale, String type) {
        if (precision <= 18) {
            DecimalData compact = parseCompactDecimal(b, off, len, precision, scale, type);
            if (compact != null) return compact;
        }
        String text = new String(b, off, len, StandardCharsets.ISO_8859_1);
        if (text.contains("NaN") || text.contains("Infinity")) {
            throw invalid(b, off, len, type, "NaN and Infinity have no DECIMAL value");
        }
        BigDecimal value;
        try {
            value = new BigDecimal(text);
        } catch (NumberFormatException e) {
            throw invalid(b, off, len, type, "not a number");
        }
        // rounds HALF_UP to the scale, null when the precision is too small
        DecimalData decimal = DecimalData.fromBigDecimal(value, precision, scale);
        if (decimal == null) throw invalid(b, off, len, type, "too many digits before the decimal point");
        return decimal;
    }

    /** Plain digits with at most {@code scale} fraction digits, as a long; null when rounding or more care is needed. */
    private static DecimalData parseCompactDecimal(byte[] b, int off, int len, int precision, int scale, String type) {
        int i = off;
        int end = off + len;
        boolean negative = i < end && b[i] == '-';
        if (negative || i < end && b[i] == '+') i++;
        long unscaled = 0;
        int integerDigits = 0; // significant ones
        int fractionDigits = -1; // -1 until the point
        boolean anyDigit = false;
        for (; i < end; i++) {
            byte c = b[i];
            if (c == '.' && fractionDigits < 0) {
                fractionDigits = 0;
                continue;
            }
            if (c < '0' || c > '9') return null;
            anyDigit = true;
            if (fractionDigits >= 0) {
                if (++fractionDigits > scale) return null;
            } else if (integerDigits > 0 || c != '0') {
                if (++integerDigits > precision - scale) {
                    throw invalid(b, off, len, type, "too many digits before the decimal point");
                }
            }
            unscaled = unscaled * 10 + (c - '0');
        }
        if (!anyDigit) return null;
        unscaled *= POW10[scale - Math.max(fractionDigits, 0)];
        return DecimalData.fromUnscaledLong(negative ? -unscaled : unscaled, precision, scale);
    }

    private static byte[] parseBytea(byte[] b, int off, int len) {
        if (len < 2 || b[off] != '\\' || b[off + 1] != 'x') {
            throw invalid(b, off, len, "bytea", "expected the hex format \\x... (bytea_output = 'hex')");
        }
        if ((len & 1) != 0) throw invalid(b, off, len, "bytea", "an odd number of hex digits");
        byte[] bytes = new byte[(len - 2) / 2];
        for (int i = 0, at = off + 2; i < bytes.length; i++, at += 2) {
            int high = Character.digit(b[at], 16);
            int low = Character.digit(b[at + 1], 16);
            if (high < 0 || low < 0) throw invalid(b, off, len, "bytea", "no hex byte at position " + (at - off));
            bytes[i] = (byte) (high << 4 | low);
        }
        return bytes;
    }

    private static Integer parseDate(byte[] b, int off, int len) {
        int end = off + len;
        boolean bc = isBc(b, off, end);
        if (bc) end -= BC.length;
        int yearEnd = yearEnd(b, off, end, "DATE");
        long day = epochDay(b, off, yearEnd, end, bc, "DATE");
        int at = yearEnd + 6;
        if (at != end) throw invalid(b, off, len, "DATE", "unexpected text at position " + (at - off));
        return (int) day;
    }

    private static Integer parseTime(byte[] b, int off, int len, int precision) {
        int end = off + len;
        long nanos = nanoOfDay(b, off, off, end, "TIME");
        int at = off + 8;
        int fractionEnd = fractionEnd(b, at, end);
        if (fractionEnd != end) throw invalid(b, off, len, "TIME", "unexpected text at position " + (fractionEnd - off));
        if (nanos >= SECONDS_PER_DAY * 1_000_000_000L) {
            throw invalid(b, off, len, "TIME", "24:00:00 is past Flink's last TIME, 23:59:59.999");
        }
        nanos += truncate(fraction(b, at, fractionEnd, off, end, "TIME"), Math.min(precision, 3));
        return (int) (nanos / 1_000_000);
    }

    private static TimestampData parseTimestamp(byte[] b, int off, int len, int precision, boolean withOffset, String type) {
        int end = off + len;
        boolean bc = isBc(b, off, end);
        if (bc) end -= BC.length;
        int yearEnd = yearEnd(b, off, end, type);
        long day = epochDay(b, off, yearEnd, end, bc, type);
        int at = yearEnd + 6;
        if (at >= end || b[at] != ' ') throw invalid(b, off, len, type, "expected a space and a time after the date");
        at++;
        long nanos = nanoOfDay(b, off, at, end, type);
        at += 8;
        int fractionEnd = fractionEnd(b, at, end);
        nanos += truncate(fraction(b, at, fractionEnd, off, end, type), precision);
        at = fractionEnd;
        long offsetSeconds = 0;
        if (withOffset) {
            if (at >= end || (b[at] != '+' && b[at] != '-')) {
                throw invalid(b, off, len, type, "expected a UTC offset (+HH, +HH:MM or +HH:MM:SS) after the time");
            }
            int sign = b[at] == '-' ? -1 : 1;
            offsetSeconds = twoDigits(b, at + 1, off, end, type) * 3600L;
            at += 3;
            if (at < end && b[at] == ':') {
                offsetSeconds += twoDigits(b, at + 1, off, end, type) * 60L;
                at += 3;
                if (at < end && b[at] == ':') {
                    offsetSeconds += twoDigits(b, at + 1, off, end, type);
                    at += 3;
                }
            }
            offsetSeconds *= sign;
        }
        if (at != end) throw invalid(b, off, len, type, "unexpected text at position " + (at - off));
        long epochSecond = day * SECONDS_PER_DAY + nanos / 1_000_000_000L - offsetSeconds;
        long nanoOfSecond = nanos % 1_000_000_000L;
        return TimestampData.fromEpochMillis(epochSecond * 1000 + nanoOfSecond / 1_000_000, (int) (nanoOfSecond % 1_000_000));
    }

    // PostgreSQL writes a year before 1 as its year BC with the suffix " BC": 0001 BC is the proleptic year 0
    private static boolean isBc(byte[] b, int off, int end) {
        if (end - off < BC.length) return false;
        for (int i = 0; i < BC.length; i++) if (b[end - BC.length + i] != BC[i]) return false;
        return true;
    }

    /** Where the year of the date at {@code off} ends: PostgreSQL writes 4 digits or more. */
    private static int yearEnd(byte[] b, int off, int end, String type) {
        if (off >= end) throw invalid(b, off, 0, type, "empty");
        int at = off;
        while (at < end && isDigit(b[at])) at++;
        if (at == off) {
            String why = b[off] == 'i' || b[off] == '-' && off + 1 < end && b[off + 1] == 'i'
                    ? "PostgreSQL's infinity has no Flink value" : "expected a date YYYY-MM-DD";
            throw invalid(b, off, end - off, type, why);
        }
        if (at - off < 4 || at - off > 7) throw invalid(b, off, end - off, type, "expected a year of 4 to 7 digits");
        return at;
    }

    /** The day of the date YYYY-MM-DD at {@code off}, whose year ends at {@code yearEnd}; a year BC when {@code bc}. */
    private static long epochDay(byte[] b, int off, int yearEnd, int end, boolean bc, String type) {
        if (yearEnd + 6 > end || b[yearEnd] != '-' || b[yearEnd + 3] != '-') {
            throw invalid(b, off, end - off + (bc ? BC.length : 0), type, "expected a date YYYY-MM-DD");
        }
        int year = 0;
        for (int i = off; i < yearEnd; i++) year = year * 10 + (b[i] - '0');
        if (bc) year = 1 - year;
        int month = twoDigits(b, yearEnd + 1, off, end, type);
        int day = twoDigits(b, yearEnd + 4, off, end, type);
        if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) {
            throw invalid(b, off, end - off + (bc ? BC.length : 0), type, "no such day");
        }
        return epochDay(year, month, day);
    }

    /** Days since 1970-01-01 of a proleptic Gregorian date (year 0 is 1 BC, -1 is 2 BC ...). */
    public static long epochDay(int year, int month, int day) {
        // count from March: the leap day is then the last day of a year, and month lengths repeat every 5 months
        long y = month <= 2 ? year - 1 : year;
        int marchMonth = month <= 2 ? month + 9 : month - 3;
        long days = 365 * y + Math.floorDiv(y, 4) - Math.floorDiv(y, 100) + Math.floorDiv(y, 400) + (153 * marchMonth + 2) / 5 + day - 1;
        return days - DAYS_0000_03_01_TO_EPOCH;
    }

    private static int daysInMonth(int year, int month) {
        if (month == 2) return Math.floorMod(year, 4) == 0 && (Math.floorMod(year, 100) != 0 || Math.floorMod(year, 400) == 0) ? 29 : 28;
        return month == 4 || month == 6 || month == 9 || month == 11 ? 30 : 31;
    }

    /** Nanoseconds of HH:MM:SS at {@code at}, without the fraction. */
    private static long nanoOfDay(byte[] b, int off, int at, int end, String type) {
        if (at + 8 > end || b[at + 2] != ':' || b[at + 5] != ':') {
            throw invalid(b, off, end - off, type, "expected a time HH:MM:SS");
        }
        int hour = twoDigits(b, at, off, end, type);
        int minute = twoDigits(b, at + 3, off, end, type);
        int second = twoDigits(b, at + 6, off, end, type);
        boolean midnightAtEnd = hour == 24 && minute == 0 && second == 0;
        if (hour > 23 && !midnightAtEnd || minute > 59 || second > 59) throw invalid(b, off, end - off, type, "no such time");
        return (hour * 3600L + minute * 60L + second) * 1_000_000_000L;
    }

    /** Where the optional fraction (a point and digits) at {@code at} ends. */
    private static int fractionEnd(byte[] b, int at, int end) {
        if (at >= end || b[at] != '.') return at;
        int i = at + 1;
        while (i < end && isDigit(b[i])) i++;
        return i;
    }

    /** The fraction between {@code at} and {@code fractionEnd} in nanoseconds. */
    private static long fraction(byte[] b, int at, int fractionEnd, int off, int end, String type) {
        if (fractionEnd == at) return 0;
        int digits = fractionEnd - at - 1;
        if (digits < 1 || digits > 9) throw invalid(b, off, end - off, type, "expected 1 to 9 fraction digits");
        long value = 0;
        for (int i = at + 1; i < fractionEnd; i++) value = value * 10 + (b[i] - '0');
        return value * POW10[9 - digits];
    }

    /** Nanoseconds cut to {@code digits} fraction digits, as Flink keeps them for the column's precision. */
    private static long truncate(long nanos, int digits) {
        if (digits >= 9) return nanos;
        long unit = POW10[9 - digits];
        return nanos - nanos % unit;
    }

    private static int twoDigits(byte[] b, int at, int off, int end, String type) {
        if (at + 2 > end || !isDigit(b[at]) || !isDigit(b[at + 1])) {
            throw invalid(b, off, end - off, type, "expected two digits at position " + (at - off));
        }
        return (b[at] - '0') * 10 + (b[at + 1] - '0');
    }

    private static boolean isDigit(byte c) {
        return c >= '0' && c <= '9';
    }

    private TextValueParsers() {}
}
