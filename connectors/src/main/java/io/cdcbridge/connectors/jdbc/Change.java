package io.cdcbridge.connectors.jdbc;

import java.util.Arrays;
import java.util.List;
import org.apache.flink.types.RowKind;

/**
 * One buffered change of one key: an upsert or a delete, with the row's values.
 *
 * @param kind the Flink row kind it came as (+I, +U or -D)
 * @param values the row's values, one per Flink column
 * @param version the value of the version column, or null when there is none
 */
record Change(RowKind kind, Object[] values, Comparable<Object> version) {

    /** Whether it deletes the key. */
    boolean isDelete() {
        return kind == RowKind.DELETE;
    }

    /** Whether it should replace an earlier change of the same key in a batch: it is not older (ties: it came later). */
    boolean supersedes(Change earlier) {
        return version == null || earlier.version == null || version.compareTo(earlier.version) >= 0;
    }

    /** Some of the values, by position. */
    List<Object> pick(int[] positions) {
        return Arrays.stream(positions).mapToObj(i -> values[i]).toList();
    }

    /** The key of a change: the values of the key columns, compared by content (byte[] keys too). */
    record Key(Object[] parts) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && Arrays.deepEquals(parts, k.parts);
        }

        @Override
        public int hashCode() {
            return Arrays.deepHashCode(parts);
        }

        @Override
        public String toString() {
            return Arrays.deepToString(parts);
        }
    }
}
