package io.cdcbridge.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.terminal.Terminal;
import org.jline.terminal.impl.DumbTerminal;
import org.junit.jupiter.api.Test;

/** The shell reads a statement over several lines until its ';', and quit without one. */
class SqlShellLinesTest {

    @Test
    void aStatementGoesOnUntilItsSemicolon() throws Exception {
        byte[] typed = "SELECT id\rFROM t\rLIMIT 3;\rquit\r".getBytes(StandardCharsets.UTF_8);
        try (Terminal terminal = new DumbTerminal(new ByteArrayInputStream(typed), new ByteArrayOutputStream())) {
            LineReader reader = LineReaderBuilder.builder().terminal(terminal).parser(new SqlShell.StatementParser()).build();
            assertThat(reader.readLine("cdcbridge> ")).isEqualTo("SELECT id\nFROM t\nLIMIT 3;");
            assertThat(reader.readLine("cdcbridge> ")).isEqualTo("quit");
        }
    }
}
