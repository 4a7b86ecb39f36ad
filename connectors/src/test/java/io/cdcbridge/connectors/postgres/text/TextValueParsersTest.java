package io.cdcbridge.connectors.postgres.text;

import static io.cdcbridge.connectors.postgres.text.InternalValues.decimal;
import static io.cdcbridge.connectors.postgres.text.InternalValues.days;
import static io.cdcbridge.connectors.postgres.text.InternalValues.millisOfDay;
import static io.cdcbridge.connectors.postgres.text.InternalValues.instant;
import static io.cdcbridge.connectors.postgres.text.InternalValues.string;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cdcbridge.connectors.postgres.pgoutput.Relation;
import io.cdcbridge.connectors.postgres.pgoutput.TupleData;
import io.cdcbridge.connectors.text.TextValueParsers;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import org.apache.flink.table.api.DataTypes;
import org.apache.flink.table.data.GenericArrayData;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.data.TimestampData;
import org.apache.flink.table.types.DataType;
import org.apache.flink.table.types.logical.RowType;
import org.apache.flink.types.RowKind;
import org.junit.jupiter.api.Test;

/** The text value parsers' edge cases and error messages, and the converter's checks of its columns. */
class TextValueParsersTest {

    @Test
    void booleans() {
        assertThat(parse(DataTypes.BOOLEAN(), "t")).isEqualTo(true);
        assertThat(parse(DataTypes.BOOLEAN(), "f")).isEqualTo(false);
        assertFails(DataTypes.BOOLEAN(), "true", "'true' is not a valid BOOLEAN: expected t or f");
    }

    @Test
    void wholeNumbersToTheLimitsOfTheirTypes() {
        assertThat(parse(DataTypes.TINYINT(), "-128")).isEqualTo((byte) -128);
        assertThat(parse(DataTypes.TINYINT(), "127")).isEqualTo((byte) 127);
        assertThat(parse(DataTypes.SMALLINT(), "-32768")).isEqualTo((short) -32768);
        assertThat(parse(DataTypes.INT(), "2147483647")).isEqualTo(Integer.MAX_VALUE);
        assertThat(parse(DataTypes.INT(), "-2147483648")).isEqualTo(Integer.MIN_VALUE);
        assertThat(parse(DataTypes.INT(), "0")).isEqualTo(0);
        assertThat(parse(DataTypes.INT(), "+7")).isEqualTo(7);
        assertThat(parse(DataTypes.BIGINT(), "-9223372036854775808")).isEqualTo(Long.MIN_VALUE);
        assertThat(parse(DataTypes.BIGINT(), "9223372036854775807")).isEqualTo(Long.MAX_VALUE);
        assertFails(DataTypes.TINYINT(), "128", "'128' is not a valid TINYINT: out of range");
        assertFails(DataTypes.SMALLINT(), "32768", "'32768' is not a valid SMALLINT: out of range");
        assertFails(DataTypes.INT(), "2147483648", "'2147483648' is not a valid INT: out of range");
        assertFails(DataTypes.BIGINT(), "9223372036854775808", "out of range");
        assertFails(DataTypes.BIGINT(), "-92233720368547758080", "out of range");
        assertFails(DataTypes.INT(), "", "'' is not a valid INT: no digits");
        assertFails(DataTypes.INT(), "-", "no digits");
        assertFails(DataTypes.INT(), "1.5", "'1.5' is not a valid INT: not a whole number");
    }

    @Test
    void floatingPointWithNanAndInfinities() {
        assertThat(parse(DataTypes.FLOAT(), "3.14")).isEqualTo(3.14f);
        assertThat(parse(DataTypes.FLOAT(), "-Infinity")).isEqualTo(Float.NEGATIVE_INFINITY);
        assertThat(parse(DataTypes.FLOAT(), "3.4028235e+38")).isEqualTo(Float.MAX_VALUE);
        assertThat(parse(DataTypes.DOUBLE(), "NaN")).isEqualTo(Double.NaN);
        assertThat(parse(DataTypes.DOUBLE(), "Infinity")).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(parse(DataTypes.DOUBLE(), "-2.5e-300")).isEqualTo(-2.5e-300);
        assertThat(parse(DataTypes.DOUBLE(), "0.1")).isEqualTo(0.1);
        assertFails(DataTypes.DOUBLE(), "1,5", "'1,5' is not a valid DOUBLE: not a number");
    }

    @Test
    void decimalsCompactAndLarge() {
        assertThat(parse(DataTypes.DECIMAL(10, 3), "-1234567.891")).isEqualTo(decimal("-1234567.891", 10, 3));
        assertThat(parse(DataTypes.DECIMAL(10, 3), "-0.5")).isEqualTo(decimal("-0.500", 10, 3));
        assertThat(parse(DataTypes.DECIMAL(10, 3), "42")).isEqualTo(decimal("42.000", 10, 3));
        assertThat(parse(DataTypes.DECIMAL(10, 3), "0000042.1")).isEqualTo(decimal("42.100", 10, 3));
        assertThat(parse(DataTypes.DECIMAL(18, 0), "999999999999999999")).isEqualTo(decimal("999999999999999999", 18, 0));
        // more fraction digits than the scale: rounded half up, as Flink's casts do
        assertThat(parse(DataTypes.DECIMAL(10, 3), "1.23450")).isEqualTo(decimal("1.235", 10, 3));
        assertThat(parse(DataTypes.DECIMAL(38, 10), "-123456789012345678901234567.0000000001"))
                .isEqualTo(decimal("-123456789012345678901234567.0000000001", 38, 10));
        assertThat(parse(DataTypes.DECIMAL(30, 5), "0.00001")).isEqualTo(decimal("0.00001", 30, 5));
        assertFails(DataTypes.DECIMAL(5, 2), "1234.5", "'1234.5' is not a valid DECIMAL(5, 2): too many digits before the decimal point");
        assertFails(DataTypes.DECIMAL(30, 2), "1234567890123456789012345678901", "too many digits before the decimal point");
        assertFails(DataTypes.DECIMAL(10, 2), "NaN", "'NaN' is not a valid DECIMAL(10, 2): NaN and Infinity have no DECIMAL value");
        assertFails(DataTypes.DECIMAL(30, 2), "-Infinity", "NaN and Infinity have no DECIMAL value");
        assertFails(DataTypes.DECIMAL(10, 2), "12a", "'12a' is not a valid DECIMAL(10, 2): not a number");
    }

    @Test
    void stringsOwnTheirBytes() {
        byte[] buffer = "xxGrüße, 東京 🚀yy".getBytes(StandardCharsets.UTF_8);
        Object value = TextValueParsers.forType(DataTypes.STRING().getLogicalType()).parse(buffer, 2, buffer.length - 4);
        buffer[2] = 'X'; // the buffer is reused for the next message
        assertThat(value).isEqualTo(StringData.fromString("Grüße, 東京 🚀"));
        assertThat(parse(DataTypes.CHAR(5), "ab   ")).isEqualTo(StringData.fromString("ab   "));
        assertThat(parse(DataTypes.VARCHAR(3), "")).isEqualTo(StringData.fromString(""));
    }

    @Test
    void byteaInHex() {
        assertThat((byte[]) parse(DataTypes.BYTES(), "\\x000aff7F")).containsExactly(0, 10, -1, 127);
        assertThat((byte[]) parse(DataTypes.VARBINARY(4), "\\x")).isEmpty();
        assertThat((byte[]) parse(DataTypes.BINARY(1), "\\x0a")).containsExactly(10);
        assertFails(DataTypes.BYTES(), "\\000", "'\\000' is not a valid bytea: expected the hex format \\x... (bytea_output = 'hex')");
        assertFails(DataTypes.BYTES(), "\\x0", "an odd number of hex digits");
        assertFails(DataTypes.BYTES(), "\\x0g", "no hex byte at position 2");
    }

    @Test
    void dates() {
        assertThat(parse(DataTypes.DATE(), "1970-01-01")).isEqualTo(0);
        assertThat(parse(DataTypes.DATE(), "2026-11-23")).isEqualTo(days("2026-11-23"));
        assertThat(parse(DataTypes.DATE(), "2024-02-29")).isEqualTo(days("2024-02-29"));
        assertThat(parse(DataTypes.DATE(), "1969-12-31")).isEqualTo(-1);
        assertThat(parse(DataTypes.DATE(), "0001-01-01")).isEqualTo(days("0001-01-01"));
        assertThat(parse(DataTypes.DATE(), "1900-03-01")).isEqualTo(days("1900-03-01"));
        assertThat(parse(DataTypes.DATE(), "2000-02-29")).isEqualTo(days("2000-02-29"));
        assertThat(parse(DataTypes.DATE(), "12345-06-07")).isEqualTo(days("+12345-06-07"));
        // every day of four centuries, and of the four before year 1, against java.time
        for (long[] range : new long[][] {{days("1899-12-01"), days("2301-01-01")}, {days("-0401-01-01"), days("0002-01-01")}}) {
            for (long day = range[0]; day < range[1]; day++) {
                LocalDate date = LocalDate.ofEpochDay(day);
                assertThat(TextValueParsers.epochDay(date.getYear(), date.getMonthValue(), date.getDayOfMonth())).isEqualTo(day);
            }
        }
        assertFails(DataTypes.DATE(), "2023-02-29", "'2023-02-29' is not a valid DATE: no such day");
        assertFails(DataTypes.DATE(), "1900-02-29", "no such day");
        assertFails(DataTypes.DATE(), "2023-13-01", "no such day");
        // PostgreSQL's 1 BC is the proleptic year 0, as java.time counts
        assertThat(parse(DataTypes.DATE(), "0044-03-15 BC")).isEqualTo(days("-0043-03-15"));
        assertThat(parse(DataTypes.DATE(), "0001-12-31 BC")).isEqualTo(days("0000-12-31"));
        assertThat(parse(DataTypes.DATE(), "0001-02-29 BC")).isEqualTo(days("0000-02-29"));
        assertThat(parse(DataTypes.DATE(), "4713-01-01 BC")).isEqualTo(days("-4712-01-01"));
        assertFails(DataTypes.DATE(), "0002-02-29 BC", "'0002-02-29 BC' is not a valid DATE: no such day");
        assertFails(DataTypes.DATE(), "infinity", "'infinity' is not a valid DATE: PostgreSQL's infinity has no Flink value");
        assertFails(DataTypes.DATE(), "-infinity", "'-infinity' is not a valid DATE: PostgreSQL's infinity has no Flink value");
        assertFails(DataTypes.DATE(), "23-11-2026", "expected a year of 4 to 7 digits");
        assertFails(DataTypes.DATE(), "2026/11/23", "expected a date YYYY-MM-DD");
        assertFails(DataTypes.DATE(), "", "'' is not a valid DATE: empty");
    }

    @Test
    void timesToMillisecondsOfTheDay() {
        assertThat(parse(DataTypes.TIME(3), "20:23:08.123456")).isEqualTo(millisOfDay("20:23:08.123"));
        assertThat(parse(DataTypes.TIME(0), "20:23:08.999")).isEqualTo(millisOfDay("20:23:08"));
        assertThat(parse(DataTypes.TIME(3), "00:00:00")).isEqualTo(0);
        assertThat(parse(DataTypes.TIME(3), "23:59:59.9")).isEqualTo(millisOfDay("23:59:59.900"));
        assertFails(DataTypes.TIME(3), "24:00:00", "'24:00:00' is not a valid TIME: 24:00:00 is past Flink's last TIME, 23:59:59.999");
        assertFails(DataTypes.TIME(3), "20:23:08+02", "unexpected text at position 8");
        assertFails(DataTypes.TIME(3), "20:61:08", "no such time");
        assertFails(DataTypes.TIME(3), "2:3:4", "expected a time HH:MM:SS");
    }

    @Test
    void timestampsWithZeroToSixFractionDigits() {
        String[] texts = {"2026-11-23 20:23:08", "2026-11-23 20:23:08.1", "2026-11-23 20:23:08.12", "2026-11-23 20:23:08.123",
                "2026-11-23 20:23:08.1234", "2026-11-23 20:23:08.12345", "2026-11-23 20:23:08.123456"};
        for (String text : texts) {
            assertThat(parse(DataTypes.TIMESTAMP(6), text)).as(text)
                    .isEqualTo(TimestampData.fromLocalDateTime(LocalDateTime.parse(text.replace(' ', 'T'))));
        }
        assertThat(parse(DataTypes.TIMESTAMP(6), "1969-12-31 23:59:59.999999"))
                .isEqualTo(TimestampData.fromLocalDateTime(LocalDateTime.parse("1969-12-31T23:59:59.999999")));
        assertThat(parse(DataTypes.TIMESTAMP(6), "0001-01-01 00:00:00"))
                .isEqualTo(TimestampData.fromLocalDateTime(LocalDateTime.parse("0001-01-01T00:00:00")));
        assertThat(parse(DataTypes.TIMESTAMP(6), "10000-01-01 00:00:00"))
                .isEqualTo(TimestampData.fromLocalDateTime(LocalDateTime.parse("+10000-01-01T00:00:00")));
        // cut to the column's precision, as Flink stores it
        assertThat(parse(DataTypes.TIMESTAMP(3), "2026-11-23 20:23:08.123456"))
                .isEqualTo(TimestampData.fromLocalDateTime(LocalDateTime.parse("2026-11-23T20:23:08.123")));
        assertThat(parse(DataTypes.TIMESTAMP(0), "2026-11-23 20:23:08.9"))
                .isEqualTo(TimestampData.fromLocalDateTime(LocalDateTime.parse("2026-11-23T20:23:08")));
        assertThat(parse(DataTypes.TIMESTAMP(6), "0044-03-15 12:00:00.5 BC"))
                .isEqualTo(TimestampData.fromLocalDateTime(LocalDateTime.parse("-0043-03-15T12:00:00.5")));
        assertThat(parse(DataTypes.TIMESTAMP(6), "294276-12-31 23:59:59.999999"))
                .isEqualTo(TimestampData.fromLocalDateTime(LocalDateTime.parse("+294276-12-31T23:59:59.999999")));
        assertFails(DataTypes.TIMESTAMP(6), "infinity", "'infinity' is not a valid TIMESTAMP(6): PostgreSQL's infinity has no Flink value");
        assertFails(DataTypes.TIMESTAMP(6), "-infinity", "'-infinity' is not a valid TIMESTAMP(6): PostgreSQL's infinity has no Flink value");
        assertFails(DataTypes.TIMESTAMP(6), "2026-11-23T20:23:08", "expected a space and a time after the date");
        assertFails(DataTypes.TIMESTAMP(6), "2026-11-23 20:23", "expected a time HH:MM:SS");
        assertFails(DataTypes.TIMESTAMP(6), "2026-11-23 20:23:08.", "expected 1 to 9 fraction digits");
        assertFails(DataTypes.TIMESTAMP(6), "2026-11-23 20:23:08+00", "unexpected text at position 19");
    }

    @Test
    void timestampsWithTimeZoneByTheirOffset() {
        DataType ltz = DataTypes.TIMESTAMP_LTZ(6);
        assertThat(parse(ltz, "2026-11-23 20:23:08.123456+00")).isEqualTo(instant("2026-11-23T20:23:08.123456Z"));
        assertThat(parse(ltz, "2026-11-24 01:53:08.123456+05:30")).isEqualTo(instant("2026-11-23T20:23:08.123456Z"));
        assertThat(parse(ltz, "2026-11-23 17:23:08-03")).isEqualTo(instant("2026-11-23T20:23:08Z"));
        assertThat(parse(ltz, "1900-01-01 05:53:28+05:53:28")).isEqualTo(instant("1900-01-01T00:00:00Z"));
        assertThat(parse(ltz, "1970-01-01 00:00:00.5-00:30")).isEqualTo(instant("1970-01-01T00:30:00.5Z"));
        assertThat(parse(DataTypes.TIMESTAMP_LTZ(3), "2026-11-23 20:23:08.123456+00")).isEqualTo(instant("2026-11-23T20:23:08.123Z"));
        assertFails(ltz, "2026-11-23 20:23:08", "'2026-11-23 20:23:08' is not a valid TIMESTAMP_LTZ(6):"
                + " expected a UTC offset (+HH, +HH:MM or +HH:MM:SS) after the time");
        assertFails(ltz, "2026-11-23 20:23:08+5", "expected two digits at position 20");
        assertThat(parse(ltz, "0044-03-15 12:00:00+00 BC")).isEqualTo(instant("-0043-03-15T12:00:00Z"));
        assertThat(parse(ltz, "0044-03-15 12:53:28+00:53:28 BC")).isEqualTo(instant("-0043-03-15T12:00:00Z"));
        assertFails(ltz, "infinity", "PostgreSQL's infinity has no Flink value");
    }

    @Test
    void arraysWithNullsQuotesAndNesting() {
        DataType texts = DataTypes.ARRAY(DataTypes.STRING());
        assertThat(parse(texts, "{}")).isEqualTo(new GenericArrayData(new Object[0]));
        assertThat(parse(texts, "{a,\"b,c\",NULL,\"NULL\",\"\",\"q\\\"{}\\\\\",grüße}")).isEqualTo(new GenericArrayData(new Object[] {
                string("a"), string("b,c"), null, string("NULL"), string(""), string("q\"{}\\"), string("grüße")}));
        assertThat(parse(DataTypes.ARRAY(DataTypes.INT()), "{1,NULL,-3}")).isEqualTo(new GenericArrayData(new Object[] {1, null, -3}));
        assertThat(parse(DataTypes.ARRAY(DataTypes.INT()), "[0:1]={7,8}")).isEqualTo(new GenericArrayData(new Object[] {7, 8}));
        assertThat(parse(DataTypes.ARRAY(DataTypes.ARRAY(DataTypes.STRING())), "{{a,\"}\"},{NULL,b}}")).isEqualTo(new GenericArrayData(
                new Object[] {new GenericArrayData(new Object[] {string("a"), string("}")}),
                        new GenericArrayData(new Object[] {null, string("b")})}));
        assertThat(parse(DataTypes.ARRAY(DataTypes.TIMESTAMP(6)), "{\"0044-03-15 12:00:00 BC\"}"))
                .isEqualTo(new GenericArrayData(new Object[] {TimestampData.fromLocalDateTime(LocalDateTime.parse("-0043-03-15T12:00:00"))}));
        assertFails(DataTypes.ARRAY(DataTypes.INT()), "{1,x}", "'x' is not a valid INT: not a whole number");
        assertFails(texts, "a,b", "'a,b' is not a valid ARRAY<STRING>: expected {...}");
        assertFails(texts, "{\"a}", "a quoted element without its closing quote");
        assertFails(texts, "{{a}}", "a nested array where an element was expected");
    }

    @Test
    void longValuesAreCutInMessages() {
        String longValue = "x".repeat(500);
        assertThatThrownBy(() -> parse(DataTypes.INT(), longValue))
                .hasMessage("'" + "x".repeat(100) + "...' (500 bytes) is not a valid INT: not a whole number");
    }

    @Test
    void theConverterNamesTheColumnOfAValueItCannotRead() {
        TupleRowConverter converter = new TupleRowConverter(row(DataTypes.FIELD("id", DataTypes.INT()),
                DataTypes.FIELD("born", DataTypes.DATE())), 0);
        byte[] line = "1\t2023-02-29".getBytes(StandardCharsets.UTF_8);
        TupleData tuple = CopyTextLine.parse(line, 0, line.length, 2);
        assertThatThrownBy(() -> converter.toRow(tuple, "public.t", RowKind.INSERT))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("column born DATE of public.t: '2023-02-29' is not a valid DATE: no such day");
    }

    @Test
    void theConverterRefusesTypesItCannotRead() {
        assertThatThrownBy(() -> new TupleRowConverter(row(DataTypes.FIELD("id", DataTypes.INT()),
                DataTypes.FIELD("spans", DataTypes.ARRAY(DataTypes.INTERVAL(DataTypes.SECOND())))), 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("column spans ARRAY<INTERVAL SECOND(6)>: type INTERVAL SECOND(6) is not supported");
        assertThatThrownBy(() -> new TupleRowConverter(row(DataTypes.FIELD("took", DataTypes.INTERVAL(DataTypes.SECOND()))), 0))
                .hasMessageStartingWith("column took INTERVAL SECOND(6): type INTERVAL SECOND(6) is not supported");
        assertThatThrownBy(() -> new TupleRowConverter(row(DataTypes.FIELD("m", DataTypes.MAP(DataTypes.STRING(), DataTypes.INT()))), 0))
                .hasMessageStartingWith("column m MAP<STRING, INT>: type MAP<STRING, INT> is not supported");
        assertThatThrownBy(() -> new TupleRowConverter(row(DataTypes.FIELD("r", DataTypes.ROW(DataTypes.FIELD("a", DataTypes.INT())))), 0))
                .hasMessageStartingWith("column r ROW<`a` INT>: type ROW<`a` INT> is not supported");
    }

    @Test
    void copyRowsHaveTrailingEmptyFields() {
        TupleRowConverter converter = new TupleRowConverter(row(DataTypes.FIELD("id", DataTypes.INT()),
                DataTypes.FIELD("name", DataTypes.STRING())), 2);
        byte[] line = "7\t\\N".getBytes(StandardCharsets.UTF_8);
        GenericRowData row = converter.toRow(CopyTextLine.parse(line, 0, line.length, 2), "public.t", RowKind.INSERT);
        assertThat(row).isEqualTo(GenericRowData.ofKind(RowKind.INSERT, 7, null, null, null));
    }

    @Test
    void theConverterNamesTheTableOfAPgoutputValueItCannotRead() {
        TupleRowConverter converter = new TupleRowConverter(row(DataTypes.FIELD("id", DataTypes.INT())), 0);
        Relation relation = new Relation(16384, "public", "t", 'd', List.of(new Relation.Column("id", 23, -1, true)));
        assertThatThrownBy(() -> converter.toRow(relation, text("x1"), null, RowKind.INSERT))
                .hasMessage("column id INT of public.t: 'x1' is not a valid INT: not a whole number");
    }

    @Test
    void anUnchangedValueComesOnlyFromAWholeOldRow() {
        TupleRowConverter converter = new TupleRowConverter(row(DataTypes.FIELD("id", DataTypes.INT()),
                DataTypes.FIELD("big", DataTypes.STRING())), 0);
        List<Relation.Column> columns = List.of(new Relation.Column("id", 23, -1, true), new Relation.Column("big", 25, -1, false));
        TupleData unchanged = new TupleData("1".getBytes(StandardCharsets.UTF_8), new byte[] {TupleData.TEXT, TupleData.UNCHANGED},
                new int[] {0, 0}, new int[] {1, 0});
        TupleData oldKey = new TupleData("1".getBytes(StandardCharsets.UTF_8), new byte[] {TupleData.TEXT, TupleData.NULL},
                new int[] {0, 0}, new int[] {1, 0});
        Relation byDefault = new Relation(1, "public", "t", 'd', columns);
        // a key-only old row has NULL in every other column: that is no value
        assertThatThrownBy(() -> converter.toRow(byDefault, unchanged, oldKey, RowKind.UPDATE_AFTER))
                .isInstanceOf(UnchangedValueException.class).hasMessageStartingWith("column big of public.t was not sent");
        Relation full = new Relation(1, "public", "t", 'f', columns);
        assertThat(converter.toRow(full, unchanged, oldKey, RowKind.UPDATE_AFTER))
                .isEqualTo(GenericRowData.ofKind(RowKind.UPDATE_AFTER, 1, null));
    }

    @Test
    void theConverterIsSerializable() throws Exception {
        TupleRowConverter converter = new TupleRowConverter(row(DataTypes.FIELD("id", DataTypes.BIGINT()),
                DataTypes.FIELD("at", DataTypes.TIMESTAMP_LTZ(3)), DataTypes.FIELD("price", DataTypes.DECIMAL(8, 2))), 1);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(converter);
        }
        TupleRowConverter copy;
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            copy = (TupleRowConverter) in.readObject();
        }
        byte[] line = "7\t2026-11-23 20:23:08.5+01\t-3.1".getBytes(StandardCharsets.UTF_8);
        assertThat(copy.toRow(CopyTextLine.parse(line, 0, line.length, 3), "public.t", RowKind.INSERT)).isEqualTo(GenericRowData.ofKind(
                RowKind.INSERT, 7L, instant("2026-11-23T19:23:08.500Z"), decimal("-3.10", 8, 2), null));
    }

    private static TupleData text(String value) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        return new TupleData(bytes, new byte[] {TupleData.TEXT}, new int[] {0}, new int[] {bytes.length});
    }

    private static RowType row(DataTypes.Field... fields) {
        return (RowType) DataTypes.ROW(fields).getLogicalType();
    }

    private static Object parse(DataType type, String text) {
        byte[] bytes = ("##" + text + "##").getBytes(StandardCharsets.UTF_8);
        // a slice in the middle of a buffer, as the parsers get them
        return ArrayTextParser.forColumn(type.getLogicalType()).parse(bytes, 2, bytes.length - 4);
    }

    private static void assertFails(DataType type, String text, String message) {
        assertThatThrownBy(() -> parse(type, text)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining(message);
    }
}
