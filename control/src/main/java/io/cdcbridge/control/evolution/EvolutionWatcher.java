package io.cdcbridge.control.evolution;

import io.cdcbridge.control.statement.Phase;
import io.cdcbridge.control.statement.Statement;
import io.cdcbridge.control.statement.StatementException;
import io.cdcbridge.control.statement.StatementService;
import java.util.OptionalLong;

/** The waiting of an evolution: for v2 to run, to complete a checkpoint, to catch up with its sources. */
final class EvolutionWatcher {

    /** Where an evolution reports what it saw. */
    interface Progress {
        void line(String line);

        void behind(long messages);
    }

    private static final long START_TIMEOUT_MS = 120_000;

    private final StatementService statements;
    private final Progress progress;

    EvolutionWatcher(StatementService statements, Progress progress) {
        this.statements = statements;
        this.progress = progress;
    }

    /** Returns once v2 is RUNNING; throws if it failed, completed, or did not start within two minutes. */
    void awaitRunning(String v2) {
        long deadline = System.currentTimeMillis() + START_TIMEOUT_MS;
        while (true) {
            Statement s = statements.get(v2);
            Phase p = s.status().phase();
            if (p == Phase.RUNNING) {
                progress.line("v2 '" + v2 + "' RUNNING");
                return;
            }
            if (p == Phase.FAILED || p == Phase.COMPLETED || System.currentTimeMillis() > deadline) {
                throw new StatementException("v2 '" + v2 + "' is " + p + (s.status().detail() == null ? "" : ": " + s.status().detail()));
            }
            sleep(250);
        }
    }

    /** Null once v2 runs with a completed checkpoint (its state restored and in use), else why not. */
    String awaitCheckpoint(String v2) {
        long deadline = System.currentTimeMillis() + START_TIMEOUT_MS;
        while (System.currentTimeMillis() < deadline) {
            Statement s = statements.get(v2);
            if (s.status().phase() == Phase.FAILED) return s.status().detail();
            if (s.status().phase() == Phase.RUNNING && statements.latestCheckpoint(v2).isPresent()) return null;
            sleep(250);
        }
        return "no checkpoint within " + START_TIMEOUT_MS / 1000 + " s";
    }

    /**
     * Returns once v2 is at most {@code maxBehind} messages behind its sources (at once when they cannot tell); throws
     * if it fails, or is still behind after {@code timeoutSeconds}, leaving v1 as it is.
     */
    void catchUp(String v1, String v2, long maxBehind, int timeoutSeconds) {
        long deadline = System.currentTimeMillis() + timeoutSeconds * 1000L;
        long last = -1;
        while (true) {
            Statement s = statements.get(v2);
            if (s.status().phase() == Phase.FAILED) {
                throw new StatementException("v2 '" + v2 + "' FAILED while catching up: " + s.status().detail());
            }
            OptionalLong behind = statements.messagesBehind(v2);
            if (behind.isEmpty()) {
                progress.line("v2 '" + v2 + "': its sources cannot tell how far behind it is; not waiting");
                return;
            }
            long n = behind.getAsLong();
            progress.behind(n);
            if (n != last) progress.line("v2 '" + v2 + "': " + n + " messages behind");
            last = n;
            if (n <= maxBehind) return;
            if (System.currentTimeMillis() > deadline) {
                throw new StatementException("v2 '" + v2 + "' did not catch up within " + timeoutSeconds + " s ("
                        + n + " messages behind); v1 '" + v1 + "' is left as it is");
            }
            sleep(1000);
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StatementException("the evolution was interrupted (the server is stopping)");
        }
    }
}
