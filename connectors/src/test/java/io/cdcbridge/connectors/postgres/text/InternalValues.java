package io.cdcbridge.connectors.postgres.text;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import org.apache.flink.table.data.DecimalData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.data.TimestampData;

/** Expected values in Flink's internal representation, written as readable literals in the tests. */
public final class InternalValues {

    private InternalValues() {}

    /** A STRING value. */
    public static StringData string(String s) {
        return StringData.fromString(s);
    }

    /** A DECIMAL(precision, scale) value. */
    public static DecimalData decimal(String value, int precision, int scale) {
        return DecimalData.fromBigDecimal(new BigDecimal(value), precision, scale);
    }

    /** A DATE value: days since the epoch. */
    public static int days(String date) {
        return (int) LocalDate.parse(date).toEpochDay();
    }

    /** A TIME value: milliseconds of the day. */
    public static int millisOfDay(String time) {
        return (int) (LocalTime.parse(time).toNanoOfDay() / 1_000_000);
    }

    /** A TIMESTAMP value. */
    public static TimestampData local(String dateTime) {
        return TimestampData.fromLocalDateTime(LocalDateTime.parse(dateTime));
    }

    /** A TIMESTAMP_LTZ value. */
    public static TimestampData instant(String instant) {
        return TimestampData.fromInstant(Instant.parse(instant));
    }
}
