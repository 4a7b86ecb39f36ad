package io.cdcbridge.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/** A statement's lag and rates (as the server's metrics samples give them) in words and short figures for a person. */
final class Figures {

    private Figures() {}

    /**
     * Messages behind when a Kafka source tells it; else, while a snapshot is read, its progress; else the time from
     * commit to write when the sources tell it; else the WAL a PostgreSQL slot retains; "-" when unknown.
     */
    static String lag(JsonNode m) {
        if (m.hasNonNull("messages_behind")) return m.path("messages_behind").asLong() + " msgs";
        JsonNode snapshot = m.path("snapshot");
        if (snapshot.isObject() && !snapshot.path("done").asBoolean(true)) return "snapshot " + snapshotShare(snapshot);
        if (m.hasNonNull("lag_seconds")) return seconds(m.path("lag_seconds").asDouble());
        if (m.hasNonNull("wal_bytes_retained")) return bytes(m.path("wal_bytes_retained").asLong()) + " WAL";
        return "-";
    }

    /** 0.042s, 3.5s, 12m: a short time. */
    static String seconds(double s) {
        if (s < 1) return String.format(Locale.ROOT, "%.3fs", s);
        if (s < 120) return String.format(Locale.ROOT, "%.1fs", s);
        return span(Duration.ofMillis((long) (s * 1000)));
    }

    // 45% of the estimate, or the rows read when there is none
    private static String snapshotShare(JsonNode snapshot) {
        long read = snapshot.path("rows_read").asLong(0);
        long estimated = snapshot.path("rows_estimated").asLong(0);
        if (estimated > 0) return Math.min(100, read * 100 / estimated) + "%";
        return read + " rows";
    }

    /** A snapshot's progress in words: 300 of ~300 rows (100%), 1 of 1 splits, done. */
    static String snapshot(JsonNode s) {
        StringBuilder b = new StringBuilder();
        b.append(s.path("rows_read").asLong(0)).append(" rows");
        if (s.path("rows_estimated").asLong(0) > 0) {
            b.append(" of ~").append(s.path("rows_estimated").asLong()).append(" (").append(snapshotShare(s)).append(')');
        }
        if (s.hasNonNull("splits_total")) {
            b.append(", ").append(s.path("splits_finished").asLong(0)).append(" of ").append(s.path("splits_total").asLong())
                    .append(" splits");
        }
        if (s.hasNonNull("done")) b.append(s.path("done").asBoolean() ? ", done" : ", reading");
        return b.toString();
    }

    static String rate(JsonNode v) {
        return v.isNumber() ? String.format(Locale.ROOT, "%.1f", v.asDouble()) : "-";
    }

    static String count(JsonNode v) {
        return v.isNumber() ? String.valueOf(v.asLong()) : "-";
    }

    /** How long ago {@code at} was: 45s, 12m, 3h, 2d. */
    static String age(String at, Instant now) {
        try {
            return span(Duration.between(Instant.parse(at), now));
        } catch (DateTimeParseException e) {
            return "-";
        }
    }

    static String span(Duration d) {
        long s = Math.max(0, d.getSeconds());
        if (s < 120) return s + "s";
        if (s < 7200) return (s / 60) + "m";
        if (s < 172800) return (s / 3600) + "h";
        return (s / 86400) + "d";
    }

    /** 512 B, 3.2 KiB, 41.0 MiB: binary units, as PostgreSQL's pg_size_pretty. */
    static String bytes(long b) {
        if (b < 1024) return b + " B";
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        double v = b;
        int u = -1;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return String.format(Locale.ROOT, "%.1f %s", v, units[u]);
    }

    /** The lines of describe about lag, rates and checkpoints; nothing when the statement was not sampled yet. */
    static void printMetrics(JsonNode m) {
        if (!m.isObject()) return;
        System.out.println("Metrics (sampled " + m.path("at").asText() + "):");
        System.out.println("  lag:            " + lag(m));
        if (m.hasNonNull("lag_seconds")) {
            System.out.println("  commit to write: " + seconds(m.path("lag_seconds").asDouble()) + " (the latest change)");
        }
        if (m.path("snapshot").isObject()) System.out.println("  snapshot:       " + snapshot(m.path("snapshot")));
        for (JsonNode src : m.path("sources")) {
            StringBuilder b = new StringBuilder("    " + src.path("table").asText() + " (" + src.path("connector").asText() + "): ");
            if (src.has("partitions_behind")) {
                java.util.List<String> parts = new java.util.ArrayList<>();
                src.path("partitions_behind").fields().forEachRemaining(e -> parts.add(e.getKey() + ":" + e.getValue().asLong()));
                b.append(src.path("messages_behind").asLong()).append(" messages behind (partition:behind ")
                        .append(String.join(",", parts)).append(')');
            } else if (src.has("wal_bytes_retained")) {
                b.append(bytes(src.path("wal_bytes_retained").asLong())).append(" of WAL retained by its replication slot");
            } else {
                b.append("unknown: ").append(src.path("unknown").asText());
            }
            System.out.println(b);
        }
        System.out.println("  rows written:   " + count(m.path("rows_written")) + " (" + rate(m.path("rows_per_second")) + " rows/s)");
        if (m.has("upserts")) {
            System.out.println("  written as:     " + count(m.path("upserts")) + " upserts, " + count(m.path("deletes")) + " deletes, "
                    + count(m.path("retries")) + " retries");
        }
        System.out.println("  dead letters:   " + count(m.path("dead_letters")));
        System.out.println("  restarts:       " + count(m.path("restarts")));
        if (m.hasNonNull("last_checkpoint_at")) {
            System.out.println("  last checkpoint: " + age(m.path("last_checkpoint_at").asText(), Instant.now()) + " ago, took "
                    + m.path("last_checkpoint_duration_ms").asLong() + " ms, " + bytes(m.path("last_checkpoint_size_bytes").asLong())
                    + " (" + m.path("checkpoints").asLong() + " completed)");
        }
    }
}
