package io.cdcbridge.cli.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cdcbridge.cli.DemoCommand;
import io.cdcbridge.cli.demo.MariaDbDemo;
import io.cdcbridge.cli.stack.LocalStack;
import io.cdcbridge.cli.topic.TopicReader;
import io.cdcbridge.cli.topic.TopicRecord;
import io.cdcbridge.control.workspace.Json;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code cdcbridge demo mariadb} (examples/mariadb-migration and examples/mariadb-kafka) on real MariaDB, PostgreSQL,
 * Kafka and Flink: every event on the topic as Debezium's MySQL connector writes it (key, envelope, source block,
 * tombstones; the times left out), PostgreSQL's table equal to MariaDB's, and what the demo prints.
 */
@Tag("integration")
class MariaDbDemoTest {

    // the source block but its times: mysql-cdc tells no binlog coordinates per row, so they are Debezium's "unknown"
    private static final String SOURCE = "\"source\":{\"version\":\"3.6.1.Final\",\"connector\":\"mysql\",\"name\":\"shop\","
            + "\"snapshot\":\"%s\",\"db\":\"cdcbridge\",\"sequence\":null,\"table\":\"items\",\"server_id\":0,\"gtid\":null,"
            + "\"file\":\"\",\"pos\":0,\"row\":0,\"thread\":null,\"query\":null}";

    @TempDir
    Path workspace;

    @Test
    void theBinlogReachesPostgresAndKafkaAsDebeziumsMysqlConnectorWritesIt() throws Exception {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        try (LocalStack stack = LocalStack.start(LocalStack.Options.local(workspace, MariaDbDemo.SERVICES));
             PrintStream out = new PrintStream(buffer, true, StandardCharsets.UTF_8)) {
            DemoCommand.Scenario.MARIADB.play(stack, out);

            List<TopicRecord> records = TopicReader.all(stack.services().kafka().bootstrapServers(), MariaDbDemo.TOPIC,
                    Duration.ofSeconds(1));
            List<String> events = new ArrayList<>();
            for (TopicRecord r : records) events.add(event(r));
            assertThat(events).hasSize(10);
            assertThat(events.subList(0, 3)).containsExactlyInAnyOrder(
                    "{\"id\":1} r null {\"id\":1,\"name\":\"apple\",\"version\":1} " + source("true"),
                    "{\"id\":2} r null {\"id\":2,\"name\":\"pear\",\"version\":1} " + source("true"),
                    "{\"id\":3} r null {\"id\":3,\"name\":\"plum\",\"version\":1} " + source("true"));
            assertThat(events.subList(3, 10)).containsExactly(
                    "{\"id\":4} c null {\"id\":4,\"name\":\"fig\",\"version\":1} " + source("false"),
                    "{\"id\":2} u {\"id\":2,\"name\":\"pear\",\"version\":1} {\"id\":2,\"name\":\"green pear\",\"version\":2} "
                            + source("false"),
                    "{\"id\":3} d {\"id\":3,\"name\":\"plum\",\"version\":1} null " + source("false"),
                    "{\"id\":3} tombstone",
                    "{\"id\":1} d {\"id\":1,\"name\":\"apple\",\"version\":1} null " + source("false"),
                    "{\"id\":1} tombstone",
                    "{\"id\":10} c null {\"id\":10,\"name\":\"apple\",\"version\":2} " + source("false"));
            // each record framed as JsonConverter frames it, with the schemas Debezium's MySQL connector names
            JsonNode first = Json.MAPPER.readTree(records.get(0).value());
            assertThat(first.path("schema").path("name").asText()).isEqualTo("shop.cdcbridge.items.Envelope");
            assertThat(first.path("schema").path("fields").get(2).path("name").asText()).isEqualTo("io.debezium.connector.mysql.Source");
            assertThat(Json.MAPPER.readTree(records.get(0).key()).path("schema").path("name").asText()).isEqualTo("shop.cdcbridge.items.Key");
            JsonNode change = Json.MAPPER.readTree(records.get(3).value()).path("payload").path("source");
            assertThat(change.path("ts_ms").asLong()).isPositive();

            MariaDbDemo demo = new MariaDbDemo(stack, out);
            assertThat(demo.target().rows()).containsExactly(List.of(2, "green pear", 2L), List.of(4, "fig", 1L), List.of(10, "apple", 2L));

            String printed = buffer.toString(StandardCharsets.UTF_8);
            System.out.println(printed); // the report shows what the demo prints
            assertThat(printed).contains("$ cdcbridge run examples/mariadb-kafka/flink/01-publish-items.sql",
                    "statement 'items-to-kafka' RUNNING", "statement 'items-to-pg' RUNNING");
            assertThat(printed).contains("Key: {\"id\":3}\nValue: null (tombstone)");
            // the table as psql prints it, after the snapshot and after the changes
            assertThat(printed).contains("postgres=# select * from items order by id;",
                    "  1 | apple |       1\n  2 | pear  |       1\n  3 | plum  |       1\n(3 rows)",
                    "  2 | green pear |       2\n  4 | fig        |       1\n 10 | apple      |       2\n(3 rows)");
        }
    }

    private static String source(String snapshot) {
        return String.format(SOURCE, snapshot);
    }

    // key payload, op, before, after and the source block without its times; a tombstone as such
    private static String event(TopicRecord r) throws Exception {
        String key = Json.MAPPER.readTree(r.key()).path("payload").toString();
        if (r.tombstone()) return key + " tombstone";
        JsonNode payload = Json.MAPPER.readTree(r.value()).path("payload");
        ObjectNode source = (ObjectNode) payload.path("source");
        source.remove(List.of("ts_ms", "ts_us", "ts_ns"));
        return key + " " + payload.path("op").asText() + " " + payload.path("before") + " " + payload.path("after")
                + " \"source\":" + source;
    }
}
