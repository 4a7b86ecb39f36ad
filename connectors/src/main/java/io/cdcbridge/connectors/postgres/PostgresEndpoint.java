package io.cdcbridge.connectors.postgres;

import java.io.Serializable;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Properties;
import org.postgresql.PGProperty;

/** Where the database is and how to log in; {@link #toString()} and every message leave the password out. */
public record PostgresEndpoint(String host, int port, String database, String user, String password) implements Serializable {

    private static final String APPLICATION = "cdcbridge-postgres";

    /** {@code host:port/database}, as messages name it. */
    public String describe() {
        return host + ":" + port + "/" + database;
    }

    /** A plain SQL connection, in auto-commit; the caller closes it. */
    public Connection connect() {
        return open(false);
    }

    /** A connection in replication mode (for the walsender protocol); the caller closes it. */
    public Connection connectForReplication() {
        return open(true);
    }

    private Connection open(boolean replication) {
        Properties p = new Properties();
        PGProperty.USER.set(p, user);
        if (password != null) PGProperty.PASSWORD.set(p, password);
        PGProperty.APPLICATION_NAME.set(p, APPLICATION);
        PGProperty.CONNECT_TIMEOUT.set(p, 10);
        if (replication) {
            PGProperty.REPLICATION.set(p, "database");
            PGProperty.ASSUME_MIN_SERVER_VERSION.set(p, "10");
            PGProperty.PREFER_QUERY_MODE.set(p, "simple");
        }
        try {
            // through the driver itself: DriverManager does not see a driver that a job's class loader brought (a
            // session cluster with Flink's jars only, where the job ships pgjdbc)
            return new org.postgresql.Driver().connect("jdbc:postgresql://" + host + ":" + port + "/" + database, p);
        } catch (SQLException e) {
            throw new PostgresSourceException(cannotConnect(e), e);
        }
    }

    private String cannotConnect(SQLException e) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        String where = "cdcbridge-postgres cannot connect to " + describe() + " as '" + user + "': ";
        if (state.equals("28P01") || state.equals("28000")) {
            return where + "the password is wrong or the user may not log in (" + firstLine(e) + "); check 'username' and"
                    + " 'password', and that pg_hba.conf lets the user connect to the database and to replication";
        }
        if (state.equals("3D000")) return where + "the database does not exist; check 'database-name'";
        if (state.startsWith("08")) {
            return where + "the server is unreachable (" + firstLine(e) + "); check 'hostname' and 'port' and that"
                    + " PostgreSQL is running and accepts TCP connections";
        }
        return where + firstLine(e);
    }

    // pgjdbc's messages never hold the password; its first line is the useful part
    private static String firstLine(SQLException e) {
        String m = String.valueOf(e.getMessage());
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }

    /** Everything but the password. */
    @Override
    public String toString() {
        return "PostgresEndpoint[" + user + "@" + describe() + "]";
    }
}
