package io.cdcbridge.bench.pipelines;

import io.cdcbridge.bench.report.Progress;
import io.cdcbridge.cli.client.ServerClient;
import io.cdcbridge.control.server.ScriptRequest;
import java.util.List;
import java.util.function.LongSupplier;

/** What every bench pipeline waits for: its statement RUNNING, and its target holding a number of rows. */
public final class StatementWaits {

    private StatementWaits() {}

    /**
     * Submits the script and waits until each of its statements runs; returns {@link System#nanoTime()} at the
     * submission, which every bench times a snapshot from: a fast source has copied its rows before the statement is
     * seen RUNNING, so the job's start counts in every pipeline's snapshot time. A script whose check timed out on a
     * busy machine (nothing applied: a script applies whole or not at all) is submitted once more, the clock then
     * starting at that submission.
     */
    public static long submitAndAwaitRunning(ServerClient server, ScriptRequest script, List<String> statements,
                                             Progress progress) throws InterruptedException {
        long submitted = System.nanoTime();
        try {
            server.runScript(script);
        } catch (RuntimeException e) {
            if (e.getMessage() == null || !e.getMessage().contains("cannot reach")) throw e;
            progress.say("  (the script's check timed out, trying once more: " + e.getMessage().lines().findFirst().orElse("") + ")");
            submitted = System.nanoTime();
            server.runScript(script);
        }
        for (String statement : statements) awaitRunning(server, statement);
        return submitted;
    }

    /** Waits until the statement runs; FAILED or two minutes of waiting is a failure naming the phase and why. */
    public static void awaitRunning(ServerClient server, String statement) throws InterruptedException {
        long deadline = System.nanoTime() + 120_000_000_000L;
        while (true) {
            var s = server.statement(statement).path("status");
            String phase = s.path("phase").asText();
            if (phase.equals("RUNNING")) return;
            if (phase.equals("FAILED") || System.nanoTime() > deadline) {
                throw new IllegalStateException("statement " + statement + " is " + phase + ": " + s.path("detail").asText(""));
            }
            Thread.sleep(100);
        }
    }

    /** Polls the target's row count until it reaches the expected count; no progress for 120 s is a failure. */
    public static void awaitTarget(LongSupplier count, long expected, String phase, Progress progress) throws InterruptedException {
        awaitTarget(count, expected, phase, progress, 120, () -> {});
    }

    /**
     * The same, giving up after {@code stallSeconds} without progress, and asking {@code alive} every 2 s whether the
     * pipeline still runs (it throws, naming why, when not).
     */
    public static void awaitTarget(LongSupplier count, long expected, String phase, Progress progress, int stallSeconds,
                                   Runnable alive) throws InterruptedException {
        long last = -1, lastChange = System.nanoTime(), nextCheck = System.nanoTime();
        while (true) {
            long n = count.getAsLong();
            progress.report(phase, n, expected, "rows in the target");
            if (n >= expected) return;
            if (n != last) {
                last = n;
                lastChange = System.nanoTime();
            } else if (System.nanoTime() - lastChange > stallSeconds * 1_000_000_000L) {
                throw new IllegalStateException(phase + ": the target stopped at " + n + " of " + expected + " rows");
            }
            if (System.nanoTime() - nextCheck >= 0) {
                alive.run();
                nextCheck = System.nanoTime() + 2_000_000_000L;
            }
            Thread.sleep(100);
        }
    }
}
