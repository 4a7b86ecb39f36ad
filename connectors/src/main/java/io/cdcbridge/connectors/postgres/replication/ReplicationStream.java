package io.cdcbridge.connectors.postgres.replication;

import io.cdcbridge.connectors.postgres.Identifiers;
import io.cdcbridge.connectors.postgres.PostgresSourceException;
import io.cdcbridge.connectors.postgres.PostgresTable;
import java.nio.ByteBuffer;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.postgresql.PGConnection;
import org.postgresql.replication.LogSequenceNumber;
import org.postgresql.replication.PGReplicationStream;

/**
 * The pgoutput messages of one slot over a replication connection, read and acknowledged by one thread. pgjdbc
 * answers keepalives and sends a status update every {@value #STATUS_INTERVAL_SECONDS} s while the stream is read;
 * while it is not (Flink backpressures the reader, e.g. a sink retrying through an outage), a timer thread sends
 * the status (with the last acknowledged position only) every second, so the walsender does not time out.
 * pgjdbc's stream is not thread-safe: every use of it holds this object's lock.
 */
public final class ReplicationStream implements AutoCloseable {

    // pgjdbc reads a closed connection as "nothing pending": only a write (the status) sees the database gone
    private static final int STATUS_INTERVAL_SECONDS = 1;
    private static final long STALLED_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final String SLOT_IN_USE = "55006";
    private static final long SLOT_BUSY_WAIT_NANOS = TimeUnit.SECONDS.toNanos(30);
    // a read served from what the socket holds takes a few microseconds; one that waited for the server, far more
    private static final long WAITED_NANOS = TimeUnit.MICROSECONDS.toNanos(50);

    private final Connection connection;
    private final PGReplicationStream stream;
    private final ScheduledExecutorService keepAlive;
    private long acknowledged;
    private volatile long lastPoll = System.nanoTime();
    private boolean waited;
    private boolean closed;

    private ReplicationStream(Connection connection, PGReplicationStream stream, String slot) {
        this.connection = connection;
        this.stream = stream;
        this.keepAlive = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "cdcbridge-postgres keepalive " + slot);
            t.setDaemon(true);
            return t;
        });
        keepAlive.scheduleWithFixedDelay(this::keepAliveIfStalled, 1, 1, TimeUnit.SECONDS);
    }

    /**
     * Starts streaming the slot's changes of transactions committed at or after {@code startLsn} (or after the slot's
     * confirmed_flush_lsn, if later), protocol version 1, the publication's tables only.
     */
    public static ReplicationStream open(PostgresTable table, String slot, String publication, long startLsn) {
        long deadline = System.nanoTime() + SLOT_BUSY_WAIT_NANOS;
        while (true) {
            Connection c = table.endpoint().connectForReplication();
            try {
                PGReplicationStream stream = c.unwrap(PGConnection.class).getReplicationAPI().replicationStream().logical()
                        .withSlotName(slot)
                        .withSlotOption("proto_version", "1")
                        .withSlotOption("publication_names", Identifiers.quote(publication))
                        .withStartPosition(LogSequenceNumber.valueOf(startLsn))
                        .withStatusInterval(STATUS_INTERVAL_SECONDS, TimeUnit.SECONDS)
                        .start();
                return new ReplicationStream(c, stream, slot);
            } catch (SQLException | RuntimeException e) {
                closeQuietly(c);
                // after a failover the server may not have noticed yet that the previous reader is gone
                boolean busy = e instanceof SQLException s && SLOT_IN_USE.equals(s.getSQLState());
                if (busy && System.nanoTime() < deadline) {
                    pause();
                    continue;
                }
                throw new PostgresSourceException("cdcbridge-postgres cannot stream slot '" + slot + "' of " + table.describe()
                        + " from " + LogSequenceNumber.valueOf(startLsn) + ": " + e.getMessage()
                        + (busy ? " (another job reads this slot: one slot per statement)" : ""), e);
            }
        }
    }

    private static void closeQuietly(Connection c) {
        try {
            c.close();
        } catch (SQLException ignored) {
            // the failure to start is what matters
        }
    }

    private static void pause() {
        try {
            Thread.sleep(200);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PostgresSourceException("interrupted while waiting for a replication slot to be free", e);
        }
    }

    /**
     * The next message; null when none came within 1 ms (pgjdbc waits that long on an empty socket). Also sends a
     * status update when one is due.
     */
    public synchronized ByteBuffer poll() throws SQLException {
        long start = System.nanoTime();
        ByteBuffer message = stream.readPending();
        lastPoll = System.nanoTime();
        waited = lastPoll - start > WAITED_NANOS;
        return message;
    }

    /** Whether the last poll found the socket empty and waited for the server: the stream is at the server's live edge. */
    public synchronized boolean waited() {
        return waited;
    }

    /** The last WAL position the server reported, by a message or a keepalive. */
    public synchronized long lastReceived() {
        return stream.getLastReceiveLSN().asLong();
    }

    /** Tells the server that transactions committed before {@code lsn} are processed: the slot may release their WAL. */
    public synchronized void acknowledge(long lsn) throws SQLException {
        if (lsn <= acknowledged) return;
        LogSequenceNumber position = LogSequenceNumber.valueOf(lsn);
        stream.setFlushedLSN(position);
        stream.setAppliedLSN(position);
        stream.forceUpdateStatus();
        acknowledged = lsn;
    }

    private synchronized void keepAliveIfStalled() {
        if (closed || System.nanoTime() - lastPoll < STALLED_NANOS) return;
        try {
            stream.forceUpdateStatus();
        } catch (SQLException | RuntimeException e) {
            // a broken connection: the reader meets it at its next poll
        }
    }

    @Override
    public void close() throws SQLException {
        keepAlive.shutdownNow();
        synchronized (this) {
            closed = true;
            try {
                if (!stream.isClosed()) stream.close();
            } finally {
                connection.close();
            }
        }
    }
}
