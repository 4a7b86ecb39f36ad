package io.cdcbridge.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The catch-up bar draws on a terminal only, its whole the most messages seen behind. */
class CatchUpBarTest {

    @Test
    void drawsOnATerminal() {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        try (CatchUpBar bar = CatchUpBar.on(new PrintStream(buffer, true, StandardCharsets.UTF_8), true)) {
            bar.behind(100);
            bar.behind(40);
        }
        String drawn = buffer.toString(StandardCharsets.UTF_8);
        assertThat(drawn).contains("catch-up").contains("60/100 msgs");
    }

    @Test
    void drawsNothingElsewhere() {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        try (CatchUpBar bar = CatchUpBar.on(new PrintStream(buffer, true, StandardCharsets.UTF_8), false)) {
            bar.behind(100);
            bar.behind(0);
        }
        assertThat(buffer.toString(StandardCharsets.UTF_8)).isEmpty();
    }
}
