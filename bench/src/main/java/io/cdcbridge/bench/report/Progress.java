package io.cdcbridge.bench.report;

import java.io.PrintStream;

/** Progress lines on stderr, at most one every two seconds per phase, so long runs show they are alive. */
public final class Progress {

    private final PrintStream err;
    private String lastPhase = "";
    private long lastAt;

    public Progress(PrintStream err) {
        this.err = err;
    }

    /** Reports {@code done} of {@code total} (0: unknown) units of a phase. */
    public synchronized void report(String phase, long done, long total, String unit) {
        long now = System.nanoTime();
        if (phase.equals(lastPhase) && now - lastAt < 2_000_000_000L) return;
        lastPhase = phase;
        lastAt = now;
        err.println("  " + phase + ": " + done + (total > 0 ? "/" + total : "") + " " + unit);
    }

    public void say(String line) {
        err.println(line);
    }
}
