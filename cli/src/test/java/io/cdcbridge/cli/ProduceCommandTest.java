package io.cdcbridge.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.cdcbridge.cli.support.BrokerExtension;
import io.cdcbridge.cli.support.CommandRun;
import io.cdcbridge.cli.topic.TopicReader;
import io.cdcbridge.cli.topic.TopicRecord;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** `cdcbridge produce` against a real broker: what it sends, what it calls invalid and why, what it prints. */
@Tag("integration")
class ProduceCommandTest {

    static final Path SAMPLE = Path.of("../examples/users-migration/data/sample_events.json");

    @RegisterExtension
    static final BrokerExtension BROKER = new BrokerExtension();

    @TempDir
    Path dir;

    @Test
    void theSampleFilesValidEventsArePublishedKeyedByUserIdAndTheInvalidOnesNamed() {
        CommandRun run = produce("--file", SAMPLE.toString(), "--topic", "users_a", "--key", "user_id",
                "--timestamp-field", "timestamp_ms");

        assertThat(run.code()).isZero();
        assertThat(run.out().lines()).containsExactly(
                "event 3 (line 22) is invalid: malformed JSON: the text ends inside a string at line 1, column 55 (skipped)",
                "event 5 (line 33) is invalid: unknown op \"x\" (expected one of c, r, u, d) (skipped)",
                "event 7 (line 53) is invalid: missing key 'user_id' in 'after' (skipped)",
                "event 9 (line 72) is invalid: missing timestamp 'timestamp_ms' (skipped)",
                "sent 5 of 9 events from " + SAMPLE + " to 'users_a'; 4 invalid (skipped; --send-invalid sends them)");
        assertThat(records("users_a", 5)).extracting(TopicRecord::key, TopicRecord::value).containsExactly(
                kv("101", "{\"op\":\"c\",\"after\":{\"user_id\":101,\"name\":\"Daniel Kim\",\"email\":\"daniel.kim@contoso.com\",\"country_code\":\"US\"},\"timestamp_ms\":1726531200000}"),
                kv("101", "{\"op\":\"u\",\"after\":{\"user_id\":101,\"name\":\"Daniel J. Kim\",\"email\":\"daniel.j.kim@contoso.com\",\"country_code\":\"US\"},\"timestamp_ms\":1726531260000}"),
                kv("202", "{\"op\":\"c\",\"after\":{\"user_id\":202,\"name\":\"Priya Nair\",\"email\":\"priya.nair@gmail.com\",\"country_code\":\"IN\"},\"timestamp_ms\":1726531250000}"),
                kv("101", "{\"op\":\"d\",\"before\":{\"user_id\":101,\"name\":\"Daniel J. Kim\",\"email\":\"daniel.j.kim@contoso.com\",\"country_code\":\"US\"},\"timestamp_ms\":1726531240000}"),
                kv("303", "{\"op\":\"c\",\"after\":{\"user_id\":303,\"name\":\"Elena Fischer\",\"email\":\"elena.fischer@outlook.de\",\"country_code\":\"DE\"},\"timestamp_ms\":1726531270000}"));
    }

    @Test
    void sendInvalidSendsThemToo_withoutAKey_andJsonSaysWhichWereInvalid() {
        CommandRun run = produce("--file", SAMPLE.toString(), "--topic", "users_b", "--key", "user_id",
                "--timestamp-field", "timestamp_ms", "--send-invalid", "--json");

        assertThat(run.code()).isZero();
        assertThat(run.out().strip()).isEqualTo("{\"file\":\"" + SAMPLE + "\",\"topic\":\"users_b\",\"events\":9,\"sent\":9,\"invalid\":["
                + "{\"event\":3,\"line\":22,\"reason\":\"malformed JSON: the text ends inside a string at line 1, column 55\",\"sent\":true},"
                + "{\"event\":5,\"line\":33,\"reason\":\"unknown op \\\"x\\\" (expected one of c, r, u, d)\",\"sent\":true},"
                + "{\"event\":7,\"line\":53,\"reason\":\"missing key 'user_id' in 'after'\",\"sent\":true},"
                + "{\"event\":9,\"line\":72,\"reason\":\"missing timestamp 'timestamp_ms'\",\"sent\":true}],\"refused\":[]}");
        List<TopicRecord> sent = records("users_b", 9);
        assertThat(sent).hasSize(9);
        assertThat(sent.get(2).key()).isNull();
        assertThat(sent.get(2).value()).isEqualTo("{\"op\": \"u\", \"after\": {\"user_id\": 202, \"name\": \"Priya N");
        assertThat(sent.get(8).key()).isNull();
        assertThat(sent.get(8).value()).isEqualTo("{\"op\":\"u\",\"after\":{\"user_id\":202,\"name\":\"Priya Nair\","
                + "\"email\":\"priya.nair@company.com\",\"country_code\":\"SG\"}}");
    }

    @Test
    void aFileOfOneEventALineIsSentAsWrittenAndWithADelayEachEventIsAwaitedAndShown() throws Exception {
        Path file = Files.writeString(dir.resolve("events.jsonl"), """
                {"op":"r","after":{"id":1,"price":19.90},"ts_ms":1000}

                {"op":"u","after":{"id":1,"price":18.00},"ts_ms":2000}
                {"op":"u","after":{"id":1},"ts_ms":
                """);

        CommandRun run = produce("--file", file.toString(), "--topic", "prices", "--key", "id", "--delay", "0.01");

        assertThat(run.code()).isZero();
        assertThat(run.out().lines()).containsExactly(
                "[1/3] sent to prices-0 offset 0",
                "[2/3] sent to prices-0 offset 1",
                "event 3 (line 4) is invalid: malformed JSON: the text ends inside an object at line 1, column 36 (skipped)",
                "sent 2 of 3 events from " + file + " to 'prices'; 1 invalid (skipped; --send-invalid sends them)");
        assertThat(records("prices", 2)).extracting(TopicRecord::key, TopicRecord::value).containsExactly(
                kv("{\"id\":1}", "{\"op\":\"r\",\"after\":{\"id\":1,\"price\":19.90},\"ts_ms\":1000}"),
                kv("{\"id\":1}", "{\"op\":\"u\",\"after\":{\"id\":1,\"price\":18.00},\"ts_ms\":2000}"));
    }

    @Test
    void aFileThatIsNotUtf8IsSentAsItsBytesWithEachBadLineReported() throws Exception {
        byte[] latin1 = "{\"op\":\"c\",\"after\":{\"id\":2,\"name\":\"Jos\u00e9\"},\"ts_ms\":2}".getBytes(StandardCharsets.ISO_8859_1);
        byte[] overlong = {'{', '"', 'p', '"', ':', '"', (byte) 0xC0, (byte) 0xAF, '"', '}'};
        Path file = dir.resolve("bytes.jsonl");
        java.io.ByteArrayOutputStream content = new java.io.ByteArrayOutputStream();
        content.writeBytes("{\"op\":\"c\",\"after\":{\"id\":1},\"ts_ms\":1}\r\n".getBytes(StandardCharsets.UTF_8));
        content.writeBytes(latin1);
        content.write('\n');
        content.writeBytes(overlong);
        Files.write(file, content.toByteArray());

        CommandRun run = produce("--file", file.toString(), "--topic", "raw_bytes", "--key", "id", "--raw", "--send-invalid", "--delay", "10ms");

        assertThat(run.code()).isZero();
        assertThat(run.out().lines()).containsExactly(
                "[1/3] sent to raw_bytes-0 offset 0",
                "event 2 (line 2) is invalid: not valid UTF-8: byte E9 at offset 37 (sent anyway)",
                "[2/3] sent to raw_bytes-0 offset 1",
                "event 3 (line 3) is invalid: not valid UTF-8: byte C0 at offset 6 (an overlong encoding) (sent anyway)",
                "[3/3] sent to raw_bytes-0 offset 2",
                "sent 3 of 3 events from " + file + " to 'raw_bytes'; 2 invalid (sent anyway)");
        List<byte[]> values = new java.util.ArrayList<>();
        TopicReader.readRecords(BROKER.bootstrapServers(), "raw_bytes", true, 3, Duration.ofSeconds(10), r -> values.add(r.value()));
        assertThat(values).containsExactly("{\"op\":\"c\",\"after\":{\"id\":1},\"ts_ms\":1}".getBytes(StandardCharsets.UTF_8), latin1, overlong);
    }

    @Test
    void anEventKafkaRefusesIsReportedAndTheRestAreSent() throws Exception {
        // over the producer's max.request.size (1 MiB by default)
        String big = "{\"op\":\"c\",\"after\":{\"id\":2,\"name\":\"" + "x".repeat(1_100_000) + "\"},\"ts_ms\":2}";
        Path file = Files.writeString(dir.resolve("big.jsonl"), "{\"op\":\"c\",\"after\":{\"id\":1},\"ts_ms\":1}\n"
                + big + "\n{\"op\":\"c\",\"after\":{\"id\":3},\"ts_ms\":3}\n");

        CommandRun run = produce("--file", file.toString(), "--topic", "small", "--key", "id");

        assertThat(run.out().lines()).as(run.err()).containsExactly(
                "event 2 (line 2) was refused by Kafka: The message is 1100143 bytes when serialized which is larger than 1048576, which is the value of the max.request.size configuration. (not sent)",
                "sent 2 of 3 events from " + file + " to 'small'; 1 refused by Kafka");
        assertThat(run.code()).isEqualTo(1);
        assertThat(records("small", 2)).extracting(TopicRecord::key).containsExactly("{\"id\":1}", "{\"id\":3}");
    }

    @Test
    void aBrokenArraySendsNothingAndSaysWhere() throws Exception {
        Path file = Files.writeString(dir.resolve("broken.json"), """
                [
                  {"op":"c","after":{"id":1},"ts_ms":1000},
                  {"op":"c","after":{"id":2},"ts_ms":2000}
                  {"op":"c","after":{"id":3},"ts_ms":3000}
                ]
                """);

        CommandRun run = produce("--file", file.toString(), "--topic", "broken", "--key", "id");

        assertThat(run.code()).isEqualTo(1);
        assertThat(run.err().strip()).isEqualTo("error: " + file + ": not a JSON array of events: Unexpected character ('{'"
                + " (code 123)): was expecting comma to separate Array entries at line 4, column 4");
        assertThat(BROKER.kafka().topics()).doesNotContain("broken");
    }

    @Test
    void withoutAKafkaToTalkToItSaysHowToNameOne() throws Exception {
        CommandRun run = produce("--file", SAMPLE.toString(), "--topic", "users_c", "--server", "http://127.0.0.1:1");

        assertThat(run.code()).isEqualTo(1);
        assertThat(run.err()).contains("or pass --bootstrap-servers");
    }

    private static Tuple kv(String userIdOrKey, String value) {
        String key = userIdOrKey.startsWith("{") ? userIdOrKey : "{\"user_id\":" + userIdOrKey + "}";
        return Tuple.tuple(key, value);
    }

    private static List<TopicRecord> records(String topic, int count) {
        List<TopicRecord> out = new java.util.ArrayList<>();
        TopicReader.read(BROKER.bootstrapServers(), topic, true, count, Duration.ofSeconds(10), out::add);
        return out;
    }

    // Runs the command as `cdcbridge produce ...` does, with the broker's address unless the test names a server.
    private CommandRun produce(String... args) {
        List<String> line = new java.util.ArrayList<>(List.of("produce"));
        line.addAll(List.of(args));
        if (!line.contains("--server")) line.addAll(List.of("--bootstrap-servers", BROKER.bootstrapServers()));
        line.addAll(List.of("--workspace", dir.resolve("no-workspace").toString()));
        return CommandRun.of(line.toArray(String[]::new));
    }
}
