package io.cdcbridge.engine.probe.postgres;

import io.cdcbridge.engine.probe.SourceCheck;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Whether a PostgreSQL source's database answers, on a connection kept between looks: a server that went away closes
 * it (seen at once), and connecting again is refused or times out after a few seconds.
 */
final class PostgresSourceCheck implements SourceCheck {

    private static final int TIMEOUT_SECONDS = 2;

    private final String where;
    private final Map<String, String> options;
    private Connection connection;
    private boolean closed;

    PostgresSourceCheck(String where, Map<String, String> options) {
        this.where = where;
        this.options = Map.copyOf(options);
    }

    @Override
    public synchronized Optional<String> lost() {
        if (closed) return Optional.empty();
        try {
            if (connection == null || !connection.isValid(TIMEOUT_SECONDS)) {
                drop();
                connection = PostgresCdcProbe.connect(options, "cdcbridge-watch", TIMEOUT_SECONDS, TIMEOUT_SECONDS);
            }
            return Optional.empty();
        } catch (SQLException e) {
            drop();
            return Optional.of(where + " does not answer: " + e.getMessage());
        }
    }

    @Override
    public Object system() {
        return List.of("postgresql", options.getOrDefault("hostname", ""), options.getOrDefault("port", "5432"),
                options.getOrDefault("database-name", ""), options.getOrDefault("username", ""));
    }

    @Override
    public synchronized void close() {
        closed = true;
        drop();
    }

    private void drop() {
        if (connection == null) return;
        try {
            connection.close();
        } catch (SQLException e) {
            // a connection the server closed: nothing to let go of
        }
        connection = null;
    }
}
