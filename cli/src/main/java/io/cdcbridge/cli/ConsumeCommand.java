package io.cdcbridge.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cdcbridge.cli.topic.TopicReader;
import io.cdcbridge.cli.topic.TopicRecord;
import io.cdcbridge.control.workspace.Json;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code cdcbridge consume TOPIC}: prints a topic's records, a tombstone shown as such. */
@Command(name = "consume", mixinStandardHelpOptions = true, description = "Prints the records of a Kafka topic (key, value; tombstones marked).")
final class ConsumeCommand implements Callable<Integer> {

    @Parameters(paramLabel = "TOPIC")
    String topic;

    @Option(names = "--from-beginning", description = "Start at the oldest record instead of the newest.")
    boolean fromBeginning;

    @Option(names = "--max", defaultValue = "0", description = "Stop after N records (0: no limit).")
    int max;

    @Option(names = "--idle-timeout", description = "Stop when no record arrived for this long, e.g. 5s (default: wait for ever).")
    String idle;

    @Option(names = "--bootstrap-server", description = "Kafka to read from (default: the server's ${KAFKA_BOOTSTRAP_SERVERS}).")
    String bootstrap;

    @Mixin
    ClientOptions client;

    @Override
    public Integer call() {
        String servers = client.kafkaBootstrapServers(bootstrap, "--bootstrap-server");
        Duration idleTimeout = idle == null ? Duration.ofDays(3650) : Duration.parse("PT" + idle.toUpperCase());
        TopicReader.read(servers, topic, fromBeginning, max, idleTimeout, r -> System.out.println(
                client.json ? json(r) : text(r)));
        return 0;
    }

    /** The human form of a record: key and value, or the key and a tombstone marker; then its headers, if any. */
    static String text(TopicRecord r) {
        StringBuilder s = new StringBuilder("key: " + r.key() + "  value: " + (r.tombstone() ? "(tombstone)" : r.value()));
        r.headers().forEach((k, v) -> s.append("\n  ").append(k).append(": ").append(v));
        return s.toString();
    }

    private static String json(TopicRecord r) {
        ObjectNode o = Json.MAPPER.createObjectNode();
        o.put("topic", r.topic());
        o.put("partition", r.partition());
        o.put("offset", r.offset());
        o.put("timestamp", r.timestamp());
        o.set("key", parsed(r.key()));
        o.set("value", parsed(r.value()));
        ObjectNode headers = o.putObject("headers");
        r.headers().forEach(headers::put);
        return o.toString();
    }

    private static JsonNode parsed(String s) {
        if (s == null) return Json.MAPPER.nullNode();
        try {
            return Json.MAPPER.readTree(s);
        } catch (Exception e) {
            return Json.MAPPER.getNodeFactory().textNode(s);
        }
    }
}
