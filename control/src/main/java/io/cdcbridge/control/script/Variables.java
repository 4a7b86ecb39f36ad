package io.cdcbridge.control.script;

import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Fills {@code ${NAME}} references in script text, so one script runs locally and in production. */
public final class Variables {

    private static final Pattern REFERENCE = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_.:-]*)}");

    private Variables() {}

    /** The names a text refers to, in order of first use. */
    public static Set<String> referenced(String text) {
        Set<String> names = new LinkedHashSet<>();
        Matcher m = REFERENCE.matcher(text);
        while (m.find()) names.add(m.group(1));
        return names;
    }

    /**
     * Replaces every reference by its value.
     *
     * @throws UnknownVariableException naming the first reference {@code lookup} has no value for
     */
    public static String resolve(String text, Function<String, Optional<String>> lookup) {
        Matcher m = REFERENCE.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String name = m.group(1);
            String value = lookup.apply(name).orElseThrow(() -> new UnknownVariableException(name));
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** A reference to a variable that has no value. */
    public static final class UnknownVariableException extends RuntimeException {
        private final String name;

        public UnknownVariableException(String name) {
            super("variable ${" + name + "} has no value: pass it with --var " + name + "=... or set it in the environment");
            this.name = name;
        }

        public String name() {
            return name;
        }
    }
}
