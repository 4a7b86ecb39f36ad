package io.cdcbridge.connectors.jdbc.dialect.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cdcbridge.embedded.EmbeddedPostgres;
import io.cdcbridge.embedded.junit.PostgresExtension;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The sink's column arrays, read back by a real PostgreSQL: every value as its column's type takes it. */
@Tag("integration")
@ExtendWith(PostgresExtension.class)
class TextArrayTest {

    static EmbeddedPostgres postgres;

    @BeforeAll
    static void sharedPostgres(EmbeddedPostgres shared) {
        postgres = shared;
    }

    /** A value, the type the upsert casts it to, and that typed value as PostgreSQL prints it (session in UTC). */
    private record Case(Object value, String type, String printed) {}

    private static final List<Case> CASES = List.of(
            new Case("Grüße, \"quoted\" \\ back {braces} NULL", "text", "Grüße, \"quoted\" \\ back {braces} NULL"),
            new Case("", "text", ""),
            new Case(null, "text", null),
            new Case(Long.MIN_VALUE, "bigint", "-9223372036854775808"),
            new Case(Long.MAX_VALUE, "bigint", "9223372036854775807"),
            new Case(-42, "integer", "-42"),
            new Case(0, "integer", "0"),
            new Case((short) 300, "smallint", "300"),
            new Case((byte) -3, "smallint", "-3"),
            new Case(true, "boolean", "true"),
            new Case(1.5f, "real", "1.5"),
            new Case(Double.NaN, "double precision", "NaN"),
            new Case(Double.NEGATIVE_INFINITY, "double precision", "-Infinity"),
            new Case(1.5e300, "double precision", "1.5e+300"),
            new Case(new BigDecimal("-12345.670"), "numeric", "-12345.670"),
            new Case(new BigDecimal("1E+3"), "numeric", "1000"),
            new Case(new byte[] {0, 15, -1}, "bytea", "\\x000fff"),
            new Case(new byte[0], "bytea", "\\x"),
            new Case(LocalDate.of(999, 1, 2), "date", "0999-01-02"),
            new Case(LocalDate.of(9999, 12, 31), "date", "9999-12-31"),
            new Case(LocalTime.of(23, 59, 59, 999_000_000), "time", "23:59:59.999"),
            new Case(LocalTime.MIDNIGHT, "time", "00:00:00"),
            new Case(LocalDateTime.of(2024, 9, 17, 10, 15, 30, 123_456_789), "timestamp", "2024-09-17 10:15:30.123457"),
            new Case(LocalDateTime.of(2024, 9, 17, 10, 15), "timestamp", "2024-09-17 10:15:00"),
            new Case(LocalDateTime.of(1, 1, 1, 0, 0, 0, 1_000), "timestamp", "0001-01-01 00:00:00.000001"),
            new Case(Instant.parse("2024-09-17T10:15:30.123Z"), "timestamptz", "2024-09-17 10:15:30.123+00"),
            new Case(Instant.parse("1969-12-31T23:59:59.5Z"), "timestamptz", "1969-12-31 23:59:59.5+00"),
            // years before 1 as PostgreSQL writes them (1 BC is the proleptic year 0), and after 9999
            new Case(LocalDate.of(-43, 3, 15), "date", "0044-03-15 BC"),
            new Case(LocalDate.of(0, 2, 29), "date", "0001-02-29 BC"),
            new Case(LocalDate.of(10000, 1, 2), "date", "10000-01-02"),
            new Case(LocalDateTime.of(-4712, 1, 1, 12, 0, 0, 500_000), "timestamp", "4713-01-01 12:00:00.0005 BC"),
            new Case(LocalDateTime.of(294276, 12, 31, 23, 59, 59), "timestamp", "294276-12-31 23:59:59"),
            new Case(Instant.parse("-0043-03-15T12:00:00Z"), "timestamptz", "0044-03-15 12:00:00+00 BC"),
            new Case(Instant.parse("+12345-01-01T00:00:00Z"), "timestamptz", "12345-01-01 00:00:00+00"),
            // arrays, each element quoted: NULLs, the empty string, the text NULL, delimiters, quotes and braces
            new Case(Arrays.asList("a", null, "b,c \"q\" {x} \\", "", "NULL", "grüße"), "text[]",
                    "{a,NULL,\"b,c \\\"q\\\" {x} \\\\\",\"\",\"NULL\",grüße}"),
            new Case(Arrays.asList(1, null, -3), "integer[]", "{1,NULL,-3}"),
            new Case(List.of(), "integer[]", "{}"),
            new Case(List.of(List.of(1L, 2L), List.of(3L, 4L)), "bigint[]", "{{1,2},{3,4}}"),
            new Case(List.of(LocalDateTime.of(-43, 3, 15, 12, 0)), "timestamp[]", "{\"0044-03-15 12:00:00 BC\"}"),
            new Case(List.of(Double.NaN, 1.5), "double precision[]", "{NaN,1.5}"));

    @ParameterizedTest(name = "binary transfer {0}")
    @ValueSource(booleans = {true, false})
    void everyValueIsReadBackAsItsTypeTakesIt(boolean binaryTransfer) throws Exception {
        Properties properties = new Properties();
        properties.setProperty("user", postgres.user());
        properties.setProperty("password", postgres.password());
        properties.setProperty("binaryTransfer", Boolean.toString(binaryTransfer));
        try (Connection c = DriverManager.getConnection(postgres.jdbcUrl(), properties)) {
            c.createStatement().execute("SET TimeZone = 'UTC'");
            List<Object> values = new ArrayList<>();
            for (Case each : CASES) values.add(each.value());
            TextArray array = TextArray.of(values);
            List<String> printed = new ArrayList<>();
            for (int i = 0; i < CASES.size(); i++) {
                try (PreparedStatement s = c.prepareStatement("SELECT CAST((CAST(? AS text[]))[" + (i + 1) + "] AS "
                        + CASES.get(i).type() + ")::text, cardinality(CAST(? AS text[]))")) {
                    s.setObject(1, array);
                    s.setObject(2, array);
                    try (ResultSet rs = s.executeQuery()) {
                        rs.next();
                        printed.add(rs.getString(1));
                        assertThat(rs.getInt(2)).isEqualTo(CASES.size());
                    }
                }
            }
            assertThat(printed).containsExactlyElementsOf(CASES.stream().map(Case::printed).toList());
        }
    }

    /**
     * Integers, dates and timestamps in their binary arrays read back as the same values in text arrays are: the
     * timestamps' nanoseconds rounded as PostgreSQL rounds their text, years it cannot hold refused as out of range.
     */
    @ParameterizedTest(name = "binary transfer {0}")
    @ValueSource(booleans = {true, false})
    void binaryElementsReadBackAsTheirText(boolean binaryTransfer) throws Exception {
        List<LocalDateTime> times = new ArrayList<>(List.of(LocalDateTime.of(2024, 9, 17, 10, 15, 30, 123_456_789),
                LocalDateTime.of(2024, 9, 17, 10, 15), LocalDateTime.of(1, 1, 1, 0, 0, 0, 1_000),
                LocalDateTime.of(1999, 12, 31, 23, 59, 59, 999_999_500), LocalDateTime.of(1969, 7, 20, 20, 17, 40, 500),
                LocalDateTime.of(-4712, 1, 1, 12, 0, 0, 500_000), LocalDateTime.of(294276, 12, 31, 23, 59, 59)));
        for (int i = 0; i < 200; i++) times.add(LocalDateTime.of(1900 + i, 1 + i % 12, 1 + i % 28, i % 24, i % 60, i % 60, i * 4_999_873));
        Properties properties = new Properties();
        properties.setProperty("user", postgres.user());
        properties.setProperty("password", postgres.password());
        properties.setProperty("binaryTransfer", Boolean.toString(binaryTransfer));
        properties.setProperty("binaryTransferEnable", PostgresDialect.BINARY_ARRAYS);
        try (Connection c = DriverManager.getConnection(postgres.jdbcUrl(), properties)) {
            assertThat(readBack(c, "timestamp", TextArray.of(TextArray.Element.TIMESTAMP, times)))
                    .isEqualTo(readBack(c, "timestamp", TextArray.of(times)));
            List<Instant> instants = new ArrayList<>();
            for (LocalDateTime t : times) instants.add(t.toInstant(ZoneOffset.UTC));
            instants.add(null);
            instants.add(Instant.parse("1969-12-31T23:59:59.999999500Z"));
            // the session's zone must not matter: both forms are instants
            c.createStatement().execute("SET TimeZone = 'Asia/Kathmandu'");
            assertThat(readBack(c, "timestamptz", TextArray.of(TextArray.Element.TIMESTAMPTZ, instants)))
                    .isEqualTo(readBack(c, "timestamptz", TextArray.of(instants)));
            // 4714-11-24 BC, the first day PostgreSQL holds; 1 BC (the proleptic year 0); the edges of Flink's literals
            List<LocalDate> dates = new ArrayList<>(Arrays.asList(LocalDate.of(-4713, 11, 24), LocalDate.of(-43, 3, 15),
                    LocalDate.of(0, 2, 29), LocalDate.of(1, 1, 1), LocalDate.of(1970, 1, 1), LocalDate.of(1999, 12, 31),
                    LocalDate.of(2000, 1, 1), null, LocalDate.of(9999, 12, 31), LocalDate.of(10000, 1, 1),
                    LocalDate.of(5874897, 12, 31)));
            for (int i = 0; i < 200; i++) dates.add(LocalDate.ofEpochDay(-800_000 + i * 7_919L));
            assertThat(readBack(c, "date", TextArray.of(TextArray.Element.DATE, dates))).isEqualTo(readBack(c, "date", TextArray.of(dates)));
            List<Integer> ints = Arrays.asList(Integer.MIN_VALUE, -1, 0, null, 42, Integer.MAX_VALUE);
            assertThat(readBack(c, "integer", TextArray.of(TextArray.Element.INT4, ints))).isEqualTo(readBack(c, "integer", TextArray.of(ints)));
            List<Long> longs = Arrays.asList(Long.MIN_VALUE, -1L, null, 0L, Long.MAX_VALUE);
            assertThat(readBack(c, "bigint", TextArray.of(TextArray.Element.INT8, longs))).isEqualTo(readBack(c, "bigint", TextArray.of(longs)));
            for (TextArray outOfRange : List.of(TextArray.of(TextArray.Element.TIMESTAMP, List.of(LocalDateTime.of(294277, 1, 1, 0, 0))),
                    TextArray.of(TextArray.Element.TIMESTAMP, List.of(LocalDateTime.of(-5000, 1, 1, 0, 0))))) {
                assertThatThrownBy(() -> readBack(c, "timestamp", outOfRange)).hasMessageContaining("out of range");
            }
            for (Object beyond : List.of(LocalDate.of(-4713, 11, 23), LocalDate.of(5874898, 1, 1), LocalDate.of(-5000, 1, 1))) {
                for (TextArray form : List.of(TextArray.of(TextArray.Element.DATE, List.of(beyond)), TextArray.of(List.of(beyond)))) {
                    assertThatThrownBy(() -> readBack(c, "date", form)).hasMessageContaining("out of range");
                }
            }
            for (Object beyond : List.of(Instant.parse("+294277-01-01T00:00:00Z"), Instant.parse("-4713-11-23T00:00:00Z"))) {
                for (TextArray form : List.of(TextArray.of(TextArray.Element.TIMESTAMPTZ, List.of(beyond)), TextArray.of(List.of(beyond)))) {
                    assertThatThrownBy(() -> readBack(c, "timestamptz", form)).hasMessageContaining("out of range");
                }
            }
        }
    }

    // the array's elements cast to the type, as PostgreSQL prints them
    private static List<String> readBack(Connection c, String type, TextArray array) throws Exception {
        try (PreparedStatement s = c.prepareStatement("SELECT CAST(e AS " + type + ")::text FROM unnest(CAST(? AS "
                + array.getType() + ")) WITH ORDINALITY AS u(e, i) ORDER BY i")) {
            s.setObject(1, array);
            List<String> read = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) read.add(rs.getString(1));
            }
            return read;
        }
    }

    @ParameterizedTest(name = "{0} rows")
    @ValueSource(ints = {0, 1, 5000})
    void anArrayHoldsEveryRowInOrder(int rows) throws Exception {
        List<Object> values = new ArrayList<>();
        for (int i = 0; i < rows; i++) values.add(i % 7 == 0 ? null : "row " + i + " é");
        try (Connection c = DriverManager.getConnection(postgres.jdbcUrl(), postgres.user(), postgres.password());
             PreparedStatement s = c.prepareStatement("SELECT e FROM unnest(CAST(? AS text[])) WITH ORDINALITY AS u(e, i) ORDER BY i")) {
            s.setObject(1, TextArray.of(values));
            List<Object> read = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) read.add(rs.getString(1));
            }
            assertThat(read).isEqualTo(Arrays.asList(values.toArray()));
        }
    }
}
