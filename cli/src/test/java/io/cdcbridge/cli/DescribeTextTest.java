package io.cdcbridge.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.cdcbridge.control.workspace.Json;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** What {@code statements describe} prints of the server's answer. */
class DescribeTextTest {

    @Test
    void showsTheValuesAStatementWasCompiledWith() throws Exception {
        String answer = """
                {"name": "values-a", "status": {"phase": "RUNNING"}, "origin": "a.sql:4",
                 "spec": {"statement": "INSERT INTO a_dst SELECT * FROM a_src WHERE region = '${REGION}'", "properties": {}},
                 "values": {"REGION": "emea", "CDC_PASSWORD": "******"}}
                """;
        assertThat(shown(answer)).contains("""
                Values (as compiled; a later run or a restart does not change them):
                  ${REGION} = emea
                  ${CDC_PASSWORD} = ******
                """);
    }

    @Test
    void showsTheRangeOfEachTopicItWritesAsTheJsonDoes() throws Exception {
        String answer = """
                {"name": "router", "origin": "r.sql:2", "spec": {"statement": "EXECUTE STATEMENT SET BEGIN ... END", "properties": {}},
                 "status": {"phase": "FAILED", "output_ranges": [
                   {"table": "big_orders", "topic": "big", "from": {"0": 5, "1": 0}, "to": {"0": 9, "1": 3, "2": 4}},
                   {"table": "small_orders", "topic": "small", "from": {"0": 2}}]}}
                """;
        assertThat(shown(answer)).contains("""
                Output ranges (per partition: the topic's end at its first start..at its stop):
                  big_orders -> topic big: 0:5..9, 1:0..3, 2:0..4
                  small_orders -> topic small: 0:2.. (open: it writes on)
                """);
    }

    private static String shown(String answer) throws Exception {
        PrintStream out = System.out;
        ByteArrayOutputStream shown = new ByteArrayOutputStream();
        System.setOut(new PrintStream(shown, true, StandardCharsets.UTF_8));
        try {
            new StatementsCommand.Describe().print(Json.MAPPER.readTree(answer));
        } finally {
            System.setOut(out);
        }
        return shown.toString(StandardCharsets.UTF_8);
    }
}
