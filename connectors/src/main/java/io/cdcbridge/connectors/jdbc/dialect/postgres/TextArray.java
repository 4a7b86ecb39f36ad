package io.cdcbridge.connectors.jdbc.dialect.postgres;

import io.cdcbridge.connectors.jdbc.dialect.ColumnArrays;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import org.postgresql.util.PGBinaryObject;
import org.postgresql.util.PGobject;

/**
 * A {@code text[]} parameter holding one column's values of a batch, each in its type's PostgreSQL text input form,
 * written straight into PostgreSQL's binary array format; for an integer, date or timestamp column an {@code int4[]},
 * {@code int8[]}, {@code date[]}, {@code timestamp[]} or {@code timestamptz[]} of the values' binary forms, which
 * PostgreSQL takes without parsing text. pgjdbc would take a {@code String[]}, but then every value
 * is first made a String and the array grows byte by byte in a stream: that was half of the writer's time.
 * Sent in binary when the connection sends text arrays so (pgjdbc's default), else as an array literal.
 */
final class TextArray extends PGobject implements PGBinaryObject {

    private static final long serialVersionUID = 1L;
    // PostgreSQL's timestamp: microseconds since 2000-01-01; a value past its range that is not its infinity, which
    // it refuses as out of range, stands for a year it cannot hold
    private static final long POSTGRES_EPOCH_SECONDS = 946_684_800L;
    private static final long OUT_OF_RANGE = Long.MAX_VALUE - 1;
    // PostgreSQL's date: days since 2000-01-01; likewise a value past its range that is not its infinity
    private static final long POSTGRES_EPOCH_DAYS = 10_957L;
    private static final int DATE_OUT_OF_RANGE = Integer.MAX_VALUE - 1;

    /** What an array's elements are: text, or a type in its binary form. */
    enum Element {
        TEXT("text[]", 25), INT4("int4[]", 23), INT8("int8[]", 20), TIMESTAMP("timestamp[]", 1114),
        TIMESTAMPTZ("timestamptz[]", 1184), DATE("date[]", 1082);

        final String arrayType;
        final int oid;

        Element(String arrayType, int oid) {
            this.arrayType = arrayType;
            this.oid = oid;
        }
    }
    private static final int HEADER_BYTES = 20;
    private static final byte[] HEX_DIGITS = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    private byte[] bytes;
    private int length;
    private final Element element;

    /** The text array of {@code values} (the sink's Java values; null stays NULL), in order. */
    static TextArray of(List<?> values) {
        return of(Element.TEXT, values);
    }

    /** The array of {@code element}s of {@code values}, in order. */
    static TextArray of(Element element, List<?> values) {
        Writer writer = new Writer(element, values.size());
        for (Object value : values) writer.add(value);
        return writer.array();
    }

    /** The arrays of a statement's parameters, of these elements, for a batch of {@code rows}, filled row by row. */
    static ColumnArrays columns(List<Element> parameters, int rows) {
        Writer[] writers = new Writer[parameters.size()];
        for (int i = 0; i < writers.length; i++) writers[i] = new Writer(parameters.get(i), rows);
        return new ColumnArrays() {
            @Override
            public void add(int parameter, Object value) {
                writers[parameter].add(value);
            }

            @Override
            public Object array(int parameter) {
                return writers[parameter].array();
            }
        };
    }

    private TextArray(byte[] bytes, int length, Element element) {
        this.bytes = bytes;
        this.length = length;
        this.element = element;
        this.type = element.arrayType;
    }

    @Override
    public int lengthInBytes() {
        return length;
    }

    @Override
    public void toBytes(byte[] target, int offset) {
        System.arraycopy(bytes, 0, target, offset, length);
    }

    @Override
    public void setByteValue(byte[] value, int offset) {
        throw new UnsupportedOperationException("a TextArray is only ever sent");
    }

    /** The array literal, {"a","b",NULL}: what is sent when the connection does not send text arrays in binary. */
    @Override
    public String getValue() {
        StringBuilder literal = new StringBuilder("{");
        int count = readInt(HEADER_BYTES - 8);
        int at = HEADER_BYTES;
        for (int i = 0; i < count; i++) {
            if (i > 0) literal.append(',');
            int size = readInt(at);
            at += 4;
            if (size < 0) {
                literal.append("NULL");
                continue;
            }
            String text = switch (element) {
                case TEXT -> new String(bytes, at, size, StandardCharsets.UTF_8);
                case INT4 -> Integer.toString(readInt(at));
                case INT8 -> Long.toString(readLong(at));
                case TIMESTAMP -> timestampText(readLong(at), "");
                case TIMESTAMPTZ -> timestampText(readLong(at), "+00");
                case DATE -> dateText(readInt(at));
            };
            literal.append('"').append(text.replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
            at += size;
        }
        return literal.append('}').toString();
    }

    private long readLong(int at) {
        return (long) readInt(at) << 32 | readInt(at + 4) & 0xFFFFFFFFL;
    }

    // a timestamp's text as PostgreSQL reads it, from its microseconds (UTC's offset, "+00", for a timestamptz)
    private static String timestampText(long micros, String offset) {
        // refused as out of range, as the binary form is
        if (micros == OUT_OF_RANGE) return "294277-01-01 00:00:00" + offset;
        Writer text = new Writer(Element.TEXT, 1);
        text.putDateTime(LocalDateTime.ofEpochSecond(Math.floorDiv(micros, 1_000_000L) + POSTGRES_EPOCH_SECONDS,
                (int) Math.floorMod(micros, 1_000_000L) * 1000, ZoneOffset.UTC), offset);
        return text.text();
    }

    // a date's text as PostgreSQL reads it, from its days
    private static String dateText(int days) {
        if (days == DATE_OUT_OF_RANGE) return "5874898-01-01"; // refused as out of range, as the binary form is
        Writer text = new Writer(Element.TEXT, 1);
        text.putText(LocalDate.ofEpochDay(days + POSTGRES_EPOCH_DAYS));
        return text.text();
    }

    /** A date as PostgreSQL's days since 2000-01-01; a year it cannot hold as a value it refuses as out of range. */
    static int days(LocalDate d) {
        int year = d.getYear();
        if (year < -4713 || year > 5874897) return DATE_OUT_OF_RANGE;
        return (int) (d.toEpochDay() - POSTGRES_EPOCH_DAYS);
    }

    /**
     * A timestamp as PostgreSQL's microseconds since 2000-01-01, its nanoseconds rounded as PostgreSQL rounds the
     * fraction of a timestamp's text (rint of the fraction, as a double, times a million).
     */
    static long micros(LocalDateTime t) {
        int year = t.getYear();
        if (year < -4713 || year > 294276) return OUT_OF_RANGE;
        int nanos = t.getNano();
        long micros = nanos % 1000 == 0 ? nanos / 1000 : (long) Math.rint(nanos / 1e9 * 1e6);
        return (t.toEpochSecond(ZoneOffset.UTC) - POSTGRES_EPOCH_SECONDS) * 1_000_000L + micros;
    }

    private int readInt(int at) {
        return (bytes[at] & 0xFF) << 24 | (bytes[at + 1] & 0xFF) << 16 | (bytes[at + 2] & 0xFF) << 8 | bytes[at + 3] & 0xFF;
    }

    /**
     * Writes the elements after room for the header, each as its length and its text: digits and dates written
     * directly, the rest through the same text their {@code toString} gives.
     */
    private static final class Writer {
        private final Element element;
        private byte[] bytes;
        private int length = HEADER_BYTES;
        private int count;
        private boolean nulls;

        Writer(Element element, int rows) {
            this.element = element;
            bytes = new byte[HEADER_BYTES + rows * 24];
        }

        // the next element: its value, or NULL
        void add(Object value) {
            count++;
            if (value == null) {
                putInt(-1);
                nulls = true;
                return;
            }
            switch (element) {
                case TEXT -> putValue(value);
                case INT4 -> {
                    putInt(4);
                    putInt(((Number) value).intValue());
                }
                case INT8 -> {
                    putInt(8);
                    putInt64(((Number) value).longValue());
                }
                case TIMESTAMP -> {
                    putInt(8);
                    putInt64(micros((LocalDateTime) value));
                }
                case TIMESTAMPTZ -> {
                    putInt(8);
                    putInt64(micros(LocalDateTime.ofInstant((Instant) value, ZoneOffset.UTC)));
                }
                case DATE -> {
                    putInt(4);
                    putInt(days((LocalDate) value));
                }
            }
        }

        TextArray array() {
            putHeader(count, nulls);
            return new TextArray(bytes, length, element);
        }

        // what was written after the header, as text
        String text() {
            return new String(bytes, HEADER_BYTES, length - HEADER_BYTES, StandardCharsets.UTF_8);
        }

        private void putInt64(long v) {
            putInt((int) (v >>> 32));
            putInt((int) v);
        }

        void putHeader(int count, boolean nulls) {
            setInt(0, 1); // dimensions
            setInt(4, nulls ? 1 : 0);
            setInt(8, element.oid);
            setInt(12, count);
            setInt(16, 1); // lower bound
        }

        void putValue(Object value) {
            int lengthAt = length;
            putInt(0);
            putText(value);
            setInt(lengthAt, length - lengthAt - 4);
        }

        // the value's text as PostgreSQL's input of its type reads it
        private void putText(Object value) {
            if (value instanceof String s) {
                putBytes(s.getBytes(StandardCharsets.UTF_8));
            } else if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
                putLong(((Number) value).longValue());
            } else if (value instanceof LocalDateTime t) {
                putDateTime(t, "");
            } else if (value instanceof Instant i) {
                putDateTime(LocalDateTime.ofInstant(i, ZoneOffset.UTC), "+00");
            } else if (value instanceof LocalDate d) {
                if (putDate(d)) putAscii(" BC");
            } else if (value instanceof LocalTime t) {
                putTime(t);
            } else if (value instanceof BigDecimal d) {
                putAscii(d.toPlainString());
            } else if (value instanceof byte[] b) {
                putHex(b);
            } else if (value instanceof List<?> array) {
                putArray(array);
            } else {
                // Boolean (true/false), Float and Double (NaN and Infinity as PostgreSQL spells them)
                putBytes(String.valueOf(value).getBytes(StandardCharsets.UTF_8));
            }
        }

        // an array literal, {"a",NULL,"b"}: every element quoted, so that no element's text needs more care
        private void putArray(List<?> array) {
            put((byte) '{');
            for (int i = 0; i < array.size(); i++) {
                if (i > 0) put((byte) ',');
                Object element = array.get(i);
                if (element == null) {
                    putAscii("NULL");
                } else if (element instanceof List<?> nested) {
                    putArray(nested);
                } else {
                    int from = length;
                    putText(element);
                    byte[] text = Arrays.copyOfRange(bytes, from, length);
                    length = from;
                    put((byte) '"');
                    for (byte c : text) {
                        if (c == '"' || c == '\\') put((byte) '\\');
                        put(c);
                    }
                    put((byte) '"');
                }
            }
            put((byte) '}');
        }

        private void putDateTime(LocalDateTime t, String offset) {
            boolean bc = putDate(t.toLocalDate());
            put((byte) ' ');
            putTime(t.toLocalTime());
            putAscii(offset);
            if (bc) putAscii(" BC");
        }

        // the date as PostgreSQL writes it, the year of at least 4 digits; true when the year is BC (the caller
        // writes " BC" at the end of the value: 0001 BC is the proleptic year 0)
        private boolean putDate(LocalDate d) {
            int year = d.getYear();
            boolean bc = year < 1;
            int shown = bc ? 1 - year : year;
            putDigits(shown, Math.max(4, digits(shown)));
            put((byte) '-');
            putDigits(d.getMonthValue(), 2);
            put((byte) '-');
            putDigits(d.getDayOfMonth(), 2);
            return bc;
        }

        // HH:mm:ss with the fraction's significant digits, up to nanoseconds (PostgreSQL rounds to microseconds)
        private void putTime(LocalTime t) {
            putDigits(t.getHour(), 2);
            put((byte) ':');
            putDigits(t.getMinute(), 2);
            put((byte) ':');
            putDigits(t.getSecond(), 2);
            int nanos = t.getNano();
            if (nanos == 0) return;
            int digits = 9;
            while (nanos % 10 == 0) {
                nanos /= 10;
                digits--;
            }
            put((byte) '.');
            putDigits(nanos, digits);
        }

        private void putLong(long value) {
            if (value == Long.MIN_VALUE) {
                putAscii(Long.toString(value));
                return;
            }
            if (value < 0) {
                put((byte) '-');
                value = -value;
            }
            if (value <= Integer.MAX_VALUE) {
                // int division is several times cheaper than long division
                putDigits((int) value, digits((int) value));
                return;
            }
            int digits = 10;
            for (long v = value / 10_000_000_000L; v > 0; v /= 10) digits++;
            ensure(digits);
            for (int i = length + digits - 1; i >= length; i--) {
                bytes[i] = (byte) ('0' + value % 10);
                value /= 10;
            }
            length += digits;
        }

        // the number of decimal digits of a non-negative int
        private static int digits(int value) {
            int digits = 1;
            for (int bound = 10; digits < 10 && value >= bound; bound *= 10) digits++;
            return digits;
        }

        // a non-negative number in exactly {@code digits} digits, zero-padded
        private void putDigits(int value, int digits) {
            ensure(digits);
            for (int i = length + digits - 1; i >= length; i--) {
                bytes[i] = (byte) ('0' + value % 10);
                value /= 10;
            }
            length += digits;
        }

        private void putHex(byte[] b) {
            ensure(2 + 2 * b.length);
            bytes[length++] = '\\';
            bytes[length++] = 'x';
            for (byte x : b) {
                bytes[length++] = HEX_DIGITS[(x >> 4) & 0xF];
                bytes[length++] = HEX_DIGITS[x & 0xF];
            }
        }

        private void putAscii(String text) {
            ensure(text.length());
            for (int i = 0; i < text.length(); i++) bytes[length++] = (byte) text.charAt(i);
        }

        private void putBytes(byte[] b) {
            ensure(b.length);
            System.arraycopy(b, 0, bytes, length, b.length);
            length += b.length;
        }

        void putInt(int v) {
            ensure(4);
            setInt(length, v);
            length += 4;
        }

        private void setInt(int at, int v) {
            bytes[at] = (byte) (v >>> 24);
            bytes[at + 1] = (byte) (v >>> 16);
            bytes[at + 2] = (byte) (v >>> 8);
            bytes[at + 3] = (byte) v;
        }

        private void put(byte b) {
            ensure(1);
            bytes[length++] = b;
        }

        private void ensure(int more) {
            if (length + more > bytes.length) bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + more));
        }
    }
}
