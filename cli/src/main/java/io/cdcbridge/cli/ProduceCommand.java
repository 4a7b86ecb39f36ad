package io.cdcbridge.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cdcbridge.cli.topic.EventEncoder;
import io.cdcbridge.cli.topic.EventFile;
import io.cdcbridge.cli.topic.EventPublisher;
import io.cdcbridge.connectors.avro.RegistryClient;
import io.cdcbridge.connectors.cdcjson.ChangeEventRules;
import io.cdcbridge.control.workspace.Json;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.producer.RecordMetadata;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code cdcbridge produce}: publishes change events from a file, checked as the format checks them. */
@Command(name = "produce", mixinStandardHelpOptions = true,
        description = {"Publishes change events from a file (a JSON array, or one JSON a line) to a Kafka topic.",
                "Each event is checked as the cdc-json format checks it; invalid ones are reported with the reason and "
                        + "skipped, or sent with --send-invalid (to exercise the dead-letter topic).",
                "With --format avro each event is a row encoded with the topic's registered Avro schema."})
final class ProduceCommand implements Callable<Integer> {

    @Option(names = "--file", required = true, paramLabel = "FILE", description = "The events: a JSON array, or one JSON a line.")
    Path file;

    @Option(names = "--topic", required = true, paramLabel = "TOPIC", description = "The topic to publish to.")
    String topic;

    @Option(names = "--delay", defaultValue = "0", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Pause after each event, to watch events arrive one by one; each event is then awaited ("
                    + DurationConverter.SYNTAX + "; default: none).")
    Duration delay;

    @Option(names = "--raw", description = "Send each line of the file as the bytes it holds (any encoding, JSON or not),"
            + " also when the file starts with '['. Events are still checked and reported.")
    boolean raw;

    @Option(names = "--key", split = ",", paramLabel = "FIELD",
            description = "Key field(s) of the rows: events without them are invalid, and the record key is {\"FIELD\": value}.")
    List<String> key = List.of();

    @Option(names = "--timestamp-field", defaultValue = ChangeEventRules.DEFAULT_TIMESTAMP_FIELD, paramLabel = "FIELD",
            description = "The event time field, as 'cdc-json.timestamp-field' (default: ${DEFAULT-VALUE}).")
    String timestampField;

    @Option(names = "--send-invalid", description = "Send invalid events too.")
    boolean sendInvalid;

    @Option(names = "--format", defaultValue = "cdc-json", paramLabel = "FORMAT",
            description = "cdc-json (default): change events sent as they are; avro: each event a row (a JSON object), "
                    + "encoded with the latest versions of the subjects <topic>-value (and <topic>-key for --key) in "
                    + "Confluent's wire format.")
    String format;

    @Option(names = "--registry", paramLabel = "URL",
            description = "The schema registry for --format avro (default: the server's, $${SCHEMA_REGISTRY_URL}).")
    String registry;

    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT",
            description = "Kafka to publish to (default: the server's $${KAFKA_BOOTSTRAP_SERVERS}).")
    String bootstrap;

    // the spellings of earlier versions, still taken
    @Option(names = {"--bootstrap-server", "--bootstrap"}, hidden = true)
    void bootstrapAlias(String servers) {
        bootstrap = servers;
    }

    @Mixin
    ClientOptions client;

    @Override
    public Integer call() {
        if (!Files.isRegularFile(file)) throw new IllegalArgumentException("no such file: " + file);
        String servers = client.kafkaBootstrapServers(bootstrap, "--bootstrap-servers");
        PrintStream out = System.out;
        if (key.isEmpty() && !client.json) out.println("note: without --key events are not checked for a key and are sent without one");
        EventPublisher.Options options = new EventPublisher.Options(topic, encoder(), sendInvalid, delay);
        EventPublisher.Summary summary = EventPublisher.publish(servers, new EventFile(file, raw), options, new Printer());
        if (client.json) out.println(json(summary));
        else out.println(text(summary));
        // events Kafka refused were not sent: a script must be able to tell
        return summary.refused().isEmpty() ? 0 : 1;
    }

    private EventEncoder encoder() {
        if (format.equals("cdc-json")) return EventEncoder.cdcJson(new ChangeEventRules(key, timestampField));
        if (!format.equals("avro")) throw new IllegalArgumentException("--format is cdc-json or avro, not '" + format + "'");
        RegistryClient registryClient = client.registry(registry);
        if (registryClient == null) {
            throw new IllegalStateException("--format avro needs a schema registry: the server's was not found; pass --registry URL");
        }
        try {
            return EventEncoder.avro(registryClient, topic, key);
        } catch (IOException e) {
            throw new IllegalStateException("--format avro: " + e.getMessage(), e);
        }
    }

    // One line an invalid event; a line an event when they are paced (a paced run is watched), else progress once a second.
    private final class Printer implements EventPublisher.Listener {

        private long lastProgress = System.nanoTime();

        @Override
        public void invalid(EventPublisher.Invalid bad) {
            if (client.json) return;
            System.out.println("event " + bad.event().number() + " (line " + bad.event().line() + ") is invalid: "
                    + bad.reason() + (bad.sent() ? " (sent anyway)" : " (skipped)"));
        }

        @Override
        public void refused(EventPublisher.Refused refused) {
            if (client.json) return;
            System.out.println("event " + refused.event().number() + " (line " + refused.event().line() + ") was refused by Kafka: "
                    + refused.reason() + " (not sent)");
        }

        @Override
        public void sent(EventFile.Event event, int total, RecordMetadata acked) {
            if (acked != null && !client.json) {
                System.out.println("[" + event.number() + "/" + total + "] sent to " + acked.topic() + "-"
                        + acked.partition() + " offset " + acked.offset());
            } else if (System.nanoTime() - lastProgress > 1_000_000_000L) {
                lastProgress = System.nanoTime();
                System.err.println("sent " + event.number() + " of " + total + " events ("
                        + 100L * event.number() / total + "%)");
            }
        }
    }

    private String text(EventPublisher.Summary s) {
        int invalid = s.invalid().size();
        String what = "sent " + s.sent() + " of " + s.events() + " events from " + file + " to '" + topic + "'";
        if (invalid > 0) what += "; " + invalid + " invalid " + (sendInvalid ? "(sent anyway)" : "(skipped; --send-invalid sends them)");
        if (!s.refused().isEmpty()) what += "; " + s.refused().size() + " refused by Kafka";
        return what;
    }

    private String json(EventPublisher.Summary s) {
        ObjectNode o = Json.MAPPER.createObjectNode();
        o.put("file", file.toString());
        o.put("topic", topic);
        o.put("events", s.events());
        o.put("sent", s.sent());
        ArrayNode invalid = o.putArray("invalid");
        for (EventPublisher.Invalid bad : s.invalid()) {
            invalid.addObject()
                    .put("event", bad.event().number())
                    .put("line", bad.event().line())
                    .put("reason", bad.reason())
                    .put("sent", bad.sent());
        }
        ArrayNode refused = o.putArray("refused");
        for (EventPublisher.Refused r : s.refused()) {
            refused.addObject().put("event", r.event().number()).put("line", r.event().line()).put("reason", r.reason());
        }
        return o.toString();
    }
}
