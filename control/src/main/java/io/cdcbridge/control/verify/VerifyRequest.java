package io.cdcbridge.control.verify;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A comparison of a statement's target table with its source table, in neutral form.
 *
 * @param source where the source table is
 * @param target where the target table is
 * @param key the key's columns, source name then target name, in key order
 * @param values the other compared columns, source name then target name; empty: keys and counts only
 * @param softDelete the target's soft-delete flag column, if the sink soft-deletes
 * @param deletesIgnored whether the sink leaves deleted rows in the target
 * @param version the sink's version column
 * @param note what the comparison leaves out, and why
 * @param slot the source's replication slot, when the statement is running: differences are rechecked once the
 *             slot has passed the position they were seen at
 * @param running whether the statement runs (differences are then rechecked, changes being in flight)
 * @param topic when the target is a topic: its snapshot, which {@code target} (a scratch table) holds once copied
 * @param recompute when the source is topics a producer fills: the statement's query run again over them, which
 *                  {@code source} (a scratch table) holds once run
 */
public record VerifyRequest(Location source, Location target, List<List<String>> key, List<List<String>> values,
                            Optional<String> softDelete, boolean deletesIgnored, Optional<String> version,
                            Optional<String> note, Optional<String> slot, boolean running,
                            Optional<TopicSnapshot> topic, Optional<Recompute> recompute) {

    /**
     * A table and how to reach it: a JDBC URL, a user and password, the name as [schema.]table, and the driver's
     * properties beyond user and password (a cdcbridge-mysql source's TLS), given apart from the URL, where a value
     * holding '&', '=', '?' or '#' (a CA file's path) would be cut.
     */
    public record Location(String url, String user, String password, List<String> name, Map<String, String> properties) {
        public Location {
            properties = Map.copyOf(properties);
        }

        public Location(String url, String user, String password, List<String> name) {
            this(url, user, password, name, Map.of());
        }

        /** Another table reached the same way. */
        public Location named(List<String> other) {
            return new Location(url, user, password, other, properties);
        }

        @Override
        public String toString() {
            return url.replaceFirst("\\?.*", "?...") + " " + String.join(".", name);
        }
    }

    public VerifyRequest {
        key = List.copyOf(key);
        values = List.copyOf(values);
    }

    /**
     * Whether the verifier reads differences again itself while the statement runs: not when one side is a scratch
     * copy, which holds still (the caller copies again instead).
     */
    public boolean settles() {
        return running && topic.isEmpty() && recompute.isEmpty();
    }
}
