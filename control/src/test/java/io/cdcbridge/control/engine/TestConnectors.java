package io.cdcbridge.control.engine;

import io.cdcbridge.control.engine.ConnectorDescription.Position;
import io.cdcbridge.control.engine.ConnectorDescription.Role;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Connector descriptions for unit tests: what the control plane decides from a description is tested against these,
 * what each real connector's description says is tested in the engine, which holds them.
 */
public final class TestConnectors implements ConnectorCatalog {

    private static final List<String> KAFKA_MODES = List.of("earliest-offset", "latest-offset", "group-offsets",
            ConnectorDescription.TIMESTAMP, ConnectorDescription.SPECIFIC_OFFSETS);

    /** Connectors shaped as the usual ones are: Kafka topics, a CDC source, JDBC targets, a test source and sink. */
    public static final TestConnectors TYPICAL = new TestConnectors()
            .with(new ConnectorDescription("kafka", Set.of(Role.SOURCE, Role.SINK), true, Position.KAFKA_OFFSETS, true,
                    KAFKA_MODES, List.of("Kafka reachable"), Map.of()))
            .with(new ConnectorDescription("upsert-kafka", Set.of(Role.SOURCE, Role.SINK), true, Position.KAFKA_OFFSETS, true,
                    List.of(), List.of("Kafka reachable"), Map.of()))
            .with(new ConnectorDescription("postgres-cdc", Set.of(Role.SOURCE), false, Position.POSTGRES_LSN, false,
                    List.of("initial", "latest-offset"), List.of("wal_level=logical"), Map.of()))
            .with(sink("jdbc", true))
            .with(sink("cdcbridge-jdbc", true))
            .with(new ConnectorDescription("datagen", Set.of(Role.SOURCE), false, Position.NONE, false, List.of(),
                    List.of(), Map.of()))
            .with(sink("blackhole", false));

    private final Map<String, ConnectorDescription> known = new LinkedHashMap<>();

    /** A sink-only connector, a contract by default or not. */
    public static ConnectorDescription sink(String name, boolean contract) {
        return new ConnectorDescription(name, Set.of(Role.SINK), contract, Position.NONE, false, List.of(), List.of(), Map.of());
    }

    /** A source-only connector reporting Kafka offsets, with the given startup modes. */
    public static ConnectorDescription kafkaSource(String name, String... startupModes) {
        return new ConnectorDescription(name, Set.of(Role.SOURCE), false, Position.KAFKA_OFFSETS, true,
                List.of(startupModes), List.of(), Map.of());
    }

    /** These descriptions and {@code d} (replacing one of the same name). */
    public TestConnectors with(ConnectorDescription d) {
        TestConnectors out = new TestConnectors();
        out.known.putAll(known);
        out.known.put(d.name(), d);
        return out;
    }

    @Override
    public Optional<ConnectorDescription> connector(String name) {
        return Optional.ofNullable(known.get(name));
    }
}
