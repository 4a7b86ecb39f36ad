package io.cdcbridge.cli.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.cdcbridge.cli.client.ServerClient;
import io.cdcbridge.cli.demo.PastaMysqlDemo;
import io.cdcbridge.cli.stack.LocalStack;
import io.cdcbridge.cli.support.CommandRun;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code cdcbridge demo mysql --format avro} on real PostgreSQL, Kafka, MariaDB and Flink: the events travel as Avro
 * registered in the server's schema registry, and MariaDB ends with the same five rows as in JSON, equal to the
 * source by {@code cdcbridge verify}.
 */
@Tag("integration")
class PastaMysqlAvroDemoTest {

    @TempDir
    Path workspace;

    @Test
    void theSameFiveRowsReachMariaDbThroughAvro() throws Exception {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        try (LocalStack stack = LocalStack.start(LocalStack.Options.local(workspace, PastaMysqlDemo.SERVICES));
             PrintStream out = new PrintStream(buffer, true, StandardCharsets.UTF_8)) {
            PastaMysqlDemo demo = new PastaMysqlDemo(stack, out, true);
            demo.run();

            assertThat(demo.table()).containsExactly(
                    List.of(4, "farfalle", 9, false),
                    List.of(3, "linguine", 10, true),
                    List.of(2, "pennette", 6, false),
                    List.of(1, "spaghetti", 8, true),
                    List.of(1, "spaghettini", 8, false));
            String printed = buffer.toString(StandardCharsets.UTF_8);
            System.out.println(printed); // the report shows what the demo prints
            assertThat(printed).contains("""
                    |  1 | spaghetti   |               8 | true      |
                    |  1 | spaghettini |               8 | false     |
                    +----+-------------+-----------------+-----------+
                    5 rows in set
                    """);
            assertThat(printed).contains("Key: {\"name\":\"spaghetti\"}\nValue: {\"id\":1,\"name\":\"spaghetti\",\"cooking_minutes\":8}\n");
            assertThat(printed).contains("Key: {\"name\":\"pennette\"}\nValue: {\"id\":2,\"name\":\"pennette\",\"cooking_minutes\":6}\n");
            assertThat(printed).contains("Key: {\"name\":\"linguine\"}\nValue: null (tombstone)\n");
            assertThat(printed).contains("(Avro, decoded with the schema registry at " + stack.url() + "/registry)");

            // verify through the Avro upsert topic: the sink's table against the PostgreSQL table behind it
            CommandRun verify = CommandRun.of("verify", "cdc-sink-mysql", "--server", stack.url());
            assertThat(verify.code()).as(verify.out() + verify.err()).isEqualTo(0);
            assertThat(verify.out()).contains("public.pasta", "pasta_mysql", "3 source rows, 3 target rows").endsWith("equal\n");

            // the upsert topic in Avro, decoded against the registry, against the table it publishes
            CommandRun published = CommandRun.of("verify", "cdc-source-pg", "--server", stack.url());
            assertThat(published.code()).as(published.out() + published.err()).isEqualTo(0);
            assertThat(published.out()).contains("note: the target is topic 'my_pg_source.public.pasta' read to its end",
                    "3 source rows, 3 target rows").endsWith("equal\n");
            // a difference planted by hand while the statement is stopped: the topic misses a change, then gets it from --repair
            new ServerClient(stack.url()).stop("cdc-source-pg", false);
            stack.services().postgres().execute("UPDATE pasta SET cooking_minutes = 7 WHERE name = 'pennette'");
            CommandRun repaired = CommandRun.of("verify", "cdc-source-pg", "--repair", "--server", stack.url());
            assertThat(repaired.code()).as(repaired.out() + repaired.err()).isEqualTo(0);
            assertThat(repaired.out()).contains("  DIFFERENT name=pennette: cooking_minutes\n", "repair: 1 rows written from the source, 0 deleted\n",
                    "after repair:\n").endsWith("  equal\n");
        }
    }
}
