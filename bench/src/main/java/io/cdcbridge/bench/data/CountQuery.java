package io.cdcbridge.bench.data;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * A count asked of the target as often as needed over one connection kept open: a new connection per count costs
 * both sides a handshake (PostgreSQL also a fork).
 */
public final class CountQuery implements AutoCloseable {

    private final Connection connection;
    private final PreparedStatement query;

    /** Takes over the connection; {@code sql} returns one number. */
    public CountQuery(Connection connection, String sql) throws SQLException {
        this.connection = connection;
        this.query = connection.prepareStatement(sql);
    }

    public long count() {
        try (ResultSet rs = query.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot count the target: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() throws SQLException {
        connection.close();
    }
}
