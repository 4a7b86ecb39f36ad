package io.cdcbridge.connectors.options;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.configuration.description.BlockElement;
import org.apache.flink.configuration.description.TextElement;
import org.apache.flink.table.api.ValidationException;
import org.apache.flink.util.TimeUtils;

/**
 * The options of one connector or format, each declared once: a Flink {@link ConfigOption} (name, type, default,
 * description), whether it is required, and the rule its value must keep. The factory answers Flink's
 * {@code requiredOptions()} and {@code optionalOptions()} from here and checks a table's values with
 * {@link #validate}; the module's README shows {@link #documented()} as its option tables, and a test keeps the two equal.
 */
public final class OptionSet {

    /**
     * An option as the README's table shows it.
     *
     * @param name the key, or a pattern of keys such as {@code dlq.properties.*}
     * @param shownDefault {@code (required)}, {@code none}, the default in backticks, or how it is derived
     * @param description what it does, as its declaration says
     */
    public record Documented(String name, String shownDefault, String description) {}

    private record Declared(ConfigOption<?> option, boolean required, String shownDefault, OptionRule<?> rule) {}

    private record CrossRule(Predicate<ReadableConfig> test, String says) {}

    private final Map<String, Declared> declared = new LinkedHashMap<>();
    private final Map<String, Documented> prefixes = new LinkedHashMap<>();
    private final Set<ConfigOption<?>> stock = new LinkedHashSet<>();
    private final List<CrossRule> crossRules = new ArrayList<>();

    /** An option a table must set. */
    public <T> ConfigOption<T> required(ConfigOption<T> option) {
        return add(option, true, "(required)", null);
    }

    /** An option a table may set. */
    public <T> ConfigOption<T> optional(ConfigOption<T> option) {
        return add(option, false, shown(option), null);
    }

    /** An option a table may set, whose value must keep a rule. */
    public <T> ConfigOption<T> optional(ConfigOption<T> option, OptionRule<? super T> rule) {
        return add(option, false, shown(option), rule);
    }

    /** An option without a fixed default: when it is not set, the value is derived as {@code shownDefault} says. */
    public <T> ConfigOption<T> derived(ConfigOption<T> option, String shownDefault) {
        return add(option, false, shownDefault, null);
    }

    /** Options another connector declares and documents (the Kafka connector's, say), taken as they are. */
    public OptionSet stock(Set<ConfigOption<?>> required, Set<ConfigOption<?>> optional) {
        required.forEach(o -> add(o, true, "(required)", null));
        optional.forEach(o -> add(o, false, shown(o), null));
        stock.addAll(required);
        stock.addAll(optional);
        return this;
    }

    /** Keys that start with {@code prefix} (passed through to a client, say), shown as {@code shownAs}. */
    public String prefix(String prefix, String shownAs, String description) {
        prefixes.put(prefix, new Documented(shownAs, "none", description));
        return prefix;
    }

    /** A rule between options, checked after each option's own. */
    public OptionSet rule(Predicate<ReadableConfig> test, String says) {
        crossRules.add(new CrossRule(test, says));
        return this;
    }

    /** For Flink's {@code requiredOptions()}. */
    public Set<ConfigOption<?>> requiredOptions() {
        return declared.values().stream().filter(Declared::required).map(Declared::option).collect(Collectors.toSet());
    }

    /** For Flink's {@code optionalOptions()}. */
    public Set<ConfigOption<?>> optionalOptions() {
        return declared.values().stream().filter(d -> !d.required()).map(Declared::option).collect(Collectors.toSet());
    }

    /** The prefixes of keys passed through, for Flink's {@code validateExcept}. */
    public String[] prefixes() {
        return prefixes.keySet().toArray(String[]::new);
    }

    /**
     * Checks every value against its option's rule, then the rules between options.
     *
     * @param where the table and its connector or format, which the message starts with
     */
    public void validate(ReadableConfig options, String where) {
        try {
            validate(options);
        } catch (IllegalArgumentException e) {
            throw new ValidationException(where + ": " + e.getMessage(), e);
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private void validate(ReadableConfig options) {
        for (Declared d : declared.values()) {
            if (d.rule() == null) continue;
            Optional<?> value = options.getOptional(d.option());
            Object v = value.isPresent() ? value.get() : d.option().hasDefaultValue() ? d.option().defaultValue() : null;
            if (v != null && !((Predicate) d.rule().test()).test(v)) {
                throw new IllegalArgumentException("'" + d.option().key() + "' " + d.rule().says() + ", not '" + text(v) + "'");
            }
        }
        for (CrossRule r : crossRules) if (!r.test().test(options)) throw new IllegalArgumentException(r.says());
    }

    /** This module's own options and prefixes in declaration order, as the README documents them. */
    public List<Documented> documented() {
        List<Documented> all = new ArrayList<>();
        for (Declared d : declared.values()) {
            if (stock.contains(d.option())) continue;
            all.add(new Documented(d.option().key(), d.shownDefault(), description(d.option())));
        }
        all.addAll(prefixes.values());
        return all;
    }

    private <T> ConfigOption<T> add(ConfigOption<T> option, boolean required, String shownDefault, OptionRule<?> rule) {
        if (declared.putIfAbsent(option.key(), new Declared(option, required, shownDefault, rule)) != null) {
            throw new IllegalStateException("option '" + option.key() + "' is declared twice");
        }
        return option;
    }

    private static String shown(ConfigOption<?> option) {
        return option.hasDefaultValue() ? "`" + text(option.defaultValue()) + "`" : "none";
    }

    // A value as a table's DDL writes it.
    private static String text(Object value) {
        if (value instanceof Duration d) return TimeUtils.formatWithHighestUnit(d);
        if (value instanceof Enum<?> e) return e.name().toLowerCase(Locale.ROOT).replace('_', '-');
        if (value instanceof List<?> l) return l.stream().map(OptionSet::text).collect(Collectors.joining(";"));
        return String.valueOf(value);
    }

    private static String description(ConfigOption<?> option) {
        StringBuilder text = new StringBuilder();
        for (BlockElement block : option.description().getBlocks()) {
            if (!(block instanceof TextElement t) || !t.getElements().isEmpty()) {
                throw new IllegalStateException("option '" + option.key() + "': only a plain text description can be documented");
            }
            text.append(t.getFormat());
        }
        return text.toString();
    }
}
