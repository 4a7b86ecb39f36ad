package io.cdcbridge.bench.pgkafkamariadb;

import static org.assertj.core.api.Assertions.assertThat;

import io.cdcbridge.embedded.EmbeddedDatabase;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConnectWorkerTest {

    private static EmbeddedDatabase database(String driver, int port) {
        return new EmbeddedDatabase() {
            public Endpoint endpoint() {
                return new Endpoint(driver, "127.0.0.1", port, "u", "secret-password", "db");
            }

            public void suspend() {}

            public void resume() {}

            public void close() {}
        };
    }

    @Test
    void theDefaultsLeaveEveryTuningKnobAlone() {
        Map<String, String> worker = ConnectWorker.worker(false, "127.0.0.1:9092", Path.of("/p"), Path.of("/o"), 8083);
        Map<String, String> source = ConnectWorker.source(false, database("postgresql", 5432), "slot_1", "bench");
        Map<String, String> sink = ConnectWorker.sink(false, database("mariadb", 3306), "bench.inventory.customers", "customers_x");
        assertThat(worker).doesNotContainKeys("producer.linger.ms", "producer.batch.size", "consumer.max.poll.records")
                .containsEntry("value.converter.schemas.enable", "true").containsEntry("listeners", "http://127.0.0.1:8083");
        assertThat(source).doesNotContainKeys("max.batch.size", "max.queue.size", "poll.interval.ms")
                .containsEntry("slot.name", "slot_1").containsEntry("publication.name", "slot_1")
                .containsEntry("table.include.list", "inventory.customers");
        assertThat(sink).doesNotContainKey("batch.size").containsEntry("connection.url", "jdbc:mariadb://127.0.0.1:3306/db")
                .containsEntry("transforms.unwrap.delete.tombstone.handling.mode", "rewrite")
                .containsEntry("insert.mode", "upsert").containsEntry("table.name.format", "customers_x");
    }

    @Test
    void tunedSetsBatchesLingerAndBulkStatements() {
        Map<String, String> worker = ConnectWorker.worker(true, "127.0.0.1:9092", Path.of("/p"), Path.of("/o"), 8083);
        Map<String, String> source = ConnectWorker.source(true, database("postgresql", 5432), "slot_1", "bench");
        Map<String, String> sink = ConnectWorker.sink(true, database("mariadb", 3306), "bench.inventory.customers", "customers_x");
        assertThat(worker).containsEntry("producer.linger.ms", "20").containsEntry("producer.batch.size", "524288")
                .containsEntry("consumer.max.poll.records", "5000");
        assertThat(source).containsEntry("max.batch.size", "20480").containsEntry("max.queue.size", "81920")
                .containsEntry("poll.interval.ms", "50");
        assertThat(sink).containsEntry("batch.size", "5000")
                .containsEntry("connection.url", "jdbc:mariadb://127.0.0.1:3306/db?useBulkStmts=true");
    }
}
