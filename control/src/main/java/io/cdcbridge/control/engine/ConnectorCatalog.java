package io.cdcbridge.control.engine;

import java.util.Optional;

/** Where the control plane asks what a connector is and can do; the {@link Engine} answers for the connectors it runs. */
@FunctionalInterface
public interface ConnectorCatalog {

    /** The description of the connector named as a table's {@code 'connector'} option writes it, or empty if unknown. */
    Optional<ConnectorDescription> connector(String name);

    /** Whether a table is a contract by default: its connector publishes what it holds to others. */
    default boolean contractByDefault(TableShape table) {
        return !table.view() && table.connector() != null
                && connector(table.connector()).map(ConnectorDescription::contract).orElse(false);
    }
}
