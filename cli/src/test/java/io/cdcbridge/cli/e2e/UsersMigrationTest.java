package io.cdcbridge.cli.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cdcbridge.cli.DemoCommand;
import io.cdcbridge.cli.client.ServerClient;
import io.cdcbridge.cli.demo.MigrationDemo;
import io.cdcbridge.cli.demo.QueryResult;
import io.cdcbridge.cli.stack.LocalStack;
import io.cdcbridge.cli.support.CommandRun;
import io.cdcbridge.cli.topic.TopicRecord;
import io.cdcbridge.cli.topic.TopicWriter;
import io.cdcbridge.connectors.deadletter.DeadLetter;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Seed 001 end to end on real PostgreSQL, Kafka and Flink, as {@code cdcbridge demo migration} runs it: the sample
 * events through the five scripts into users_enriched, where the update wins over the delete that arrives after it
 * but happened before it, and the malformed events are dead letters with their reasons.
 */
@Tag("integration")
class UsersMigrationTest {

    @TempDir
    Path workspace;

    @Test
    void theSampleEventsEndInUsersEnrichedAndTheMalformedOnesInTheDeadLetterTopic() throws Exception {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        try (LocalStack stack = LocalStack.start(LocalStack.Options.local(workspace, "postgres,kafka"))) {
            PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8);
            // as `cdcbridge demo migration` runs it
            DemoCommand.Scenario.MIGRATION.play(stack, out);
            assertThat(printed.toString(StandardCharsets.UTF_8))
                    .contains("$ cdcbridge run ", "statement 'users-enriched' RUNNING", " user_id |",
                            "     101 | Daniel J. Kim", "(3 rows)", "users_cdc/0@4: unknown op \"x\"");
            MigrationDemo demo = new MigrationDemo(stack, out);

            Awaitility.await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> assertThat(target(stack)).containsExactly(
                    List.of(101L, "Daniel J. Kim", "daniel.j.kim@contoso.com", "contoso.com", "US", "United States", true, false, "2024-09-17T00:01:00Z"),
                    List.of(202L, "Priya Nair", "priya.nair@gmail.com", "gmail.com", "IN", "India", false, false, "2024-09-17T00:00:50Z"),
                    List.of(303L, "Elena Fischer", "elena.fischer@outlook.de", "outlook.de", "DE", "Germany", false, false, "2024-09-17T00:01:10Z")));

            List<TopicRecord> letters = demo.deadLetters(4);
            assertThat(letters).extracting(r -> r.headers().get(DeadLetter.SOURCE_OFFSET) + ": " + r.headers().get(DeadLetter.REASON))
                    .containsExactly(
                            "2: malformed JSON: the text ends inside a string at line 1, column 55",
                            "4: unknown op \"x\" (expected one of c, r, u, d)",
                            "6: missing key 'user_id' in 'after'",
                            "8: missing timestamp 'timestamp_ms'");

            JsonNode statement = new ServerClient(stack.url()).statement("users-enriched");
            assertThat(statement.path("status").path("phase").asText()).isEqualTo("RUNNING");
            assertThat(statement.path("spec").path("properties").path("table.exec.state.ttl").asText()).isEqualTo("7 days");

            // verify: the statement's query run again over the topic, into a scratch table beside users_enriched
            String bootstrap = stack.services().kafka().bootstrapServers();
            CommandRun equal = CommandRun.of("verify", "users-enriched", "--server", stack.url());
            assertThat(equal.code()).as(equal.out() + equal.err()).isEqualTo(0);
            assertThat(equal.out()).startsWith("source: the statement's query run again over topic 'users_cdc' (a producer fills it) to"
                    + " its end, in the scratch table below\n").contains("3 source rows, 3 target rows").endsWith("equal\n");

            // a row changed, one deleted and one added by hand: each reported with its key (and column), then repaired
            stack.services().postgres().execute("UPDATE users_enriched SET name = 'Dan Kim' WHERE user_id = 101",
                    "DELETE FROM users_enriched WHERE user_id = 202",
                    "INSERT INTO users_enriched VALUES (404, 'Nobody', 'no@body.org', 'body.org', 'US', 'United States', false, false,"
                            + " '2024-09-17 00:02:00+00')");
            // one verify --repair: the report names each key (and column) first, then the rows are written again
            CommandRun repaired = CommandRun.of("verify", "users-enriched", "--repair", "--server", stack.url());
            assertThat(repaired.code()).as(repaired.out() + repaired.err()).isEqualTo(0);
            assertThat(repaired.out()).contains("  MISSING   user_id=202\n", "  EXTRA     user_id=404\n", "  DIFFERENT user_id=101: name\n",
                    "1 missing, 1 extra, 1 different", "repair: 2 rows written from the source, 1 deleted").endsWith("  equal\n");
            assertThat(target(stack)).containsExactly(
                    List.of(101L, "Daniel J. Kim", "daniel.j.kim@contoso.com", "contoso.com", "US", "United States", true, false, "2024-09-17T00:01:00Z"),
                    List.of(202L, "Priya Nair", "priya.nair@gmail.com", "gmail.com", "IN", "India", false, false, "2024-09-17T00:00:50Z"),
                    List.of(303L, "Elena Fischer", "elena.fischer@outlook.de", "outlook.de", "DE", "Germany", false, false, "2024-09-17T00:01:10Z"));
            // the recompute's malformed events went to a scratch dead-letter topic, gone with its scratch tables
            assertThat(endOffset(bootstrap, "users_cdc_dlq")).isEqualTo(4);
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
                assertThat(admin.listTopics().names().get()).noneMatch(t -> t.startsWith("cdcbridge_verify"));
            }
            assertThat(QueryResult.of(stack.services().postgres(),
                    "SELECT table_name FROM information_schema.tables WHERE table_name LIKE 'cdcbridge_verify%'").rows()).isEmpty();

            // the source reads with the statement's own consumer group, through the script's temporary views
            long end = endOffset(bootstrap, "users_cdc");
            Awaitility.await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                    assertThat(committed(bootstrap, "users-migration.users-enriched")).isEqualTo(Map.of(0, end)));
            assertThat(committed(bootstrap, "users-migration")).isEmpty();

            // stopped with a savepoint, it shows where its source stands
            JsonNode stopped = new ServerClient(stack.url()).stop("users-enriched", true);
            JsonNode offsets = stopped.path("status").path("latest_offsets");
            assertThat(offsets).hasSize(1);
            assertThat(offsets.get(0).path("table").asText()).isEqualTo("users_cdc_raw");
            assertThat(offsets.get(0).path("connector").asText()).isEqualTo("cdcbridge-kafka");
            assertThat(offsets.get(0).path("position").toString())
                    .isEqualTo("{\"type\":\"kafka-offsets\",\"topic\":\"users_cdc\",\"partitions\":{\"0\":" + end + "}}");

            // stopped, it is compared with what it read: an event published since is not the target's to hold yet
            TopicWriter.write(bootstrap, "users_cdc", List.of(new TopicRecord("users_cdc", 0, 0, 0, "{\"user_id\":505}",
                    "{\"op\":\"c\",\"after\":{\"user_id\":505,\"name\":\"Late\",\"email\":\"late@gmail.com\",\"country_code\":\"US\"},"
                            + "\"timestamp_ms\":1726531300000}", Map.of())));
            CommandRun stoppedEqual = CommandRun.of("verify", "users-enriched", "--server", stack.url());
            assertThat(stoppedEqual.code()).as(stoppedEqual.out() + stoppedEqual.err()).isEqualTo(0);
            assertThat(stoppedEqual.out()).startsWith("source: the statement's query run again over topic 'users_cdc' (a producer fills"
                    + " it) to where the statement stopped").contains("3 source rows, 3 target rows").endsWith("equal\n");
        }
    }

    private static long endOffset(String bootstrap, String topic) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            TopicPartition p = new TopicPartition(topic, 0);
            return admin.listOffsets(Map.of(p, OffsetSpec.latest())).all().get().get(p).offset();
        }
    }

    // partition -> committed offset of topic users_cdc in the group
    private static Map<Integer, Long> committed(String bootstrap, String group) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            Map<Integer, Long> out = new TreeMap<>();
            admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get().forEach((tp, o) -> {
                if (tp.topic().equals("users_cdc") && o != null) out.put(tp.partition(), o.offset());
            });
            return out;
        }
    }

    private static List<List<Object>> target(LocalStack stack) {
        return QueryResult.of(stack.services().postgres(), """
                SELECT user_id, name, email, email_domain, country_code, country_name, is_corporate, is_deleted,
                       to_char(updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')
                FROM users_enriched ORDER BY user_id""").rows();
    }
}
