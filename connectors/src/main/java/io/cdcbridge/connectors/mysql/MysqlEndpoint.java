package io.cdcbridge.connectors.mysql;

import com.github.shyiko.mysql.binlog.BinaryLogClient;
import java.io.IOException;
import java.io.Serializable;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import org.apache.flink.configuration.ReadableConfig;

/** Where a MySQL or MariaDB database is, who connects to it and how TLS is used; the password is never shown. */
public record MysqlEndpoint(String host, int port, String database, String user, String password, MysqlTls tls)
        implements Serializable {

    /** The endpoint a {@code cdcbridge-mysql} table's options name ({@link MysqlSourceOptions}). */
    public static MysqlEndpoint of(ReadableConfig options) {
        return new MysqlEndpoint(options.get(MysqlSourceOptions.CONNECTION.hostname()), options.get(MysqlSourceOptions.CONNECTION.port()),
                options.get(MysqlSourceOptions.CONNECTION.databaseName()), options.get(MysqlSourceOptions.CONNECTION.username()),
                options.get(MysqlSourceOptions.CONNECTION.password()),
                new MysqlTls(options.get(MysqlSourceOptions.SSL_MODE), options.getOptional(MysqlSourceOptions.SSL_CA).orElse(null)));
    }

    /**
     * A connection to the database with its session in UTC, so that a TIMESTAMP reads as the instant it holds (in
     * UTC wall time, as the binlog carries it); over TLS as its mode says, a failure TLS caused saying so.
     */
    public Connection connect() throws SQLException {
        try {
            return connect(true);
        } catch (SQLException e) {
            if (tls.fallsBack(e)) return connect(false);
            throw new SQLException(tls.explain(e, host + ":" + port), e.getSQLState(), e.getErrorCode(), e);
        }
    }

    /** A binlog client logging in as this endpoint's user, with its TLS. */
    public BinaryLogClient binlogClient() throws IOException {
        BinaryLogClient client = new BinaryLogClient(host, port, user, password);
        tls.binlog(client, host);
        return client;
    }

    /** What a connection's failure says, TLS's part told: "TLS with host:port failed (...)", say. */
    public String explain(Exception e) {
        return tls.explain(e, host + ":" + port);
    }

    private Connection connect(boolean tryTls) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", user);
        p.setProperty("password", password);
        p.setProperty("connectTimeout", "10000");
        // MySQL 8's default caching_sha2_password, without TLS, sends the password encrypted with the server's RSA key,
        // which the driver must be allowed to ask for (the binlog client asks for it too)
        p.setProperty("allowPublicKeyRetrieval", "true");
        tls.jdbc(p, tryTls);
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
