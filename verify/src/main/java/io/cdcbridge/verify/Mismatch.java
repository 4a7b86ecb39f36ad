package io.cdcbridge.verify;

import java.util.List;
import java.util.Map;

/**
 * One row that differs.
 *
 * @param kind missing from the target, extra in it, or different
 * @param key the row's key, each source key column's value as normalized text
 * @param columns for a different row, the columns that differ (source name, with the target's when it differs)
 * @param range the range of split values the row is in (where a recheck and a repair read it again)
 * @param position the source's position when the row was last read, when the source can tell
 */
public record Mismatch(Kind kind, Map<String, String> key, List<String> columns, Range range, String position) {

    /** How a row differs. */
    public enum Kind {
        /** In the source, not in the target. */
        MISSING,
        /** In the target, not in the source. */
        EXTRA,
        /** In both, with different values. */
        DIFFERENT
    }

    public Mismatch {
        key = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(key));
        columns = List.copyOf(columns);
    }

    /** The key as people read it, e.g. {@code id=7}. */
    public String keyText() {
        return key.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).sorted().reduce((a, b) -> a + ", " + b).orElse("");
    }
}
