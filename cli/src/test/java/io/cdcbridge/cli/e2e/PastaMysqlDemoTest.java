package io.cdcbridge.cli.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.cdcbridge.cli.DemoCommand;
import io.cdcbridge.cli.demo.PastaMysqlDemo;
import io.cdcbridge.cli.stack.LocalStack;
import io.cdcbridge.cli.support.CommandRun;
import io.cdcbridge.cli.topic.TopicReader;
import io.cdcbridge.cli.topic.TopicRecord;
import io.cdcbridge.cli.topic.TopicWriter;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code cdcbridge demo mysql} (examples/pasta-mysql, seed 003) on real PostgreSQL, Kafka, MariaDB and Flink: the
 * seed's final table in MariaDB, exactly, what the demo prints, and {@code cdcbridge verify} on its statements.
 */
@Tag("integration")
class PastaMysqlDemoTest {

    @TempDir
    Path workspace;

    @Test
    void theSeedsFinalTableIsInMariaDb() throws Exception {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        try (LocalStack stack = LocalStack.start(LocalStack.Options.local(workspace, PastaMysqlDemo.SERVICES));
             PrintStream out = new PrintStream(buffer, true, StandardCharsets.UTF_8)) {
            // as `cdcbridge demo mysql` runs it; the demo object after it only queries
            DemoCommand.Scenario.MYSQL.play(stack, out);
            PastaMysqlDemo demo = new PastaMysqlDemo(stack, out);

            // the seed's table: spaghetti and linguine soft deleted, spaghettini under the new key with spaghetti's id
            assertThat(demo.table()).containsExactly(
                    List.of(4, "farfalle", 9, false),
                    List.of(3, "linguine", 10, true),
                    List.of(2, "pennette", 6, false),
                    List.of(1, "spaghetti", 8, true),
                    List.of(1, "spaghettini", 8, false));
            assertThat(demo.query("select * from " + PastaMysqlDemo.TABLE + " limit 0").columns())
                    .containsExactly("id", "name", "cooking_minutes", "__deleted");
            // the table the sink created: the key as the primary key, the flag a BOOLEAN (TINYINT(1))
            assertThat(demo.query("select column_name, column_type, is_nullable, column_key from information_schema.columns"
                    + " where table_schema = database() and table_name = '" + PastaMysqlDemo.TABLE + "' order by ordinal_position").rows())
                    .containsExactly(
                            List.of("id", "int(11)", "NO", ""),
                            List.of("name", "varchar(255)", "NO", "PRI"),
                            List.of("cooking_minutes", "int(11)", "YES", ""),
                            List.of("__deleted", "tinyint(1)", "NO", ""));
            assertThat(TopicReader.all(stack.services().kafka().bootstrapServers(), PastaMysqlDemo.DEAD_LETTERS,
                    Duration.ofMillis(500))).isEmpty();

            String printed = buffer.toString(StandardCharsets.UTF_8);
            System.out.println(printed); // the report shows what the demo prints
            assertThat(printed).contains("""
                    +----+-------------+-----------------+-----------+
                    | id | name        | cooking_minutes | __deleted |
                    +----+-------------+-----------------+-----------+
                    |  4 | farfalle    |               9 | false     |
                    |  3 | linguine    |              10 | true      |
                    |  2 | pennette    |               6 | false     |
                    |  1 | spaghetti   |               8 | true      |
                    |  1 | spaghettini |               8 | false     |
                    +----+-------------+-----------------+-----------+
                    5 rows in set
                    """);
            assertThat(printed).contains("Key: {\"name\":\"spaghetti\"}\nValue: {\"before\":null,\"after\":{\"id\":1,\"name\":\"spaghetti\",\"cooking_minutes\":8},");
            assertThat(printed).contains("Key: {\"name\":\"linguine\"}\nValue: null (tombstone)");
            assertThat(printed).contains("\"op\":\"u\"");

            // verify: the sink's MariaDB table against the PostgreSQL table the publishing statement reads, through
            // the topic, soft deletes understood; the publishing statement's topic, read to its end, against that table
            CommandRun sink = CommandRun.of("verify", "cdc-sink-mysql", "--server", stack.url());
            assertThat(sink.code()).as(sink.out() + sink.err()).isEqualTo(0);
            assertThat(sink.out()).contains("public.pasta", "pasta_mysql", "3 source rows, 3 target rows").endsWith("equal\n");
            CommandRun publish = CommandRun.of("verify", "cdc-source-pg", "--server", stack.url());
            assertThat(publish.code()).as(publish.out() + publish.err()).isEqualTo(0);
            assertThat(publish.out()).contains("public.pasta", "note: the target is topic '" + PastaMysqlDemo.TOPIC
                    + "' read to its end, its latest value per key", "3 source rows, 3 target rows").endsWith("equal\n");

            // a difference planted by hand: an event saying spaghettini cooks 99 minutes, its key and column reported
            String bootstrap = stack.services().kafka().bootstrapServers();
            TopicRecord last = TopicReader.all(bootstrap, PastaMysqlDemo.TOPIC, Duration.ofMillis(500)).stream()
                    .filter(r -> r.key().contains("\"spaghettini\"") && !r.tombstone()).reduce((a, b) -> b).orElseThrow();
            String planted = last.value().replaceFirst("(\"after\":\\{[^}]*\"cooking_minutes\":)8", "$199");
            assertThat(planted).isNotEqualTo(last.value());
            TopicWriter.write(bootstrap, PastaMysqlDemo.TOPIC, List.of(new TopicRecord(PastaMysqlDemo.TOPIC, -1, -1, 0, last.key(), planted)));
            // reported with its key and column, and repaired: the row written to the topic again by the statement's own
            // query and sink, from the table
            CommandRun repaired = CommandRun.of("verify", "cdc-source-pg", "--repair", "--server", stack.url());
            assertThat(repaired.code()).as(repaired.out() + repaired.err()).isEqualTo(0);
            assertThat(repaired.out()).contains("  DIFFERENT name=spaghettini: cooking_minutes\n", "DIFFERENT: 0 missing, 0 extra, 1 different",
                    "repair: 1 rows written from the source, 0 deleted\n",
                    "after repair:\n").endsWith("  equal\n");
            assertThat(TopicReader.all(bootstrap, PastaMysqlDemo.TOPIC, Duration.ofMillis(500))).last()
                    .satisfies(r -> assertThat(r.value()).contains("\"after\":{\"id\":1,\"name\":\"spaghettini\",\"cooking_minutes\":8}"));
        }
    }
}
