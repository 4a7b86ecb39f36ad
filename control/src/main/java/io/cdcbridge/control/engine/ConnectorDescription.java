package io.cdcbridge.control.engine;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What cdcbridge knows of one connector, without any engine class: whether its tables are read, written or both,
 * whether a table of it is a contract by default, how it reports where a statement reads it and how far behind it
 * is, the startup modes it takes ({@code scan.startup.mode}), what is checked before a job starts, and the options
 * cdcbridge adds where a table leaves them out.
 *
 * @param contract     whether a table of this connector is a contract without naming {@code contract.compatibility}:
 *                     others consume what it holds (a topic, a target table)
 * @param startupModes the values of {@code scan.startup.mode} it takes; {@code specific-offsets} among them is what
 *                     lets a statement continue exactly where another stopped
 * @param preflight    what is checked in its system before a job starts, one phrase each
 * @param defaults     options set on a table that leaves them out, because the connector's own default breaks a
 *                     guarantee cdcbridge gives
 */
public record ConnectorDescription(
        String name,
        Set<Role> roles,
        boolean contract,
        Position position,
        boolean lag,
        List<String> startupModes,
        List<String> preflight,
        Map<String, String> defaults) {

    /** What a statement does with a table of the connector. */
    public enum Role { SOURCE, SINK }

    /** How a source reports where a statement reads it (the {@link SourcePosition} it gives). */
    public enum Position {
        /** Offsets per partition of a Kafka topic. */
        KAFKA_OFFSETS,
        /** A PostgreSQL replication slot's LSN. */
        POSTGRES_LSN,
        /** A MySQL/MariaDB binlog file and position (and GTID set), as the job's savepoint holds it. */
        MYSQL_BINLOG,
        /** The connector keeps no position cdcbridge can read. */
        NONE
    }

    /** The startup mode that starts a source at given offsets. */
    public static final String SPECIFIC_OFFSETS = "specific-offsets";
    /** The startup mode that starts a source at a point in time. */
    public static final String TIMESTAMP = "timestamp";

    public ConnectorDescription {
        roles = Set.copyOf(roles);
        startupModes = List.copyOf(startupModes);
        preflight = List.copyOf(preflight);
        defaults = Map.copyOf(defaults);
    }

    /** Whether statements read tables of this connector. */
    public boolean source() {
        return roles.contains(Role.SOURCE);
    }

    /** Whether statements write tables of this connector. */
    public boolean sink() {
        return roles.contains(Role.SINK);
    }

    /** Whether a source of it can start at given offsets: what carrying offsets over from one statement to the next needs. */
    public boolean specificOffsets() {
        return startupModes.contains(SPECIFIC_OFFSETS);
    }

    /** Whether a source of it can start at a point in time. */
    public boolean startsAtTimestamp() {
        return startupModes.contains(TIMESTAMP);
    }
}
