package io.cdcbridge.verify;

import java.util.List;
import java.util.Optional;

/**
 * What is compared: which source column each target column holds, and what the target's writer does with deletes.
 *
 * @param key the key's columns, source to target, in key order
 * @param values the other compared columns, source to target; empty to compare keys and counts only
 * @param softDelete the target's flag column whose true rows stand for deleted ones ({@code __deleted})
 * @param deletesIgnored whether the writer leaves deleted rows in the target (a row only there is then no difference)
 * @param version the target's version column a repair's upsert is guarded by (a newer target row is kept)
 * @param note what the comparison leaves out, for the report (e.g. why only keys and counts are compared)
 */
public record Mapping(List<Pair> key, List<Pair> values, Optional<String> softDelete, boolean deletesIgnored,
                      Optional<String> version, Optional<String> note) {

    /** A source column and the target column that holds its values. */
    public record Pair(String source, String target) {
        /** The column's name in the report: the source's, with the target's when it differs. */
        public String label() {
            return source.equals(target) ? source : source + " -> " + target;
        }
    }

    public Mapping {
        key = List.copyOf(key);
        values = List.copyOf(values);
        if (key.isEmpty()) throw new IllegalArgumentException("a comparison needs key columns");
    }

    /** The key and value pairs, key first. */
    public List<Pair> all() {
        return java.util.stream.Stream.concat(key.stream(), values.stream()).toList();
    }
}
