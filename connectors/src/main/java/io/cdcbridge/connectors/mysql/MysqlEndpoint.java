package io.cdcbridge.connectors.mysql;

import java.io.Serializable;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;

/** Where a MySQL or MariaDB database is and who connects to it; the password is never shown. */
public record MysqlEndpoint(String host, int port, String database, String user, String password) implements Serializable {

    /**
     * A connection to the database with its session in UTC, so that a TIMESTAMP reads as the instant it holds (in
     * UTC wall time, as the binlog carries it).
     */
    public Connection connect() throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", user);
        p.setProperty("password", password);
        p.setProperty("connectTimeout", "10000");
        // MySQL 8's default caching_sha2_password, without TLS, sends the password encrypted with the server's RSA key,
        // which the driver must be allowed to ask for (the binlog client asks for it too)
        p.setProperty("allowPublicKeyRetrieval", "true");
        Connection c = new org.mariadb.jdbc.Driver().connect("jdbc:mariadb://" + host + ":" + port + "/", p);
        if (c == null) throw new SQLException("no driver for " + describe());
        try (Statement s = c.createStatement()) {
            s.execute("SET time_zone = '+00:00'");
        } catch (SQLException e) {
            c.close();
            throw e;
        }
        return c;
    }

    /** {@code host:port/database}, as messages name it. */
    public String describe() {
        return host + ":" + port + "/" + database;
    }

    /** Quotes an identifier for MySQL: backticks, a backtick doubled. */
    public static String quote(String identifier) {
        return "`" + identifier.replace("`", "``") + "`";
    }

    @Override
    public String toString() {
        return describe() + " as " + user;
    }
}
