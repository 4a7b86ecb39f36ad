package io.cdcbridge.bench.chaos;

import io.cdcbridge.cli.client.ServerClient;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * How long one fault took to recover from, per pipeline, counted from the fault's start: to every statement of the
 * pipeline RUNNING again, and to its target holding a key at least as high as the newest the source had committed
 * when the fault was over. -1: not within the limit.
 */
record ChaosRecovery(String scenario, int index, Map<String, Long> runningMs, Map<String, Long> caughtUpMs) {

    ChaosRecovery named(String name, int i) {
        return new ChaosRecovery(name, i, runningMs, caughtUpMs);
    }

    /** Polls every 250 ms until every pipeline runs and is caught up with {@code newestKey}, or the limit passes. */
    static ChaosRecovery await(ChaosPipelines pipelines, Supplier<ServerClient> server, long newestKey, Duration limit, long t0)
            throws InterruptedException {
        Map<String, Long> running = new LinkedHashMap<>();
        Map<String, Long> caughtUp = new LinkedHashMap<>();
        long deadline = t0 + limit.toNanos();
        while (System.nanoTime() < deadline) {
            boolean all = true;
            for (ChaosPipelines.Target t : pipelines.targets()) {
                if (!running.containsKey(t.pipeline())) {
                    if (t.statements().stream().allMatch(s -> "RUNNING".equals(ChaosCommand.phase(server.get(), s)))) {
                        running.put(t.pipeline(), elapsedMs(t0));
                    }
                }
                if (!caughtUp.containsKey(t.pipeline()) && maxKey(t) >= newestKey) caughtUp.put(t.pipeline(), elapsedMs(t0));
                all &= running.containsKey(t.pipeline()) && caughtUp.containsKey(t.pipeline());
            }
            if (all) break;
            Thread.sleep(250);
        }
        for (ChaosPipelines.Target t : pipelines.targets()) {
            running.putIfAbsent(t.pipeline(), -1L);
            caughtUp.putIfAbsent(t.pipeline(), -1L);
        }
        return new ChaosRecovery("", 0, running, caughtUp);
    }

    // the target's highest key, straight from its database (not through the proxy); 0 while it cannot be read
    private static long maxKey(ChaosPipelines.Target t) {
        try (Connection c = t.db().connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT coalesce(max(id), 0) FROM " + t.table())) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            return 0; // down, or not created yet
        }
    }

    private static long elapsedMs(long t0) {
        return (System.nanoTime() - t0) / 1_000_000;
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder();
        runningMs.forEach((p, ms) -> b.append(b.isEmpty() ? "" : ", ").append(p).append(" running ").append(seconds(ms))
                .append(", caught up ").append(seconds(caughtUpMs.get(p))));
        return b.toString();
    }

    static String seconds(long ms) {
        return ms < 0 ? "not within the limit" : String.format("%.1f s", ms / 1000.0);
    }
}
