package io.cdcbridge.engine.session;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A statement's properties as Flink takes them. Users coming from Confluent Cloud write its names:
 * {@code sql.state-ttl} is Flink's {@code table.exec.state.ttl}; the statement keeps the name the user wrote, and
 * Flink gets its own (an explicit Flink key wins). Other properties pass unchanged.
 */
public final class StatementProperties {

    private static final Map<String, String> ALIASES = Map.of("sql.state-ttl", "table.exec.state.ttl");

    private StatementProperties() {}

    /** The properties with Confluent's names translated to Flink's. */
    public static Map<String, String> forFlink(Map<String, String> properties) {
        Map<String, String> out = new LinkedHashMap<>(properties);
        ALIASES.forEach((alias, flink) -> {
            String value = out.remove(alias);
            if (value != null) out.putIfAbsent(flink, value);
        });
        return out;
    }
}
