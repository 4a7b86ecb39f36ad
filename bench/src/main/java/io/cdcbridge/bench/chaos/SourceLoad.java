package io.cdcbridge.bench.chaos;

import io.cdcbridge.embedded.EmbeddedDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Changes to the source table at a steady pace, in transactions of 100 inserts of new keys, 80 updates and 20
 * deletes of random older keys, until told to stop. It rides out source outages (reconnecting every 200 ms): a
 * transaction whose commit failed may or may not be in the source, which the final comparison reads as it is.
 */
final class SourceLoad implements Runnable {

    static final String TABLE = "chaos.items";
    private static final int INSERTS = 100;
    private static final int UPDATES = 80;
    private static final int DELETES = 20;

    private final EmbeddedDatabase source;
    private final int changesPerSecond;
    private final Random random = new Random(14);
    private final AtomicLong lastCommittedId = new AtomicLong();
    private final AtomicLong changes = new AtomicLong();
    private final AtomicLong failedTransactions = new AtomicLong();
    private volatile boolean stop;

    SourceLoad(EmbeddedDatabase source, long initialRows, int changesPerSecond) {
        this.source = source;
        this.changesPerSecond = changesPerSecond;
        lastCommittedId.set(initialRows);
    }

    /** Creates the table with {@code rows} rows, ids 1 to rows. */
    static void create(EmbeddedDatabase source, long rows) {
        source.execute("CREATE SCHEMA chaos",
                "CREATE TABLE " + TABLE + " (id BIGINT PRIMARY KEY, val BIGINT NOT NULL, note TEXT,"
                        + " updated_at TIMESTAMP(3) NOT NULL DEFAULT clock_timestamp())",
                "ALTER TABLE " + TABLE + " REPLICA IDENTITY FULL",
                "INSERT INTO " + TABLE + " (id, val, note) SELECT g, 0, 'row ' || g FROM generate_series(1, " + rows + ") g");
    }

    @Override
    public void run() {
        long txPerSecondNanos = TimeUnit.SECONDS.toNanos(1) * (INSERTS + UPDATES + DELETES) / Math.max(1, changesPerSecond);
        long next = System.nanoTime();
        while (!stop) {
            try (Connection c = source.connect()) {
                // a commit that failed to answer may have happened: go on above what the source holds
                try (var s = c.createStatement(); var rs = s.executeQuery("SELECT coalesce(max(id), 0) FROM " + TABLE)) {
                    rs.next();
                    lastCommittedId.accumulateAndGet(rs.getLong(1), Math::max);
                }
                c.setAutoCommit(false);
                try (PreparedStatement insert = c.prepareStatement("INSERT INTO " + TABLE + " (id, val, note) VALUES (?, 0, ?)");
                     PreparedStatement update = c.prepareStatement("UPDATE " + TABLE
                             + " SET val = val + 1, note = 'updated ' || (val + 1), updated_at = clock_timestamp() WHERE id = ?");
                     PreparedStatement delete = c.prepareStatement("DELETE FROM " + TABLE + " WHERE id = ?")) {
                    while (!stop) {
                        long first = lastCommittedId.get() + 1;
                        for (int i = 0; i < INSERTS; i++) {
                            insert.setLong(1, first + i);
                            insert.setString(2, "row " + (first + i));
                            insert.addBatch();
                        }
                        long rows = sum(insert.executeBatch());
                        for (int i = 0; i < UPDATES; i++) {
                            update.setLong(1, 1 + (long) (random.nextDouble() * (first - 1)));
                            update.addBatch();
                        }
                        rows += sum(update.executeBatch());
                        for (int i = 0; i < DELETES; i++) {
                            delete.setLong(1, 1 + (long) (random.nextDouble() * (first - 1)));
                            delete.addBatch();
                        }
                        rows += sum(delete.executeBatch());
                        c.commit();
                        lastCommittedId.set(first + INSERTS - 1);
                        changes.addAndGet(rows);
                        next += txPerSecondNanos;
                        long wait = next - System.nanoTime();
                        if (wait > 0) TimeUnit.NANOSECONDS.sleep(wait);
                        else next = System.nanoTime(); // behind (an outage): no burst to catch up
                    }
                }
            } catch (SQLException e) {
                failedTransactions.incrementAndGet();
                sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static long sum(int[] counts) {
        long n = 0;
        for (int c : counts) n += Math.max(0, c);
        return n;
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    void stop() {
        stop = true;
    }

    /** The highest key of a committed transaction: the target is caught up once it holds a key at least this high. */
    long lastCommittedId() {
        return lastCommittedId.get();
    }

    /** Rows inserted, updated or deleted by committed transactions. */
    long changes() {
        return changes.get();
    }

    long failedTransactions() {
        return failedTransactions.get();
    }
}
