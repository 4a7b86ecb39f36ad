package io.cdcbridge.engine.connector;

import static org.assertj.core.api.Assertions.assertThat;

import io.cdcbridge.control.engine.StatementJob;
import io.cdcbridge.engine.session.FlinkSession;
import java.util.List;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.Test;

/** A statement's tables as its job reads them: consumer group per statement, startup properties where the connector takes them. */
class StatementSourcesTest {

    private static final List<String> DEFINITIONS = List.of(
            "CREATE TABLE raw_events (id INT) WITH ('connector' = 'cdcbridge-kafka', 'topic' = 'raw',"
                    + " 'properties.bootstrap.servers' = 'localhost:9', 'properties.group.id' = 'users-migration', 'format' = 'json')",
            "CREATE TABLE plain (id INT) WITH ('connector' = 'kafka', 'topic' = 'plain',"
                    + " 'properties.bootstrap.servers' = 'localhost:9', 'format' = 'json')",
            "CREATE TABLE latest (id INT NOT NULL, PRIMARY KEY (id) NOT ENFORCED) WITH ('connector' = 'upsert-kafka',"
                    + " 'topic' = 'latest', 'properties.bootstrap.servers' = 'localhost:9', 'key.format' = 'json', 'value.format' = 'json')",
            "CREATE TABLE sunk (id INT) WITH ('connector' = 'blackhole')",
            "CREATE TEMPORARY VIEW everything AS SELECT id FROM raw_events UNION ALL SELECT id FROM plain UNION ALL SELECT id FROM latest");

    @Test
    void eachSourceReadsWithTheStatementsGroupAndTheStartupItsConnectorTakes() throws Exception {
        StatementJob job = new StatementJob("reprocessed", DEFINITIONS, "INSERT INTO sunk SELECT id FROM everything",
                Map.of("sql.tables.scan.startup.mode", "timestamp", "sql.tables.scan.startup.timestamp-millis", "1000"),
                "/tmp/checkpoints", null);
        StatementSources sources;
        try (FlinkSession session = FlinkSession.open(new Configuration(), DEFINITIONS)) {
            sources = StatementSources.resolve(session, job, KnownConnectors.ALL);
        }
        assertThat(sources.sources()).extracting(StatementSources.Table::name).containsExactly("raw_events", "plain", "latest");
        assertThat(sources.statementOptions()).isEqualTo(Map.of(
                "raw_events", Map.of("properties.group.id", "users-migration.reprocessed",
                        "scan.startup.mode", "timestamp", "scan.startup.timestamp-millis", "1000"),
                "plain", Map.of("properties.group.id", "cdcbridge.reprocessed",
                        "scan.startup.mode", "timestamp", "scan.startup.timestamp-millis", "1000"),
                // upsert-kafka always reads its topic from the start
                "latest", Map.of("properties.group.id", "cdcbridge.reprocessed")));
        assertThat(sources.sources().get(0).options()).containsEntry("topic", "raw")
                .containsEntry("properties.group.id", "users-migration.reprocessed");
    }

    // a statement set of many tables of one database: one watch connection for them, not one per table
    @Test
    void theSourcesOfOneDatabaseShareOneCheck() throws Exception {
        List<String> definitions = new java.util.ArrayList<>(List.of("CREATE TABLE sunk (id INT) WITH ('connector' = 'blackhole')"));
        StringBuilder insert = new StringBuilder("SELECT id FROM t0");
        for (int i = 0; i < 4; i++) {
            // t0-t2 in database a, t3 in database b
            definitions.add("CREATE TABLE t" + i + " (id INT NOT NULL, PRIMARY KEY (id) NOT ENFORCED) WITH ("
                    + "'connector' = 'cdcbridge-postgres', 'hostname' = 'localhost', 'port' = '9', 'username' = 'u',"
                    + " 'password' = 'p', 'database-name' = '" + (i < 3 ? "a" : "b") + "', 'schema-name' = 'public',"
                    + " 'table-name' = 't" + i + "', 'slot.name' = 's')");
            if (i > 0) insert.append(" UNION ALL SELECT id FROM t").append(i);
        }
        StatementJob job = new StatementJob("many", definitions, "INSERT INTO sunk " + insert, Map.of(), "/tmp/checkpoints", null);
        StatementSources sources;
        try (FlinkSession session = FlinkSession.open(new Configuration(), definitions)) {
            sources = StatementSources.resolve(session, job, KnownConnectors.ALL);
        }
        assertThat(sources.sources()).hasSize(4);
        assertThat(sources.checks()).extracting(io.cdcbridge.engine.probe.SourceCheck::system).containsExactly(
                List.of("postgresql", "localhost", "9", "a", "u"), List.of("postgresql", "localhost", "9", "b", "u"));
    }
}
