package io.cdcbridge.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.cdcbridge.cli.support.BrokerExtension;
import io.cdcbridge.cli.support.CommandRun;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * `cdcbridge consume` against a real broker: a tombstone, an empty value and bytes that are not UTF-8 each shown as
 * what they are; a missing topic told from an empty one.
 */
@Tag("integration")
class ConsumeCommandTest {

    @RegisterExtension
    static final BrokerExtension BROKER = new BrokerExtension();

    // C0 AF: an overlong '/', not UTF-8
    static final byte[] NOT_UTF8 = {'a', (byte) 0xC0, (byte) 0xAF, 'b'};

    @TempDir
    Path dir;

    @BeforeAll
    static void records() throws Exception {
        BROKER.kafka().createTopic("mixed", 1);
        BROKER.kafka().createTopic("nothing", 1);
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, BROKER.bootstrapServers());
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
            for (byte[] value : List.of(bytes("{\"id\":1}"), new byte[0], NOT_UTF8)) {
                producer.send(new ProducerRecord<>("mixed", 0, 1L, bytes("k"), value)).get(30, TimeUnit.SECONDS);
            }
            producer.send(new ProducerRecord<>("mixed", 0, 1L, bytes("k"), (byte[]) null)).get(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void aTombstoneAnEmptyValueAndBytesThatAreNotUtf8AreEachShownAsWhatTheyAre() {
        CommandRun run = consume("mixed", "--from-beginning", "--max", "4");

        assertThat(run.code()).isZero();
        assertThat(run.out().lines()).containsExactly(
                "key: k  value: {\"id\":1}",
                "key: k  value: (empty)",
                "key: k  value: (not UTF-8, 4 bytes, base64) YcCvYg==",
                "key: k  value: (tombstone)");
    }

    @Test
    void asJsonAnEmptyValueIsAnEmptyStringATombstoneIsNullAndOtherBytesAreBase64() {
        CommandRun run = consume("mixed", "--from-beginning", "--max", "4", "--json");

        assertThat(run.out().lines()).containsExactly(
                json(0, "\"key\":\"k\",\"value\":{\"id\":1},\"tombstone\":false"),
                json(1, "\"key\":\"k\",\"value\":\"\",\"tombstone\":false"),
                json(2, "\"key\":\"k\",\"value\":\"YcCvYg==\",\"value_encoding\":\"base64\",\"tombstone\":false"),
                json(3, "\"key\":\"k\",\"value\":null,\"tombstone\":true"));
    }

    @Test
    void withBase64EveryKeyAndValueIsBase64OfItsBytes_andTheOldFlagSpellingStillWorks() {
        CommandRun run = consume("mixed", "--from-beginning", "--max", "2", "--json", "--base64",
                "--bootstrap-server", BROKER.bootstrapServers());

        assertThat(run.out().lines()).containsExactly(
                json(0, "\"key\":\"aw==\",\"key_encoding\":\"base64\",\"value\":\"eyJpZCI6MX0=\",\"value_encoding\":\"base64\",\"tombstone\":false"),
                json(1, "\"key\":\"aw==\",\"key_encoding\":\"base64\",\"value\":\"\",\"value_encoding\":\"base64\",\"tombstone\":false"));
    }

    @Test
    void aMissingTopicIsAnErrorAndAnEmptyOneIsSaidToBeEmpty() {
        CommandRun missing = consume("no_such_topic", "--from-beginning", "--idle-timeout", "1s");
        CommandRun empty = consume("nothing", "--from-beginning", "--idle-timeout", "500ms");

        assertThat(missing.code()).isEqualTo(1);
        assertThat(missing.err().strip()).isEqualTo("error: topic 'no_such_topic' does not exist at " + BROKER.bootstrapServers());
        assertThat(empty.code()).isZero();
        assertThat(empty.out()).isEmpty();
        assertThat(empty.err().strip()).isEqualTo("topic 'nothing' exists and holds no records");
    }

    private static String json(long offset, String fields) {
        return "{\"topic\":\"mixed\",\"partition\":0,\"offset\":" + offset + ",\"timestamp\":1," + fields + ",\"headers\":{}}";
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private CommandRun consume(String... args) {
        List<String> line = new java.util.ArrayList<>(List.of("consume"));
        line.addAll(List.of(args));
        if (!line.contains("--bootstrap-server")) line.addAll(List.of("--bootstrap-servers", BROKER.bootstrapServers()));
        line.addAll(List.of("--workspace", dir.resolve("no-workspace").toString()));
        return CommandRun.of(line.toArray(String[]::new));
    }
}
