package io.cdcbridge.connectors.options;

import java.io.Serializable;
import java.time.Duration;
import java.util.function.Predicate;

/**
 * What a declared option's value must be, and how a refusal says it: {@code 'sink.max-retries' must be -1 (for ever)
 * or more, not -2}.
 *
 * @param test whether a value keeps the rule
 * @param says the rule as the message puts it after the option's name, e.g. "must be at least 1"
 */
public record OptionRule<T>(Predicate<? super T> test, String says) implements Serializable {

    /** A whole number at least {@code min}. */
    public static OptionRule<Integer> atLeast(int min) {
        return new OptionRule<>(v -> v >= min, "must be at least " + min);
    }

    /** A duration longer than zero. */
    public static OptionRule<Duration> positive() {
        return new OptionRule<>(d -> !d.isNegative() && !d.isZero(), "must be longer than 0");
    }

    /** A duration of zero or more. */
    public static OptionRule<Duration> notNegative() {
        return new OptionRule<>(d -> !d.isNegative(), "must not be negative");
    }

    /** Exactly one value: an option accepted for another connector's DDL whose other values are not supported. */
    public static <T> OptionRule<T> only(T value) {
        return new OptionRule<>(value::equals, "can only be '" + value + "'");
    }

    /** A Java regular expression. */
    public static OptionRule<String> regularExpression() {
        return new OptionRule<>(OptionRule::compiles, "must be a regular expression (java.util.regex)");
    }

    private static boolean compiles(String regex) {
        try {
            java.util.regex.Pattern.compile(regex);
            return true;
        } catch (java.util.regex.PatternSyntaxException e) {
            return false;
        }
    }
}
