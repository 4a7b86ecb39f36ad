package io.cdcbridge.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Progress bars draw on a terminal only: a catch-up's whole is the most messages seen behind, a snapshot's its estimate. */
class TerminalProgressTest {

    @Test
    void aCatchUpOnATerminal() {
        assertThat(drawn(true, bar -> {
            bar.behind(100);
            bar.behind(40);
        }, "catch-up", "msgs")).contains("catch-up").contains("60/100 msgs");
    }

    @Test
    void aSnapshotOnATerminalItsWholeTheEstimateOrWhatWasRead() {
        assertThat(drawn(true, bar -> bar.step(250, 1000), "snapshot copy", "rows")).contains("snapshot copy").contains("250/1000 rows");
        // an estimate below the rows read (statistics out of date): the rows read are the whole
        assertThat(drawn(true, bar -> bar.step(1200, 1000), "snapshot copy", "rows")).contains("1200/1200 rows");
    }

    @Test
    void nothingElsewhere() {
        assertThat(drawn(false, bar -> {
            bar.behind(100);
            bar.step(5, 10);
        }, "catch-up", "msgs")).isEmpty();
    }

    private static String drawn(boolean terminal, java.util.function.Consumer<TerminalProgress> steps, String task, String unit) {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        try (TerminalProgress bar = TerminalProgress.on(new PrintStream(buffer, true, StandardCharsets.UTF_8), terminal, task, unit)) {
            steps.accept(bar);
        }
        return buffer.toString(StandardCharsets.UTF_8);
    }
}
