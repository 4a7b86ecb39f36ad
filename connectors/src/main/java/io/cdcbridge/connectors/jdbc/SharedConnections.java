package io.cdcbridge.connectors.jdbc;

import io.cdcbridge.connectors.jdbc.dialect.Dialect;
import io.cdcbridge.connectors.jdbc.dialect.Sql;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The connections the writers of one job in one process share to one database (same URL, user and password, same
 * {@code sink.connections}): at most that many, each lent to one writer for one piece of work (a transaction) and
 * taken back after it, so a statement set of hundreds of tables does not need a connection per table (PostgreSQL
 * allows 100 by default). Each writer still has at most one batch in flight, so its table's order is kept. A
 * connection that failed is closed, not lent again; the next one is opened when a writer needs it.
 */
final class SharedConnections {

    private static final Logger LOG = LoggerFactory.getLogger(SharedConnections.class);
    private static final Map<Key, SharedConnections> POOLS = new ConcurrentHashMap<>();
    // statements kept prepared per connection: a few per table for the tables sharing it
    private static final int PREPARED_PER_CONNECTION = 512;

    /** One connection lent out, with the statements prepared on it. */
    static final class Session {
        final Connection connection;
        private final Map<String, PreparedStatement> prepared = new LinkedHashMap<>(16, 0.75f, true);

        private Session(Connection connection) {
            this.connection = connection;
        }

        /** The statement prepared on this connection, prepared once; the least recently used goes beyond the bound. */
        PreparedStatement prepare(Sql sql) throws SQLException {
            PreparedStatement s = prepared.get(sql.text());
            if (s != null) return s;
            if (prepared.size() >= PREPARED_PER_CONNECTION) {
                var eldest = prepared.entrySet().iterator();
                closeQuietly(eldest.next().getValue());
                eldest.remove();
            }
            s = connection.prepareStatement(sql.text());
            prepared.put(sql.text(), s);
            return s;
        }

        void close() {
            prepared.values().forEach(SharedConnections::closeQuietly);
            prepared.clear();
            try {
                connection.close();
            } catch (SQLException e) {
                LOG.debug("closing a connection failed", e);
            }
        }
    }

    // the password takes part in equality (another password is another login) but is never printed: no toString
    private record Key(String job, String url, String username, String password, int size) {
        @Override
        public String toString() {
            return "connections of job " + job + " to " + url;
        }
    }

    private final Key key;
    private final Dialect dialect;
    private final Deque<Session> idle = new ArrayDeque<>();
    private int open;
    private int users;

    private SharedConnections(Key key, Dialect dialect) {
        this.key = key;
        this.dialect = dialect;
    }

    /** The connections of the job's writers to the config's database; {@link #release()} once the writer closes. */
    static SharedConnections acquire(String job, JdbcSinkConfig config, Dialect dialect) {
        Key key = new Key(job, config.url(), config.username(), config.password(), config.connections());
        while (true) {
            SharedConnections pool = POOLS.computeIfAbsent(key, k -> new SharedConnections(k, dialect));
            synchronized (pool) {
                // a pool its last writer released is gone from the map, or about to be: take a new one
                if (pool.users >= 0) {
                    pool.users++;
                    return pool;
                }
            }
            POOLS.remove(key, pool);
        }
    }

    /** A connection of the pool, opened if none is idle and fewer than the bound are open; waits otherwise. */
    Session lend() throws SQLException, InterruptedException {
        synchronized (this) {
            while (idle.isEmpty() && open >= key.size()) wait();
            if (!idle.isEmpty()) return idle.pop();
            open++;
        }
        try {
            Properties credentials = new Properties();
            if (key.username() != null) credentials.setProperty("user", key.username());
            if (key.password() != null) credentials.setProperty("password", key.password());
            return new Session(dialect.connect(key.url(), credentials));
        } catch (SQLException | RuntimeException e) {
            synchronized (this) {
                open--;
                notifyAll();
            }
            throw e;
        }
    }

    /** Takes a connection back: kept for the next work, or closed when it failed or nobody writes any more. */
    void takeBack(Session session, boolean failed) {
        boolean close;
        synchronized (this) {
            close = failed || users <= 0;
            if (close) open--;
            else idle.push(session);
            notifyAll();
        }
        if (close) session.close();
    }

    /** The writer is done with the pool; the last one closes the idle connections. */
    void release() {
        Deque<Session> closing = new ArrayDeque<>();
        synchronized (this) {
            if (--users > 0) return;
            users = -1;
            open -= idle.size();
            closing.addAll(idle);
            idle.clear();
        }
        POOLS.remove(key, this);
        closing.forEach(Session::close);
    }

    private static void closeQuietly(PreparedStatement s) {
        try {
            s.close();
        } catch (SQLException e) {
            LOG.debug("closing a statement failed", e);
        }
    }

    @Override
    public String toString() {
        return key.toString();
    }
}
