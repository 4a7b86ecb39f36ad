package io.cdcbridge.cli.support;

import com.fasterxml.jackson.databind.JsonNode;
import io.cdcbridge.cli.topic.TopicRecord;
import io.cdcbridge.cli.topic.TopicWriter;
import io.cdcbridge.control.server.ScriptRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.awaitility.Awaitility;

/**
 * A statement with figures known in advance: five change events and one malformed one on a topic, read by
 * cdcbridge-kafka with cdc-json into a Kafka topic; so five rows written, one dead letter, nothing behind.
 */
public final class CountedPipeline {

    public static final int ROWS = 5;
    public static final int DEAD_LETTERS = 1;

    private CountedPipeline() {}

    /** The first sample of statement {@code name} with every figure counted (and {@code more} true of it). */
    public static JsonNode awaitCounted(StackExtension stack, String name, Predicate<JsonNode> more) {
        return Awaitility.await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1))
                .until(() -> stack.server().metrics(name).path("latest"),
                        m -> m.path("rows_written").asLong(-1) == ROWS && m.path("dead_letters").asLong(-1) == DEAD_LETTERS
                                && m.path("messages_behind").asLong(-1) == 0 && more.test(m));
    }

    /** Publishes the events to {@code <prefix>_events} and runs statement {@code name} into {@code <prefix>_out}. */
    public static void start(StackExtension stack, String prefix, String name) {
        String in = prefix + "_events";
        List<TopicRecord> events = new ArrayList<>();
        for (int id = 1; id <= ROWS; id++) {
            events.add(new TopicRecord(in, 0, 0, 0, "{\"id\":" + id + "}",
                    "{\"op\":\"c\",\"after\":{\"id\":" + id + ",\"name\":\"n" + id + "\"},\"ts_ms\":1700000000000}"));
        }
        events.add(new TopicRecord(in, 0, 0, 0, "{\"id\":9}", "{\"op\":\"x\",\"after\":{\"id\":9}}"));
        TopicWriter.write(stack.bootstrap(), in, events);

        stack.server().runScript(new ScriptRequest(prefix + ".sql", """
                CREATE TABLE %1$s_events (op STRING, `before` ROW<id BIGINT, name STRING>,
                  `after` ROW<id BIGINT, name STRING>, ts_ms BIGINT) WITH (
                  'connector' = 'cdcbridge-kafka', 'topic' = '%1$s_events',
                  'properties.bootstrap.servers' = '${KAFKA_BOOTSTRAP_SERVERS}',
                  'scan.startup.mode' = 'earliest-offset', 'format' = 'cdc-json', 'cdc-json.key-fields' = 'id');
                CREATE TABLE %1$s_out (id BIGINT, name STRING) WITH (
                  'connector' = 'kafka', 'topic' = '%1$s_out',
                  'properties.bootstrap.servers' = '${KAFKA_BOOTSTRAP_SERVERS}', 'format' = 'json');
                SET 'client.statement-name' = '%2$s';
                INSERT INTO %1$s_out SELECT `after`.id, `after`.name FROM %1$s_events;
                """.formatted(prefix, name), Map.of(), false));
    }
}
