package io.cdcbridge.verify;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;

/**
 * Waits until a PostgreSQL replication slot has confirmed the position a difference was seen at: the pipeline
 * reading the slot has then written every change made before it (its sink flushes before a checkpoint completes,
 * and only a completed checkpoint moves the slot).
 */
public final class SlotSettle {

    private SlotSettle() {}

    /** A settle on the slot of the source's database, waiting at most {@code max}. */
    public static Settle of(TableRef source, String slot, Duration max) {
        return position -> {
            if (position.isEmpty() || !position.get().startsWith("LSN ")) {
                Thread.sleep(Math.min(max.toMillis(), 5000));
                return;
            }
            String lsn = position.get().substring("LSN ".length());
            long deadline = System.nanoTime() + max.toNanos();
            try (Connection c = new io.cdcbridge.verify.dialect.PostgresDialect().connect(source);
                 PreparedStatement ps = c.prepareStatement(
                         "SELECT confirmed_flush_lsn >= ?::pg_lsn FROM pg_replication_slots WHERE slot_name = ?")) {
                ps.setString(1, lsn);
                ps.setString(2, slot);
                while (System.nanoTime() < deadline) {
                    try (ResultSet rs = ps.executeQuery()) {
                        if (!rs.next() || rs.getBoolean(1)) return;
                    }
                    Thread.sleep(200);
                }
            } catch (SQLException e) {
                Thread.sleep(Math.min(max.toMillis(), 5000));
            }
        };
    }
}
