package io.cdcbridge.control.statement;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Waits, bounded, until new statements run: each RUNNING (every task of its job runs) or COMPLETED. A statement that
 * fails before that (FAILED, or its job restarting after a failure) or is still starting when the time is up is the
 * answer's failure, so that a script can be undone instead of left half running.
 */
public final class StartWatch {

    private static final long POLL_MS = 200;
    private static final String RESTARTING = "restarting after: ";

    /** The statements as the wait left them; {@code failed} names the first that did not start, and why. */
    public record Result(Map<String, Statement> statements, Optional<Failure> failed) {}

    /** A statement that did not start, and the reason in one line. */
    public record Failure(String statement, String reason) {}

    private final StatementService statements;

    public StartWatch(StatementService statements) {
        this.statements = statements;
    }

    /** Waits up to {@code timeout} until every one of {@code names} runs, or one of them did not start. */
    public Result await(List<String> names, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Map<String, Statement> now = new LinkedHashMap<>();
        while (true) {
            boolean starting = false;
            for (String name : names) {
                Statement s = statements.refresh(name);
                now.put(name, s);
                Optional<Failure> failure = failure(s);
                if (failure.isPresent()) return new Result(now, failure);
                starting |= s.status().phase() == Phase.PENDING;
            }
            long left = deadline - System.nanoTime();
            if (!starting) return new Result(now, Optional.empty());
            if (left <= 0) {
                String late = now.values().stream().filter(s -> s.status().phase() == Phase.PENDING)
                        .map(Statement::name).findFirst().orElseThrow();
                return new Result(now, Optional.of(new Failure(late, "not every task of its job runs after "
                        + seconds(timeout) + " (a job waiting for free task slots, or starting slowly; run it with"
                        + " a longer wait)")));
            }
            try {
                Thread.sleep(Math.max(1, Math.min(POLL_MS, left / 1_000_000)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new Result(now, Optional.of(new Failure(names.get(0), "the wait for its job was interrupted")));
            }
        }
    }

    // FAILED, or restarting after its first failure: either way its job did not start
    private static Optional<Failure> failure(Statement s) {
        String detail = s.status().detail();
        return switch (s.status().phase()) {
            case FAILED -> Optional.of(new Failure(s.name(), detail == null ? "its job failed" : detail));
            case PENDING -> detail == null ? Optional.empty() : Optional.of(new Failure(s.name(),
                    detail.startsWith(RESTARTING) ? detail.substring(RESTARTING.length()) : detail));
            default -> Optional.empty();
        };
    }

    private static String seconds(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }
}
