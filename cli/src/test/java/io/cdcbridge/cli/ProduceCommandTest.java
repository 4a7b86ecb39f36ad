package io.cdcbridge.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.cdcbridge.cli.support.BrokerExtension;
import io.cdcbridge.cli.topic.TopicReader;
import io.cdcbridge.cli.topic.TopicRecord;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
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
        Run run = produce("--file", SAMPLE.toString(), "--topic", "users_a", "--key", "user_id",
                "--timestamp-field", "timestamp_ms");

        assertThat(run.exit).isZero();
        assertThat(run.out.lines()).containsExactly(
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
        Run run = produce("--file", SAMPLE.toString(), "--topic", "users_b", "--key", "user_id",
                "--timestamp-field", "timestamp_ms", "--send-invalid", "--json");

        assertThat(run.exit).isZero();
        assertThat(run.out.strip()).isEqualTo("{\"file\":\"" + SAMPLE + "\",\"topic\":\"users_b\",\"events\":9,\"sent\":9,\"invalid\":["
                + "{\"event\":3,\"line\":22,\"reason\":\"malformed JSON: the text ends inside a string at line 1, column 55\",\"sent\":true},"
                + "{\"event\":5,\"line\":33,\"reason\":\"unknown op \\\"x\\\" (expected one of c, r, u, d)\",\"sent\":true},"
                + "{\"event\":7,\"line\":53,\"reason\":\"missing key 'user_id' in 'after'\",\"sent\":true},"
                + "{\"event\":9,\"line\":72,\"reason\":\"missing timestamp 'timestamp_ms'\",\"sent\":true}]}");
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

        Run run = produce("--file", file.toString(), "--topic", "prices", "--key", "id", "--delay", "0.01");

        assertThat(run.exit).isZero();
        assertThat(run.out.lines()).containsExactly(
                "[1/3] sent to prices-0 offset 0",
                "[2/3] sent to prices-0 offset 1",
                "event 3 (line 4) is invalid: malformed JSON: the text ends inside an object at line 1, column 36 (skipped)",
                "sent 2 of 3 events from " + file + " to 'prices'; 1 invalid (skipped; --send-invalid sends them)");
        assertThat(records("prices", 2)).extracting(TopicRecord::key, TopicRecord::value).containsExactly(
                kv("{\"id\":1}", "{\"op\":\"r\",\"after\":{\"id\":1,\"price\":19.90},\"ts_ms\":1000}"),
                kv("{\"id\":1}", "{\"op\":\"u\",\"after\":{\"id\":1,\"price\":18.00},\"ts_ms\":2000}"));
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

        Run run = produce("--file", file.toString(), "--topic", "broken", "--key", "id");

        assertThat(run.exit).isEqualTo(1);
        assertThat(run.err.strip()).isEqualTo("error: " + file + ": not a JSON array of events: Unexpected character ('{'"
                + " (code 123)): was expecting comma to separate Array entries at line 4, column 4");
        assertThat(BROKER.kafka().topics()).doesNotContain("broken");
    }

    @Test
    void withoutAKafkaToTalkToItSaysHowToNameOne() throws Exception {
        Run run = produce("--file", SAMPLE.toString(), "--topic", "users_c", "--server", "http://127.0.0.1:1");

        assertThat(run.exit).isEqualTo(1);
        assertThat(run.err).contains("or pass --bootstrap-servers");
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

    private record Run(int exit, String out, String err) {}

    // Runs the command as `cdcbridge produce ...` does, with the broker's address unless the test names a server.
    private Run produce(String... args) {
        List<String> line = new java.util.ArrayList<>(List.of("produce"));
        line.addAll(List.of(args));
        if (!line.contains("--server")) line.addAll(List.of("--bootstrap-servers", BROKER.bootstrapServers()));
        line.addAll(List.of("--workspace", dir.resolve("no-workspace").toString()));
        PrintStream stdout = System.out;
        PrintStream stderr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit;
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            exit = Main.execute(line.toArray(String[]::new));
        } finally {
            System.setOut(stdout);
            System.setErr(stderr);
        }
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
