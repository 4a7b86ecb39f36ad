package io.cdcbridge.engine.probe;

import java.util.Map;

/**
 * Options cdcbridge sets on a table when its definition leaves them out, because the connector's own default
 * breaks a guarantee cdcbridge gives or costs the latency it promises. The user's explicit choice always wins.
 */
public final class ConnectorDefaults {

    // postgres-cdc falls back to its legacy source unless asked for the incremental one; the legacy source loses
    // its offsets on stop-with-savepoint (a new statement from that savepoint snapshots the table again) and
    // cannot checkpoint during its snapshot.
    // Debezium sleeps poll.interval.ms (500 ms) whenever the replication stream or its queue is empty, twice per
    // change at worst: end-to-end lag p50 ~1 s under OLTP load; 50 ms halved it (bench/README.md).
    private static final Map<String, Map<String, String>> DEFAULTS = Map.of(
            "postgres-cdc", Map.of("scan.incremental.snapshot.enabled", "true", "debezium.poll.interval.ms", "50"));

    private ConnectorDefaults() {}

    /** The options to add to a table of this connector that are not set already. */
    public static Map<String, String> missing(Map<String, String> options) {
        Map<String, String> defaults = DEFAULTS.getOrDefault(options.get("connector"), Map.of());
        return defaults.entrySet().stream()
                .filter(e -> !options.containsKey(e.getKey()))
                .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    }
}
