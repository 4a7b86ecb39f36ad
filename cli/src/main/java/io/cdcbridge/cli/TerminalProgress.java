package io.cdcbridge.cli;

import java.io.PrintStream;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;

/**
 * A progress bar of long work (me.tongfei:progressbar), drawn on a terminal only: where the output is a file or a
 * pipe, nothing is drawn and the command's plain progress lines stand alone.
 */
final class TerminalProgress implements AutoCloseable {

    private final PrintStream out;
    private final String task;
    private final String unit;
    private ProgressBar bar;
    private long whole;

    private TerminalProgress(PrintStream out, String task, String unit) {
        this.out = out;
        this.task = task;
        this.unit = unit;
    }

    /** A bar of {@code task} counted in {@code unit} on {@code out} when it is a terminal's; otherwise one that draws nothing. */
    static TerminalProgress on(PrintStream out, boolean terminal, String task, String unit) {
        return new TerminalProgress(terminal ? out : null, task, unit);
    }

    /** A catch-up: the messages still behind now, the most seen so far the bar's whole. */
    void behind(long messages) {
        step(Math.max(whole, messages) - messages, Math.max(whole, messages));
    }

    /** {@code done} of {@code of} (an estimate, which may grow; never below what is done). */
    void step(long done, long of) {
        if (out == null) return;
        if (bar == null) {
            bar = new ProgressBarBuilder().setTaskName(task).setUnit(" " + unit, 1).setUpdateIntervalMillis(250)
                    .setConsumer(new ConsoleProgressBarConsumer(out, 100)).hideEta().build();
        }
        long max = Math.max(of, done);
        if (max != whole) {
            whole = max;
            bar.maxHint(max);
        }
        bar.stepTo(done);
    }

    @Override
    public void close() {
        if (bar != null) bar.close();
    }
}
