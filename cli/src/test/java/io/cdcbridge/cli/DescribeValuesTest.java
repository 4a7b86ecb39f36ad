package io.cdcbridge.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.cdcbridge.control.workspace.Json;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** {@code statements describe} shows the values a statement was compiled with, secrets masked as the server sent them. */
class DescribeValuesTest {

    @Test
    void showsTheValuesAStatementWasCompiledWith() throws Exception {
        String answer = """
                {"name": "values-a", "status": {"phase": "RUNNING"}, "origin": "a.sql:4",
                 "spec": {"statement": "INSERT INTO a_dst SELECT * FROM a_src WHERE region = '${REGION}'", "properties": {}},
                 "values": {"REGION": "emea", "CDC_PASSWORD": "******"}}
                """;
        PrintStream out = System.out;
        ByteArrayOutputStream shown = new ByteArrayOutputStream();
        System.setOut(new PrintStream(shown, true, StandardCharsets.UTF_8));
        try {
            new StatementsCommand.Describe().print(Json.MAPPER.readTree(answer));
        } finally {
            System.setOut(out);
        }
        assertThat(shown.toString(StandardCharsets.UTF_8)).contains("""
                Values (as compiled; a later run or a restart does not change them):
                  ${REGION} = emea
                  ${CDC_PASSWORD} = ******
                """);
    }
}
