package io.cdcbridge.cli.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.cdcbridge.cli.support.CommandRun;
import io.cdcbridge.cli.support.StackExtension;
import io.cdcbridge.cli.topic.TopicRecord;
import io.cdcbridge.cli.topic.TopicWriter;
import io.cdcbridge.control.server.ScriptRequest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** `cdcbridge sql -e`: SHOW, DESCRIBE, EXPLAIN and a SELECT preview bounded by LIMIT on a topic, on real Kafka and Flink. */
@Tag("integration")
class SqlShellTest {

    @RegisterExtension
    static final StackExtension STACK = new StackExtension("kafka");

    @Test
    void showDescribeExplainAndASelectPreviewOnATopic() {
        TopicWriter.write(STACK.bootstrap(), "shell_in", List.of(
                new TopicRecord("shell_in", 0, 0, 0, null, "{\"id\":1,\"name\":\"ada\"}"),
                new TopicRecord("shell_in", 0, 0, 0, null, "{\"id\":2,\"name\":\"bob\"}"),
                new TopicRecord("shell_in", 0, 0, 0, null, "{\"id\":3,\"name\":\"cy\"}")));
        STACK.server().runScript(new ScriptRequest("shell.sql", """
                CREATE TABLE shell_in (id BIGINT, name STRING) WITH (
                  'connector' = 'kafka', 'topic' = 'shell_in', 'properties.bootstrap.servers' = '${KAFKA_BOOTSTRAP_SERVERS}',
                  'scan.startup.mode' = 'earliest-offset', 'format' = 'json');
                """, Map.of(), false));

        CommandRun run = CommandRun.of("sql", "--server", STACK.stack().url(), "-e",
                "SHOW TABLES; DESCRIBE shell_in; SELECT id, name FROM shell_in LIMIT 2; SHOW STATEMENTS; EXPLAIN SELECT name FROM shell_in;"
                        + " SELECT * FROM nowhere;");
        String out = run.out();
        assertThat(out).contains("""
                +------------+
                | table name |
                +------------+
                | shell_in   |
                +------------+
                1 row in set""");
        assertThat(out).contains("| id   | BIGINT | true | ");
        assertThat(out).contains("""
                +----+------+
                | id | name |
                +----+------+
                | 1  | ada  |
                | 2  | bob  |
                +----+------+
                2 rows in set""");
        assertThat(out).contains("== Abstract Syntax Tree ==");
        assertThat(out).contains("error: Object 'nowhere' not found");
        assertThat(run.code()).isEqualTo(1);
    }
}
