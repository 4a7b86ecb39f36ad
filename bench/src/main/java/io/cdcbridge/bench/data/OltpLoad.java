package io.cdcbridge.bench.data;

import io.cdcbridge.bench.report.Progress;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * The OLTP scenario: client threads run single-row UPDATE transactions on random customers as fast as the source
 * takes them (pgbench's -c N -T model), while a probe measures end-to-end lag: it updates one row with a fresh token,
 * then watches the target until the token arrives. Lag = arrival - commit, sampled about four times a second.
 * With a rate, the clients pace themselves to it: pipelines that leave PostgreSQL different shares of the cores are
 * then compared at the same load (unpaced, the pipeline that uses less CPU gets more transactions to carry).
 */
public final class OltpLoad {

    /** One lag sample: seconds since the start, and the lag in milliseconds. */
    public record Sample(double atSeconds, double lagMillis) {}

    /** What a run measured. */
    public record Result(long transactions, double seconds, List<Sample> lag) {
        public double tps() {
            return transactions / seconds;
        }
    }

    private static final int PROBE_ID = 1;

    /** Opens a connection to one side. */
    public interface Side {
        Connection open() throws SQLException;
    }

    private final Side source;
    private final Side target;
    private final String targetTable;
    private final long rows;
    private final int clients;
    private final int rate;

    /** Updates inventory.customers through {@code source}; the probe reads {@code targetTable} (id, email) through {@code target}. */
    public OltpLoad(Side source, Side target, String targetTable, long rows, int clients, int rate) {
        this.source = source;
        this.target = target;
        this.targetTable = targetTable;
        this.rows = rows;
        this.clients = clients;
        this.rate = rate;
    }

    public Result run(long seconds, Progress progress) throws Exception {
        long start = System.nanoTime();
        long end = start + seconds * 1_000_000_000L;
        AtomicLong done = new AtomicLong();
        List<Thread> threads = new ArrayList<>();
        List<Throwable> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
        for (int i = 0; i < clients; i++) {
            Thread t = new Thread(() -> {
                try {
                    updateUntil(end, done);
                } catch (Throwable e) {
                    failures.add(e);
                }
            }, "bench-oltp-" + i);
            t.start();
            threads.add(t);
        }
        List<Sample> lag = probeUntil(start, end, done, progress);
        for (Thread t : threads) t.join();
        if (!failures.isEmpty()) throw new IllegalStateException("an OLTP client failed: " + failures.get(0), failures.get(0));
        return new Result(done.get(), (System.nanoTime() - start) / 1e9, lag);
    }

    private void updateUntil(long end, AtomicLong done) throws SQLException {
        try (Connection c = source.open(); PreparedStatement s = c.prepareStatement(
                "UPDATE inventory.customers SET lname = ?, updated_at = clock_timestamp() WHERE id = ?")) {
            ThreadLocalRandom random = ThreadLocalRandom.current();
            long interval = rate > 0 ? 1_000_000_000L * clients / rate : 0; // each client's share of the rate
            long next = System.nanoTime();
            while (System.nanoTime() < end) {
                if (interval > 0) {
                    next += interval;
                    long wait = next - System.nanoTime();
                    if (wait > 0) LockSupport.parkNanos(wait);
                }
                long id = 2 + random.nextLong(rows - 1); // the probe's row is left to the probe
                s.setString(1, "last" + id + "-" + random.nextInt(1_000_000));
                s.setLong(2, id);
                s.executeUpdate();
                done.incrementAndGet();
            }
        }
    }

    private List<Sample> probeUntil(long start, long end, AtomicLong done, Progress progress) throws Exception {
        List<Sample> samples = new ArrayList<>();
        try (Connection src = source.open(); Connection dst = target.open();
             PreparedStatement update = src.prepareStatement(
                     "UPDATE inventory.customers SET email = ?, updated_at = clock_timestamp() WHERE id = " + PROBE_ID);
             PreparedStatement read = dst.prepareStatement(
                     "SELECT email FROM " + targetTable + " WHERE id = " + PROBE_ID)) {
            long seq = 0;
            while (System.nanoTime() < end) {
                String token = "probe-" + (++seq) + "@example.com";
                update.setString(1, token);
                update.executeUpdate();
                long committed = System.nanoTime();
                while (!token.equals(readEmail(read))) {
                    if (System.nanoTime() - committed > 120_000_000_000L) {
                        throw new IllegalStateException("a change did not reach the target within 120 s");
                    }
                    Thread.sleep(2);
                }
                long seen = System.nanoTime();
                samples.add(new Sample((committed - start) / 1e9, (seen - committed) / 1e6));
                progress.report("oltp", done.get(), 0, "tx, last lag " + Math.round((seen - committed) / 1e6) + " ms");
                Thread.sleep(250);
            }
        }
        return samples;
    }

    private static String readEmail(PreparedStatement read) throws SQLException {
        try (ResultSet rs = read.executeQuery()) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    /** The q-quantile (0..1) of the lag samples, in milliseconds. */
    public static double percentile(List<Sample> samples, double q) {
        if (samples.isEmpty()) return Double.NaN;
        double[] lags = samples.stream().mapToDouble(Sample::lagMillis).sorted().toArray();
        int index = (int) Math.ceil(q * lags.length) - 1;
        return lags[Math.max(0, Math.min(lags.length - 1, index))];
    }
}
