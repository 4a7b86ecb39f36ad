package io.cdcbridge.cli;

import java.io.PrintStream;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;

/**
 * A progress bar of a catch-up (messages behind going down to zero), drawn on a terminal only: where the output is a
 * file or a pipe, nothing is drawn and the plain progress lines stand alone.
 */
final class CatchUpBar implements AutoCloseable {

    private final PrintStream out;
    private ProgressBar bar;
    private long max;

    private CatchUpBar(PrintStream out) {
        this.out = out;
    }

    /** A bar on {@code out} when it is a terminal's; otherwise one that draws nothing. */
    static CatchUpBar on(PrintStream out, boolean terminal) {
        return new CatchUpBar(terminal ? out : null);
    }

    /** The messages still behind now; the most seen so far is the bar's whole. */
    void behind(long messages) {
        if (out == null) return;
        if (bar == null) {
            bar = new ProgressBarBuilder().setTaskName("catch-up").setUnit(" msgs", 1).setUpdateIntervalMillis(250)
                    .setConsumer(new ConsoleProgressBarConsumer(out, 100)).hideEta().build();
        }
        if (messages > max) {
            max = messages;
            bar.maxHint(max);
        }
        bar.stepTo(max - messages);
    }

    @Override
    public void close() {
        if (bar != null) bar.close();
    }
}
