package io.cdcbridge.connectors.jdbc;

import io.cdcbridge.connectors.jdbc.dialect.Dialect;
import io.cdcbridge.connectors.jdbc.dialect.Failure;
import io.cdcbridge.connectors.jdbc.dialect.Sql;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one connection a writer holds to the target: opened (and re-opened after an outage) with retries and
 * backoff, with the statements prepared on it kept. Work on it is classified by what the database says: an outage
 * is retried, a refused row is handed back, anything else fails.
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
    private final Map<String, PreparedStatement> prepared = new HashMap<>();
    private Connection connection;
    private boolean connectedOnce;
    // retries for an outage so far (written by the batch writer's thread, read by the metric reporter's)
    private final java.util.concurrent.atomic.AtomicLong retries = new java.util.concurrent.atomic.AtomicLong();

    /** @param firstConnect runs once, on the first connection that opens (the tables' check) */
    TargetConnection(JdbcSinkConfig config, Dialect dialect, Work firstConnect) {
        this.config = config;
        this.dialect = dialect;
        this.firstConnect = firstConnect;
    }

    /** Retries for an outage since this connection was made. */
    long retries() {
        return retries.get();
    }

    /**
     * Runs work on the connection, reconnecting and retrying with backoff while the database is unreachable.
     * Returns null when done, or the error when the database refused the data; throws for anything else.
     *
     * @param what what the work does to the table, for messages ("write 12 rows to")
     */
    SQLException retrying(String what, Work work) throws IOException, InterruptedException {
        for (int attempt = 0; ; attempt++) {
            Failure failure;
            SQLException error;
            try {
                Connection c = connection();
                try {
                    work.run(c);
                    return null;
                } catch (SQLException e) {
                    rollbackQuietly();
                    error = e;
                    failure = dialect.classify(e);
                    // an error the dialect does not know, on a connection that died with it: the server went away
                    if (failure == Failure.FATAL && !(e instanceof SchemaMismatch) && !alive(c)) failure = Failure.OUTAGE;
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
                    close();
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

    /** The statement prepared on the connection, prepared once and kept until the connection closes. */
    PreparedStatement prepare(Connection c, Sql sql) throws SQLException {
        PreparedStatement s = prepared.get(sql.text());
        if (s == null) {
            if (prepared.size() > 64) closePrepared();
            s = c.prepareStatement(sql.text());
            prepared.put(sql.text(), s);
        }
        return s;
    }

    /** Closes the connection and its statements; the next work opens a new one. */
    @Override
    public void close() {
        closePrepared();
        if (connection == null) return;
        try {
            connection.close();
        } catch (SQLException e) {
            LOG.debug("closing the connection failed", e);
        }
        connection = null;
    }

    private long backoff(int attempt) {
        long first = config.backoff().toMillis();
        long max = config.backoffMax().toMillis();
        return attempt >= 30 ? max : Math.min(max, first << attempt);
    }

    private Connection connection() throws SQLException {
        if (connection != null) return connection;
        Properties credentials = new Properties();
        if (config.username() != null) credentials.setProperty("user", config.username());
        if (config.password() != null) credentials.setProperty("password", config.password());
        Connection c = dialect.connect(config.url(), credentials);
        try {
            if (!connectedOnce) firstConnect.run(c);
        } catch (SQLException | RuntimeException e) {
            try {
                c.close();
            } catch (SQLException ignored) {
                // the error that matters is e
            }
            throw e;
        }
        connectedOnce = true;
        connection = c;
        return c;
    }

    private static boolean alive(Connection c) {
        try {
            return c.isValid(2);
        } catch (SQLException e) {
            return false;
        }
    }

    private void rollbackQuietly() {
        if (connection == null) return;
        try {
            connection.rollback();
        } catch (SQLException e) {
            LOG.debug("rollback failed; the connection is probably gone", e);
        }
    }

    private void closePrepared() {
        for (PreparedStatement s : prepared.values()) {
            try {
                s.close();
            } catch (SQLException e) {
                LOG.debug("closing a statement failed", e);
            }
        }
        prepared.clear();
    }
}
