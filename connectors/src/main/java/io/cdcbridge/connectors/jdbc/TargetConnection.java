package io.cdcbridge.connectors.jdbc;

import io.cdcbridge.connectors.jdbc.dialect.Dialect;
import io.cdcbridge.connectors.jdbc.dialect.Failure;
import io.cdcbridge.connectors.jdbc.dialect.Sql;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A writer's way to the target: each piece of work runs on a connection lent by the job's {@link SharedConnections}
 * to that database (opened, and opened again after an outage, with retries and backoff) and is given back after it,
 * committed or rolled back. Work on it is classified by what the database says: an outage is retried, a refused row
 * is handed back, anything else fails.
 */
final class TargetConnection implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(TargetConnection.class);

    /** Work on the connection; SQLExceptions are classified by {@link #retrying}. */
    interface Work {
        void run(Connection c) throws SQLException;
    }

    private final JdbcSinkConfig config;
    private final Dialect dialect;
    private final Work firstConnect;
    private final SharedConnections pool;
    // the connection lent for the work running now (the batch writer's thread), closed by close() to end its statement
    private volatile SharedConnections.Session lent;
    private boolean connectedOnce;
    private boolean closed;
    // retries for an outage so far (written by the batch writer's thread, read by the metric reporter's)
    private final AtomicLong retries = new AtomicLong();

    /**
     * @param job the job whose writers share connections
     * @param firstConnect runs once, on the first connection that opens (the tables' check)
     */
    TargetConnection(String job, JdbcSinkConfig config, Dialect dialect, Work firstConnect) {
        this.config = config;
        this.dialect = dialect;
        this.firstConnect = firstConnect;
        this.pool = SharedConnections.acquire(job, config, dialect);
    }

    /** Retries for an outage since this connection was made. */
    long retries() {
        return retries.get();
    }

    /**
     * Runs work on a lent connection, reconnecting and retrying with backoff while the database is unreachable.
     * Returns null when done, or the error when the database refused the data; throws for anything else.
     *
     * @param what what the work does to the table, for messages ("write 12 rows to")
     */
    SQLException retrying(String what, Work work) throws IOException, InterruptedException {
        for (int attempt = 0; ; attempt++) {
            Failure failure;
            SQLException error;
            try {
                Connection c = lend();
                boolean clean = false;
                try {
                    work.run(c);
                    // work commits; what it left open (the tables' check reads) must not reach another writer's work
                    clean = rolledBack(c);
                    return null;
                } catch (SQLException e) {
                    error = e;
                    failure = dialect.classify(e);
                    // an error the dialect does not know, on a connection that died with it: the server went away
                    if (failure == Failure.FATAL && !(e instanceof SchemaMismatch) && !alive(c)) failure = Failure.OUTAGE;
                    clean = failure != Failure.OUTAGE && rolledBack(c);
                } finally {
                    giveBack(!clean);
                }
            } catch (SchemaMismatch e) {
                throw new IOException("cdcbridge-jdbc cannot write to " + config.table().displayName() + ": " + e.getMessage(), e);
            } catch (SQLException e) {
                // connecting or preparing the tables: no row was written, so none can have been refused
                error = e;
                failure = dialect.classify(e) == Failure.OUTAGE ? Failure.OUTAGE : Failure.FATAL;
            }
            switch (failure) {
                case REJECTED -> {
                    return error;
                }
                case FATAL -> throw new IOException("cdcbridge-jdbc cannot " + what + " table " + config.table().displayName()
                        + " at " + config.displayUrl() + ": " + Dialect.describe(error), error);
                case OUTAGE -> {
                    if (config.maxRetries() >= 0 && attempt >= config.maxRetries()) {
                        throw new IOException("cdcbridge-jdbc gave up after " + attempt + " retries to " + what + " table "
                                + config.table().displayName() + " at " + config.displayUrl() + ": " + Dialect.describe(error), error);
                    }
                    long pause = backoff(attempt);
                    LOG.warn("The database of {} at {} is unavailable ({}); retry {} in {} ms", config.table().displayName(),
                            config.displayUrl(), Dialect.describe(error), attempt + 1, pause);
                    retries.incrementAndGet();
                    TimeUnit.MILLISECONDS.sleep(pause);
                }
            }
        }
    }

    /** The statement prepared on the lent connection, prepared once and kept until that connection closes. */
    PreparedStatement prepare(Connection c, Sql sql) throws SQLException {
        return lent.prepare(sql);
    }

    /** Ends the work running now (its connection is closed, not given back) and gives up the shared connections. */
    @Override
    public synchronized void close() {
        if (closed) return;
        closed = true;
        SharedConnections.Session session = lent;
        if (session != null) {
            try {
                session.connection.close();
            } catch (SQLException e) {
                LOG.debug("closing the connection failed", e);
            }
        }
        pool.release();
    }

    private long backoff(int attempt) {
        long first = config.backoff().toMillis();
        long max = config.backoffMax().toMillis();
        return attempt >= 30 ? max : Math.min(max, first << attempt);
    }

    private Connection lend() throws SQLException, InterruptedException {
        SharedConnections.Session session = pool.lend();
        lent = session;
        Connection c = session.connection;
        try {
            if (!connectedOnce) {
                firstConnect.run(c);
                connectedOnce = true;
            }
        } catch (SQLException | RuntimeException e) {
            giveBack(true);
            throw e;
        }
        return c;
    }

    // the lent connection back to the pool: a failed one is closed, not lent again
    private void giveBack(boolean failed) {
        SharedConnections.Session session = lent;
        if (session == null) return;
        lent = null;
        pool.takeBack(session, failed || closed);
    }

    private static boolean alive(Connection c) {
        try {
            return c.isValid(2);
        } catch (SQLException e) {
            return false;
        }
    }

    // whether the connection is clean for the next work: rolled back, or never in a transaction
    private static boolean rolledBack(Connection c) {
        try {
            c.rollback();
            return true;
        } catch (SQLException e) {
            LOG.debug("rollback failed; the connection is probably gone", e);
            return false;
        }
    }
}
