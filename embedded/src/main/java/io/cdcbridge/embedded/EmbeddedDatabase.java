package io.cdcbridge.embedded;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;

/** A database server started here, reachable over TCP with a user and a password. */
public interface EmbeddedDatabase extends AutoCloseable {

    /**
     * Where and as whom a database is reached.
     *
     * @param driver the JDBC URL's scheme, {@code postgresql} or {@code mariadb}
     */
    record Endpoint(String driver, String host, int port, String user, String password, String database) {}

    /** Where it listens, and the user, password and database connections use. */
    Endpoint endpoint();

    /** The address it listens on. */
    default String host() {
        return endpoint().host();
    }

    /** The TCP port it listens on. */
    default int port() {
        return endpoint().port();
    }

    /** The user that connections log in as. */
    default String user() {
        return endpoint().user();
    }

    /** That user's password. */
    default String password() {
        return endpoint().password();
    }

    /** The database connections go to. */
    default String database() {
        return endpoint().database();
    }

    /** The JDBC URL of the database, without credentials. */
    default String jdbcUrl() {
        Endpoint e = endpoint();
        return "jdbc:" + e.driver() + "://" + e.host() + ":" + e.port() + "/" + e.database();
    }

    /** Stops the server but keeps its data and port, to play an outage; clients lose their connections. */
    void suspend();

    /** Starts the server again after {@link #suspend()}; returns once it accepts connections. */
    void resume();

    /** Stops the server and deletes its files. */
    @Override
    void close();

    /** A new JDBC connection as {@link #user()}; the caller closes it. */
    default Connection connect() throws SQLException {
        return DriverManager.getConnection(jdbcUrl(), user(), password());
    }

    /** Runs SQL as {@link #user()}, in order, one Statement.execute per argument (PostgreSQL takes several statements separated by ';'). */
    default void execute(String... sql) {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            for (String each : sql) s.execute(each);
        } catch (SQLException e) {
            throw new IllegalStateException("SQL failed on " + jdbcUrl() + ": " + e.getMessage(), e);
        }
    }

    /** PREFIX_HOST, PREFIX_PORT, PREFIX_USER, PREFIX_PASSWORD, PREFIX_DATABASE, as script variables. */
    default Map<String, String> variables(String prefix) {
        Map<String, String> v = new LinkedHashMap<>();
        v.put(prefix + "_HOST", host());
        v.put(prefix + "_PORT", String.valueOf(port()));
        v.put(prefix + "_USER", user());
        v.put(prefix + "_PASSWORD", password());
        v.put(prefix + "_DATABASE", database());
        return v;
    }
}
