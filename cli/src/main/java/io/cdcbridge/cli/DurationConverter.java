package io.cdcbridge.cli;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Durations on the command line, one syntax for every option that takes one: a number and a unit ({@code 500ms},
 * {@code 2s}, {@code 1.5m}, {@code 1h}), or a bare number of seconds ({@code 0.5}), as Flink's own settings take them.
 */
final class DurationConverter implements ITypeConverter<Duration> {

    static final String SYNTAX = "e.g. 500ms, 2s, 1m; a bare number is seconds";
    private static final Pattern FORM = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s|m|h)?");

    @Override
    public Duration convert(String value) {
        Matcher m = FORM.matcher(value.trim());
        if (!m.matches()) throw new TypeConversionException("'" + value + "' is not a duration (" + SYNTAX + ")");
        BigDecimal amount = new BigDecimal(m.group(1));
        long millisPerUnit = switch (m.group(2) == null ? "s" : m.group(2)) {
            case "ms" -> 1;
            case "s" -> 1_000;
            case "m" -> 60_000;
            default -> 3_600_000;
        };
        return Duration.ofMillis(amount.multiply(BigDecimal.valueOf(millisPerUnit)).longValue());
    }
}
