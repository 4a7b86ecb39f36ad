package io.cdcbridge.cli.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.cdcbridge.cli.support.BrokerExtension;
import io.cdcbridge.cli.topic.EventFile;
import io.cdcbridge.cli.topic.EventPublisher;
import io.cdcbridge.cli.topic.TopicReader;
import io.cdcbridge.cli.topic.TopicRecord;
import io.cdcbridge.connectors.cdcjson.ChangeEventRules;
import io.cdcbridge.control.script.ScriptSplitter;
import io.cdcbridge.control.script.ScriptStatement;
import io.cdcbridge.control.script.Variables;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.table.api.TableResult;
import org.apache.flink.types.Row;
import org.apache.flink.types.RowKind;
import org.apache.flink.util.CloseableIterator;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * examples/users-migration on a real broker and a Flink MiniCluster, scripts as written: the sample events through
 * steps 01-04 give exactly the seed's enriched users (the late delete loses to the newer update), the malformed
 * events are dead letters. The whole pipeline into PostgreSQL, step 05 included, is {@link UsersMigrationTest}.
 */
@Tag("integration")
class UsersMigrationScriptsTest {

    static final Path EXAMPLE = Path.of("../examples/users-migration");

    static final Pattern SET = Pattern.compile("SET\\s+'([^']+)'\\s*=\\s*'([^']*)'");

    @RegisterExtension
    static final BrokerExtension BROKER = new BrokerExtension();

    @Test
    void theSampleEventsGiveTheSeedsEnrichedUsersAndTheMalformedOnesAreDeadLetters() throws Exception {
        EventPublisher.Summary published = EventPublisher.publish(BROKER.bootstrapServers(),
                new EventFile(EXAMPLE.resolve("data/sample_events.json")),
                new EventPublisher.Options("users_cdc", new ChangeEventRules(List.of("user_id"), "timestamp_ms"), true, Duration.ZERO),
                new EventPublisher.Listener() {});
        assertThat(published.sent()).isEqualTo(9);

        TableEnvironment env = environmentWithSteps01To04();
        TableResult result = env.executeSql("SELECT * FROM users_enriched_view");
        JobClient job = result.getJobClient().orElseThrow();
        Map<Long, String> table = materialize(result);
        try {
            // all nine events read and checkpointed (the group's offset), so nothing is still on its way
            Awaitility.await().atMost(Duration.ofSeconds(90)).until(() -> committed("users-migration") == 9);
            Awaitility.await().atMost(Duration.ofSeconds(120)).untilAsserted(() -> assertThat(table).containsExactly(
                    Map.entry(101L, "+I[101, Daniel J. Kim, daniel.j.kim@contoso.com, contoso.com, US, United States, true, false, 2024-09-17T00:01:00Z]"),
                    Map.entry(202L, "+I[202, Priya Nair, priya.nair@gmail.com, gmail.com, IN, India, false, false, 2024-09-17T00:00:50Z]"),
                    Map.entry(303L, "+I[303, Elena Fischer, elena.fischer@outlook.de, outlook.de, DE, Germany, false, false, 2024-09-17T00:01:10Z]")));

            List<TopicRecord> letters = TopicReader.all(BROKER.bootstrapServers(), "users_cdc_dlq", Duration.ofSeconds(2));
            assertThat(letters).extracting(r -> r.headers().get("cdcbridge.source.offset") + ": " + r.headers().get("cdcbridge.error.reason"))
                    .containsExactly(
                            "2: malformed JSON: the text ends inside a string at line 1, column 55",
                            "4: unknown op \"x\" (expected one of c, r, u, d)",
                            "6: missing key 'user_id' in 'after'",
                            "8: missing timestamp 'timestamp_ms'");
            assertThat(job.getJobStatus().get(10, TimeUnit.SECONDS)).isEqualTo(JobStatus.RUNNING);
        } finally {
            job.cancel().get(30, TimeUnit.SECONDS);
        }
    }

    // Steps 01-04 applied as the server applies a script: variables filled, statements in order.
    private static TableEnvironment environmentWithSteps01To04() throws Exception {
        TableEnvironment env = TableEnvironment.create(EnvironmentSettings.inStreamingMode());
        env.getConfig().set("parallelism.default", "2");
        env.getConfig().set("restart-strategy.type", "none");
        env.getConfig().set("execution.checkpointing.interval", "500ms");
        for (String step : List.of("flink/01-source.sql", "flink/02-normalize.sql", "flink/03-dedup.sql", "flink/04-enrich.sql")) {
            for (String sql : statements(step)) apply(env, sql);
        }
        return env;
    }

    // A SET becomes a property of what follows, as the server applies it; anything else is Flink's.
    private static void apply(TableEnvironment env, String sql) {
        Matcher set = SET.matcher(sql);
        if (set.matches()) env.getConfig().set(set.group(1), set.group(2));
        else env.executeSql(sql);
    }

    private static List<String> statements(String file) throws Exception {
        Map<String, String> vars = Map.of("KAFKA_BOOTSTRAP_SERVERS", BROKER.bootstrapServers(),
                "POSTGRES_HOST", "127.0.0.1", "POSTGRES_PORT", "5432", "POSTGRES_DATABASE", "appdb",
                "POSTGRES_USER", "app", "POSTGRES_PASSWORD", "app");
        String script = Variables.resolve(Files.readString(EXAMPLE.resolve(file)), name -> Optional.ofNullable(vars.get(name)));
        return ScriptSplitter.split(script).stream().map(ScriptStatement::text).map(String::strip).toList();
    }

    // The table a changelog describes, by user_id: what an upsert sink would hold.
    private static Map<Long, String> materialize(TableResult result) {
        Map<Long, String> table = java.util.Collections.synchronizedMap(new TreeMap<>());
        Thread t = new Thread(() -> {
            try (CloseableIterator<Row> it = result.collect()) {
                while (it.hasNext()) {
                    Row row = it.next();
                    Long id = (Long) row.getField("user_id");
                    if (row.getKind() == RowKind.INSERT || row.getKind() == RowKind.UPDATE_AFTER) {
                        row.setKind(RowKind.INSERT);
                        table.put(id, row.toString());
                    } else {
                        table.remove(id);
                    }
                }
            } catch (Exception e) {
                // the job was cancelled at the end of the test
            }
        }, "collect");
        t.setDaemon(true);
        t.start();
        return table;
    }

    private static long committed(String group) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, (Object) BROKER.bootstrapServers()))) {
            OffsetAndMetadata o = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata()
                    .get(10, TimeUnit.SECONDS).get(new TopicPartition("users_cdc", 0));
            return o == null ? -1 : o.offset();
        }
    }
}
