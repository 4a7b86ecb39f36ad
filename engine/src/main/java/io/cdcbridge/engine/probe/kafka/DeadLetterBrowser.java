package io.cdcbridge.engine.probe.kafka;

import io.cdcbridge.connectors.deadletter.DeadLetter;
import io.cdcbridge.connectors.deadletter.DeadLetterOptions;
import io.cdcbridge.connectors.kafka.KafkaDlqOptions;
import io.cdcbridge.control.engine.DeadLetters;
import io.cdcbridge.control.secret.Redactor;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeSet;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads a statement's dead letters from the dead-letter topics of its tables ({@code cdcbridge-kafka}: {@code dlq.topic},
 * by default {@code <topic>_dlq}; {@code cdcbridge-jdbc}: {@code dlq.topic}), keeping those whose statement header
 * names it (a topic may be shared), as a page with previews safe to show: text cut to {@value #PREVIEW} characters
 * with values after sensitive keys masked, bytes that are not UTF-8 as base64.
 */
public final class DeadLetterBrowser {

    /** Characters of a key or value shown at most. */
    static final int PREVIEW = 500;
    // records read at the most for one page (the total is then a lower bound)
    private static final int MAX_READ = 100_000;
    private static final Duration POLL = Duration.ofMillis(500);
    private static final Duration DEADLINE = Duration.ofSeconds(20);

    /** A dead-letter topic and the Kafka client settings to read it with. */
    public record Topic(String name, Properties client) {}

    private DeadLetterBrowser() {}

    /** The dead-letter topic a table with these options writes to, if it has one. */
    public static java.util.Optional<Topic> topicOf(Map<String, String> o) {
        String connector = o.getOrDefault("connector", "");
        String topic = o.get(DeadLetterOptions.TOPIC.key());
        if (topic == null && connector.equals("cdcbridge-kafka") && o.get("topic") != null && !o.get("topic").contains(";")) {
            topic = KafkaDlqOptions.defaultDeadLetterTopic(o.get("topic"));
        }
        if (topic == null) return java.util.Optional.empty();
        Properties client = new Properties();
        // the dead-letter producer inherits the source consumer's connection settings, as the connector does
        o.forEach((k, v) -> {
            if (k.startsWith("properties.") && !k.equals("properties.group.id")) client.setProperty(k.substring("properties.".length()), v);
        });
        client.putAll(DeadLetterOptions.producerProperties(o));
        if (client.getProperty("bootstrap.servers") == null) return java.util.Optional.empty();
        return java.util.Optional.of(new Topic(topic, client));
    }

    /** The page of {@code statement}'s letters in {@code topics} from {@code offset} on, at most {@code limit}. */
    public static DeadLetters read(List<Topic> topics, String statement, int offset, int limit) {
        if (topics.isEmpty()) return DeadLetters.none(offset, limit, "no table of this statement has a dead-letter topic");
        List<DeadLetters.Letter> page = new ArrayList<>();
        long total = 0;
        boolean complete = true;
        int read = 0;
        TreeSet<String> names = new TreeSet<>();
        for (Topic t : topics.stream().sorted(Comparator.comparing(Topic::name)).distinct().toList()) {
            if (!names.add(t.name())) continue;
            Properties p = new Properties();
            p.putAll(t.client());
            p.setProperty(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
            p.setProperty(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "2000");
            p.remove(ConsumerConfig.GROUP_ID_CONFIG);
            try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
                List<PartitionInfo> infos = consumer.partitionsFor(t.name(), Duration.ofSeconds(10));
                if (infos == null || infos.isEmpty()) continue;
                List<TopicPartition> partitions = infos.stream().map(i -> new TopicPartition(i.topic(), i.partition()))
                        .sorted(Comparator.comparingInt(TopicPartition::partition)).toList();
                Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(10));
                // one partition after the other, so letters come in (partition, offset) order
                for (TopicPartition tp : partitions) {
                    consumer.assign(List.of(tp));
                    consumer.seekToBeginning(List.of(tp));
                    long until = end.getOrDefault(tp, 0L);
                    Instant deadline = Instant.now().plus(DEADLINE);
                    while (consumer.position(tp) < until) {
                        if (read >= MAX_READ || Instant.now().isAfter(deadline)) {
                            complete = false;
                            break;
                        }
                        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(POLL)) {
                            if (r.offset() >= until) break;
                            read++;
                            Map<String, String> headers = headers(r);
                            if (!statement.equals(headers.get(DeadLetter.STATEMENT))) continue;
                            if (total >= offset && page.size() < limit) page.add(letter(r, headers));
                            total++;
                        }
                    }
                }
            } catch (org.apache.kafka.common.KafkaException e) {
                return new DeadLetters(List.copyOf(names), total, false, offset, limit, page,
                        "cannot read dead-letter topic '" + t.name() + "': " + e.getMessage());
            }
        }
        return new DeadLetters(List.copyOf(names), total, complete, offset, limit, page, null);
    }

    private static Map<String, String> headers(ConsumerRecord<byte[], byte[]> r) {
        Map<String, String> out = new LinkedHashMap<>();
        for (Header h : r.headers()) out.put(h.key(), h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8));
        return out;
    }

    private static DeadLetters.Letter letter(ConsumerRecord<byte[], byte[]> r, Map<String, String> headers) {
        String origin;
        if (headers.containsKey(DeadLetter.SOURCE_TOPIC)) {
            origin = headers.get(DeadLetter.SOURCE_TOPIC) + "-" + headers.get(DeadLetter.SOURCE_PARTITION) + " offset "
                    + headers.get(DeadLetter.SOURCE_OFFSET);
        } else if (headers.containsKey(DeadLetter.TARGET_TABLE)) {
            origin = "refused by " + headers.get(DeadLetter.TARGET_TABLE)
                    + (headers.containsKey(DeadLetter.ROW_KIND) ? " (" + headers.get(DeadLetter.ROW_KIND) + ")" : "");
        } else {
            origin = null;
        }
        Preview value = preview(r.value());
        Preview key = preview(r.key());
        Map<String, String> shown = new LinkedHashMap<>();
        headers.forEach((k, v) -> shown.put(k, Redactor.text(v)));
        return new DeadLetters.Letter(r.topic(), r.partition(), r.offset(), Instant.ofEpochMilli(r.timestamp()),
                Redactor.text(headers.get(DeadLetter.REASON)), origin, key == null ? null : key.text(),
                value == null ? null : value.text(), value == null || !value.base64() ? null : "base64",
                r.value() == null ? 0 : r.value().length, shown);
    }

    record Preview(String text, boolean base64) {}

    // text when the bytes are UTF-8 (secrets after sensitive keys masked), else base64; cut to PREVIEW characters
    static Preview preview(byte[] bytes) {
        if (bytes == null) return null;
        try {
            String text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
            return new Preview(cut(Redactor.text(text)), false);
        } catch (CharacterCodingException e) {
            return new Preview(cut(Base64.getEncoder().encodeToString(bytes)), true);
        }
    }

    private static String cut(String s) {
        return s.length() <= PREVIEW ? s : s.substring(0, PREVIEW) + "…";
    }
}
