package io.cdcbridge.engine.job;

import io.cdcbridge.engine.probe.SourceCheck;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Looks every second at the sources of the jobs it watches (see {@link SourceCheck}) and remembers, per job, why a
 * source did not answer at two looks in a row (one slow answer on a busy machine is no lost source): a job Flink
 * calls running whose database went away is told so in seconds, not when its connector gives up waiting.
 */
public final class SourceWatch implements AutoCloseable {

    private static final long PERIOD_MILLIS = 1000;

    private final Map<String, List<SourceCheck>> checks = new ConcurrentHashMap<>();
    private final Map<String, String> lost = new ConcurrentHashMap<>();
    private final Map<String, String> missedOnce = new ConcurrentHashMap<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "cdcbridge-source-watch");
        t.setDaemon(true);
        return t;
    });

    public SourceWatch() {
        this(PERIOD_MILLIS);
    }

    SourceWatch(long periodMillis) {
        timer.scheduleWithFixedDelay(this::look, periodMillis, periodMillis, TimeUnit.MILLISECONDS);
    }

    /** Watches the sources of job {@code jobId} until {@link #forget}; a job without checks is not watched. */
    public void watch(String jobId, List<SourceCheck> sourceChecks) {
        if (sourceChecks.isEmpty()) return;
        List<SourceCheck> before = checks.put(jobId, List.copyOf(sourceChecks));
        if (before != null) before.forEach(SourceCheck::close);
    }

    /** Stops watching the job's sources (it ended, or was stopped or cancelled). */
    public void forget(String jobId) {
        List<SourceCheck> gone = checks.remove(jobId);
        lost.remove(jobId);
        missedOnce.remove(jobId);
        if (gone != null) gone.forEach(SourceCheck::close);
    }

    /** Why a source of the job did not answer at the latest look; empty when all did, or the job is not watched. */
    public Optional<String> lost(String jobId) {
        return Optional.ofNullable(lost.get(jobId));
    }

    @Override
    public void close() {
        timer.shutdownNow();
        List.copyOf(checks.keySet()).forEach(this::forget);
    }

    // one look at every watched job's sources
    void look() {
        for (Map.Entry<String, List<SourceCheck>> job : checks.entrySet()) {
            try {
                String id = job.getKey();
                Optional<String> why = job.getValue().stream().map(SourceCheck::lost).flatMap(Optional::stream).findFirst();
                if (why.isEmpty() || !checks.containsKey(id)) {
                    missedOnce.remove(id);
                    lost.remove(id);
                } else if (missedOnce.put(id, why.get()) != null) {
                    lost.put(id, why.get());
                }
            } catch (RuntimeException e) {
                // a check that fails otherwise tells nothing of its source; the next look tries again
            }
        }
    }
}
