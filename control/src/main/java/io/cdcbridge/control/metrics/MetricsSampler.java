package io.cdcbridge.control.metrics;

import io.cdcbridge.control.engine.JobMetrics;
import io.cdcbridge.control.engine.SourceLag;
import io.cdcbridge.control.statement.Phase;
import io.cdcbridge.control.statement.Statement;
import io.cdcbridge.control.statement.StatementService;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Samples every statement's lag (from its sources' systems) and its job's counters (from the engine) at a fixed
 * period, and keeps the last hour of samples per statement. Everyone who shows a figure reads the latest sample, so
 * the CLI, REST, {@code /metrics} and the console agree.
 */
public final class MetricsSampler implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(MetricsSampler.class);
    static final Duration KEPT = Duration.ofHours(1);

    private final StatementService statements;
    private final Clock clock;
    private final Map<String, Deque<StatementMetrics>> history = new ConcurrentHashMap<>();
    private final Map<String, String> sampledJob = new ConcurrentHashMap<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "cdcbridge-metrics");
        t.setDaemon(true);
        return t;
    });

    public MetricsSampler(StatementService statements) {
        this(statements, Clock.systemUTC());
    }

    /** @param clock when samples are taken (rates are rows over the time between two samples) */
    public MetricsSampler(StatementService statements, Clock clock) {
        this.statements = statements;
        this.clock = clock;
    }

    /** Samples every {@code period}, the first time at once. */
    public MetricsSampler start(Duration period) {
        timer.scheduleWithFixedDelay(this::sampleQuietly, 0, period.toMillis(), TimeUnit.MILLISECONDS);
        return this;
    }

    /** Takes one sample of every statement now, and forgets deleted statements. */
    public synchronized void sample() {
        List<Statement> all = statements.list();
        Set<String> names = all.stream().map(Statement::name).collect(Collectors.toSet());
        history.keySet().retainAll(names);
        sampledJob.keySet().retainAll(names);
        for (Statement s : all) {
            try {
                record(s, clock.instant());
            } catch (RuntimeException e) {
                LOG.debug("Sampling statement {} failed: {}", s.name(), e.toString());
            }
        }
    }

    /** The latest sample of every statement sampled so far, in the statements' order. */
    public List<StatementMetrics> latest() {
        List<StatementMetrics> out = new ArrayList<>();
        for (Statement s : statements.list()) latest(s.name()).ifPresent(out::add);
        return out;
    }

    /** The latest sample of one statement, if it was sampled yet. */
    public Optional<StatementMetrics> latest(String name) {
        Deque<StatementMetrics> h = history.get(name);
        if (h == null) return Optional.empty();
        synchronized (h) {
            return Optional.ofNullable(h.peekLast());
        }
    }

    /** The samples of the last hour of one statement, oldest first. */
    public List<StatementMetrics> history(String name) {
        Deque<StatementMetrics> h = history.get(name);
        if (h == null) return List.of();
        synchronized (h) {
            return List.copyOf(h);
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }

    private void sampleQuietly() {
        try {
            sample();
        } catch (RuntimeException e) {
            LOG.warn("Sampling statement metrics failed: {}", e.toString());
        }
    }

    private void record(Statement s, Instant now) {
        List<SourceLag> lag = statements.lag(s.name());
        String jobId = s.status().jobId();
        boolean runs = jobId != null && (s.status().phase() == Phase.RUNNING || s.status().phase() == Phase.PENDING);
        JobMetrics job = runs ? statements.jobMetrics(s.name()).orElse(null) : null;
        Deque<StatementMetrics> h = history.computeIfAbsent(s.name(), n -> new ArrayDeque<>());
        synchronized (h) {
            StatementMetrics before = h.peekLast();
            boolean sameJob = jobId != null && jobId.equals(sampledJob.get(s.name()));
            Double rate = null;
            if (job != null && job.rowsWritten() != null && before != null && before.rowsWritten() != null && sameJob) {
                double seconds = Duration.between(before.at(), now).toMillis() / 1000.0;
                long rows = job.rowsWritten() - before.rowsWritten();
                if (seconds > 0 && rows >= 0) rate = rows / seconds;
            }
            StatementMetrics m = new StatementMetrics(s.name(), s.status().phase(), now,
                    sum(lag, SourceLag::messagesBehind), sum(lag, SourceLag::walBytesRetained),
                    job == null ? null : job.commitToWriteSeconds(),
                    job == null ? null : job.rowsWritten(), rate, job == null ? null : job.deadLetters(),
                    job == null ? null : job.restarts(), job == null ? null : job.checkpoints(),
                    job == null ? null : job.lastCheckpointAt(), job == null ? null : job.lastCheckpointDurationMs(),
                    job == null ? null : job.lastCheckpointSizeBytes(), job == null ? null : job.snapshot(), lag,
                    job == null ? null : job.upserts(), job == null ? null : job.deletes(), job == null ? null : job.retries());
            h.addLast(m);
            while (!h.isEmpty() && h.peekFirst().at().isBefore(now.minus(KEPT))) h.removeFirst();
        }
        if (jobId != null) sampledJob.put(s.name(), jobId);
    }

    // the sum of a figure over the sources that have it; null when none has it
    private static Long sum(List<SourceLag> lag, java.util.function.Function<SourceLag, Long> figure) {
        Long total = null;
        for (SourceLag l : lag) {
            Long v = figure.apply(l);
            if (v != null) total = (total == null ? 0 : total) + v;
        }
        return total;
    }
}
