package io.cdcbridge.control.evolution;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/** Reads the time an evolution starts its sources at: epoch milliseconds, an ISO-8601 instant, or a UTC date and time. */
final class Times {

    private Times() {}

    /** Epoch milliseconds of {@code text}: {@code 1717763226336}, {@code 2024-06-07T12:27:06Z} or {@code 2024-06-11 15:40:00} (UTC). */
    static long millis(String text) {
        String t = text.strip();
        if (t.matches("\\d{1,15}")) return Long.parseLong(t);
        try {
            return Instant.parse(t).toEpochMilli();
        } catch (DateTimeParseException e) {
            try {
                return LocalDateTime.parse(t.replace(' ', 'T'), DateTimeFormatter.ISO_LOCAL_DATE_TIME)
                        .toInstant(ZoneOffset.UTC).toEpochMilli();
            } catch (DateTimeParseException e2) {
                throw new IllegalArgumentException("--from '" + text + "' is not a time: write epoch milliseconds,"
                        + " 2024-06-07T12:27:06Z, or 2024-06-11 15:40:00 (UTC)");
            }
        }
    }
}
