package io.cdcbridge.control.workspace;

import static org.assertj.core.api.Assertions.assertThat;

import io.cdcbridge.control.engine.SourcePosition;
import io.cdcbridge.control.statement.SourceOffset;
import io.cdcbridge.control.statement.Statement;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Statements stored with typed source positions, and a workspace written before positions were typed still loads. */
class WorkspaceStatementsTest {

    @Test
    void readsPositionsStoredAsMaps(@TempDir Path dir) throws IOException {
        Workspace ws = withStoredStatement(dir);
        Statement s = ws.statements().get(0);

        assertThat(s.status().latestOffsets()).containsExactly(
                new SourceOffset("events", "kafka", new SourcePosition.KafkaOffsets("events", new TreeMap<>(Map.of(0, 8L, 1, 3L)))),
                new SourceOffset("customers", "postgres-cdc",
                        new SourcePosition.PostgresLsn("customers_slot", "0/1A2B3C8", "0/1A2B3A0", false)),
                new SourceOffset("phones", "cdcbridge-postgres",
                        new SourcePosition.Unknown("replication slot 'phones_slot' not created yet")),
                new SourceOffset("lookups", "upsert-kafka",
                        new SourcePosition.Unknown("topic lookups: Timed out waiting for a node assignment.")));
        assertThat(s.spec().properties()).containsEntry("sql.state-ttl", "1 h");
    }

    @Test
    void storesPositionsWithTheirType(@TempDir Path dir) throws IOException {
        Workspace ws = withStoredStatement(dir);
        Statement before = ws.statements().get(0);
        ws.save(before);

        String stored = Files.readString(dir.resolve("statements/router.json"));
        assertThat(stored).contains("\"type\" : \"kafka-offsets\"", "\"partitions\" : {", "\"type\" : \"postgres-lsn\"",
                "\"confirmed_flush_lsn\" : \"0/1A2B3C8\"", "\"type\" : \"unknown\"");
        List<SourceOffset> again = ws.statements().get(0).status().latestOffsets();
        assertThat(again).isEqualTo(before.status().latestOffsets());
    }

    @Test
    void storesABinlogPositionWithItsTypeAndReadsItBack(@TempDir Path dir) throws IOException {
        Workspace ws = withStoredStatement(dir);
        Statement before = ws.statements().get(0);
        List<SourceOffset> binlog = List.of(
                new SourceOffset("orders", "mysql-cdc", new SourcePosition.Binlog("mariadb-bin.000002", 1874L, null,
                        "savepoint /ws/savepoints/savepoint-1a2b3c")),
                new SourceOffset("items", "mysql-cdc", new SourcePosition.Binlog("binlog.000007", 4213L,
                        "3e11fa47-71ca-11e1-9e33-c80aa9429562:1-57", "savepoint /ws/savepoints/savepoint-4d5e6f")));
        ws.save(before.withStatus(before.status().withOffsets(binlog, Instant.parse("2026-12-05T23:00:00Z"))));

        String stored = Files.readString(dir.resolve("statements/router.json"));
        assertThat(stored).contains("\"type\" : \"mysql-binlog\"", "\"file\" : \"mariadb-bin.000002\"", "\"position\" : 1874");
        assertThat(ws.statements().get(0).status().latestOffsets()).isEqualTo(binlog);
        assertThat(binlog.get(1).position().describe()).isEqualTo("binlog binlog.000007 position 4213 GTID set"
                + " 3e11fa47-71ca-11e1-9e33-c80aa9429562:1-57 (from savepoint /ws/savepoints/savepoint-4d5e6f)");
    }

    // a workspace holding one statement file as cdcbridge wrote it before positions were typed
    private Workspace withStoredStatement(Path dir) throws IOException {
        Workspace ws = Workspace.open(dir);
        try (InputStream in = getClass().getResourceAsStream("/workspace-before-typed-positions/statements/router.json")) {
            Files.copy(in, dir.resolve("statements/router.json"));
        }
        return ws;
    }
}
