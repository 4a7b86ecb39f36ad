package io.cdcbridge.cli.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.cdcbridge.cli.demo.PastaMysqlDemo;
import io.cdcbridge.cli.support.CommandRun;
import io.cdcbridge.cli.support.StackExtension;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code cdcbridge verify} on the pasta-mysql example as its walk-through runs it: the statement writing MariaDB reads
 * a topic, so its target is compared with the PostgreSQL table the publishing statement reads (soft deletes understood).
 */
@Tag("integration")
class VerifyExampleTest {

    @RegisterExtension
    static final StackExtension STACK = new StackExtension(PastaMysqlDemo.SERVICES).checkpointingEverySecond();

    @Test
    void theSinkStatementOfPastaMysqlSaysEqual() {
        new PastaMysqlDemo(STACK.stack(), new PrintStream(new ByteArrayOutputStream())).run();

        CommandRun sink = CommandRun.of("verify", "cdc-sink-mysql", "--server", STACK.stack().url());
        assertThat(sink.code()).as(sink.out() + sink.err()).isEqualTo(0);
        assertThat(sink.out()).contains("public.pasta", "pasta_mysql", "3 source rows, 3 target rows").endsWith("equal\n");

        CommandRun publish = CommandRun.of("verify", "cdc-source-pg", "--server", STACK.stack().url());
        assertThat(publish.code()).isEqualTo(1);
        assertThat(publish.err()).contains("the statement's target 'pasta_events' is a 'debezium-kafka' table");
    }
}
