package io.cdcbridge.engine.connector;

import io.cdcbridge.connectors.debezium.DebeziumKafkaTableFactory;
import io.cdcbridge.connectors.jdbc.JdbcSinkFactory;
import io.cdcbridge.connectors.kafka.KafkaDlqTableFactory;
import io.cdcbridge.connectors.mysql.MysqlSourceFactory;
import io.cdcbridge.connectors.postgres.PostgresSourceFactory;
import io.cdcbridge.control.engine.ConnectorCatalog;
import io.cdcbridge.control.engine.ConnectorDescription;
import io.cdcbridge.control.engine.ConnectorDescription.Position;
import io.cdcbridge.control.engine.ConnectorDescription.Role;
import io.cdcbridge.engine.probe.ConnectorProbe;
import io.cdcbridge.engine.probe.kafka.KafkaProbe;
import io.cdcbridge.engine.probe.mysql.MysqlCdcProbe;
import io.cdcbridge.engine.probe.postgres.PostgresCdcProbe;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Every connector cdcbridge knows, in one place: its description (what the control plane asks) and the probe that
 * checks and reads its system. A connector not listed here runs as Flink runs it, with no preflight, position or
 * defaults (and its tables are contracts only when they name a contract option).
 */
public final class KnownConnectors implements ConnectorCatalog {

    private static final List<String> KAFKA_STARTUP = List.of("earliest-offset", "latest-offset", "group-offsets",
            ConnectorDescription.TIMESTAMP, ConnectorDescription.SPECIFIC_OFFSETS);
    private static final List<String> KAFKA_PREFLIGHT = List.of("Kafka answers at 'properties.bootstrap.servers'");
    private static final List<String> POSTGRES_PREFLIGHT = List.of(
            "PostgreSQL answers with the table's credentials", "wal_level=logical",
            "the role may replicate (REPLICATION)", "the table exists with REPLICA IDENTITY FULL");
    private static final List<String> MYSQL_PREFLIGHT = List.of(
            "MySQL/MariaDB answers with the table's credentials", "the binary log is on", "binlog_format=ROW",
            "binlog_row_image=FULL", "the user has REPLICATION SLAVE and REPLICATION CLIENT",
            "the user may SELECT the table",
            "the server still holds the binlog from the position a restored job (or a specific-offset) starts at");

    /** The one instance: descriptions and probes hold no state. */
    public static final KnownConnectors ALL = new KnownConnectors();

    private final Map<String, KnownConnector> byName;

    private KnownConnectors() {
        ConnectorProbe debezium = new PostgresCdcProbe(PostgresCdcProbe.Reader.DEBEZIUM);
        ConnectorProbe pgoutput = new PostgresCdcProbe(PostgresCdcProbe.Reader.CDCBRIDGE);
        ConnectorProbe kafka = new KafkaProbe();
        List<KnownConnector> all = List.of(
                // postgres-cdc falls back to its legacy source unless asked for the incremental one; the legacy source
                // loses its offsets on stop-with-savepoint and cannot checkpoint during its snapshot. Debezium sleeps
                // poll.interval.ms (500 ms) whenever its queue is empty: 50 ms keeps the lag cdcbridge promises
                // (bench/history/pg-to-pg.md). A lost database: pgjdbc reads a closed replication connection as "nothing
                // pending", so only the status Debezium writes every 10 s sees it (every second instead); the pooled
                // connections of a restarted reader wait 'connect.timeout' (30 s) 'connect.max-retries' (3) times
                // while every task shows running: 5 s once lets the job fail and restart with backoff instead.
                new KnownConnector(new ConnectorDescription("postgres-cdc", Set.of(Role.SOURCE), false,
                        Position.POSTGRES_LSN, false, List.of("initial", "latest-offset", "committed-offset", "snapshot"),
                        POSTGRES_PREFLIGHT, Map.of("scan.incremental.snapshot.enabled", "true",
                                "debezium.poll.interval.ms", "50", "debezium.status.update.interval.ms", "1000",
                                "connect.timeout", "5s", "connect.max-retries", "1")), debezium),
                new KnownConnector(new ConnectorDescription(PostgresSourceFactory.IDENTIFIER, Set.of(Role.SOURCE), false,
                        Position.POSTGRES_LSN, false, List.of("initial", "latest-offset"), POSTGRES_PREFLIGHT, Map.of()),
                        pgoutput),
                // Flink CDC's MySQL source, for MySQL and MariaDB: the incremental snapshot (parallel, checkpointed,
                // no global read lock) stated so a table's DDL cannot fall back to the locking legacy one by accident;
                // the server id range is the statement's (MysqlCdcProbe.statementOptions), not a default
                new KnownConnector(new ConnectorDescription("mysql-cdc", Set.of(Role.SOURCE), false,
                        Position.MYSQL_BINLOG, false, List.of("initial", "earliest-offset", "latest-offset",
                                "specific-offset", ConnectorDescription.TIMESTAMP, "snapshot"),
                        MYSQL_PREFLIGHT, Map.of("scan.incremental.snapshot.enabled", "true")),
                        new MysqlCdcProbe(MysqlCdcProbe.Reader.MYSQL_CDC)),
                // cdcbridge's own binlog source: the same checks and server id range, its position in its own split
                new KnownConnector(new ConnectorDescription(MysqlSourceFactory.IDENTIFIER, Set.of(Role.SOURCE), false,
                        Position.MYSQL_BINLOG, false, List.of("initial", "latest-offset"), MYSQL_PREFLIGHT, Map.of()),
                        new MysqlCdcProbe(MysqlCdcProbe.Reader.CDCBRIDGE)),
                new KnownConnector(new ConnectorDescription("kafka", Set.of(Role.SOURCE, Role.SINK), true,
                        Position.KAFKA_OFFSETS, true, KAFKA_STARTUP, KAFKA_PREFLIGHT, Map.of()), kafka),
                // upsert-kafka always reads its topic from the start: no startup mode
                new KnownConnector(new ConnectorDescription("upsert-kafka", Set.of(Role.SOURCE, Role.SINK), true,
                        Position.KAFKA_OFFSETS, true, List.of(), KAFKA_PREFLIGHT, Map.of()), kafka),
                // reads a topic others produce: the producer's contract, not this table's
                new KnownConnector(new ConnectorDescription(KafkaDlqTableFactory.IDENTIFIER, Set.of(Role.SOURCE), false,
                        Position.KAFKA_OFFSETS, true, KAFKA_STARTUP, KAFKA_PREFLIGHT, Map.of()), kafka),
                new KnownConnector(new ConnectorDescription(DebeziumKafkaTableFactory.IDENTIFIER, Set.of(Role.SINK), true,
                        Position.NONE, false, List.of(), KAFKA_PREFLIGHT, Map.of()), kafka),
                new KnownConnector(new ConnectorDescription("jdbc", Set.of(Role.SOURCE, Role.SINK), true,
                        Position.NONE, false, List.of(), List.of(), Map.of()), ConnectorProbe.NONE),
                new KnownConnector(new ConnectorDescription(JdbcSinkFactory.IDENTIFIER, Set.of(Role.SINK), true,
                        Position.NONE, false, List.of(), List.of(), Map.of()), ConnectorProbe.NONE));
        byName = all.stream().collect(Collectors.toMap(c -> c.description().name(), Function.identity(),
                (a, b) -> a, LinkedHashMap::new));
    }

    @Override
    public Optional<ConnectorDescription> connector(String name) {
        return find(name).map(KnownConnector::description);
    }

    /** The connector a table's {@code 'connector'} option names, with its probe; empty for one cdcbridge does not know. */
    public Optional<KnownConnector> find(String name) {
        return Optional.ofNullable(name == null ? null : byName.get(name));
    }

    /** Every connector known, in a stable order. */
    public List<ConnectorDescription> descriptions() {
        return byName.values().stream().map(KnownConnector::description).toList();
    }

    /** The defaults of the table's connector that its options leave out. */
    public Map<String, String> missingDefaults(Map<String, String> options) {
        Map<String, String> out = new LinkedHashMap<>();
        find(options.get("connector")).ifPresent(c -> c.description().defaults().forEach((k, v) -> {
            if (!options.containsKey(k)) out.put(k, v);
        }));
        return out;
    }
}
