package io.cdcbridge.connectors.mysql.binlog;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;

/**
 * A JDBC connection that answers a few statements as a MySQL server would, each with its rows, and any other with
 * MySQL's syntax error (1064). It stands in for MySQL 8, which cannot run on this machine (no Docker engine, no MySQL
 * server package, no MySQL binaries on Maven Central).
 */
final class FakeMysql {

    private FakeMysql() {}

    /** A connection answering {@code answers}' statements with their rows (each row the columns' text). */
    static Connection connection(Map<String, List<String[]>> answers) {
        InvocationHandler statement = (proxy, method, args) -> switch (method.getName()) {
            case "executeQuery" -> resultSet(answers, args == null ? null : (String) args[0]);
            case "close" -> null;
            default -> throw new UnsupportedOperationException(method.getName());
        };
        InvocationHandler connection = (proxy, method, args) -> switch (method.getName()) {
            case "createStatement" -> proxy(Statement.class, statement);
            case "prepareStatement" -> proxy(PreparedStatement.class, (p, m, a) -> switch (m.getName()) {
                case "executeQuery" -> resultSet(answers, (String) args[0]);
                case "close", "setString", "setLong" -> null;
                default -> throw new UnsupportedOperationException(m.getName());
            });
            case "close" -> null;
            default -> throw new UnsupportedOperationException(method.getName());
        };
        return proxy(Connection.class, connection);
    }

    private static ResultSet resultSet(Map<String, List<String[]>> answers, String sql) throws SQLException {
        List<String[]> rows = answers.get(sql);
        if (rows == null) {
            throw new SQLException("You have an error in your SQL syntax; check the manual that corresponds to your"
                    + " MySQL server version for the right syntax to use near '" + sql + "'", "42000", 1064);
        }
        int[] at = {-1};
        return proxy(ResultSet.class, (p, m, a) -> switch (m.getName()) {
            case "next" -> ++at[0] < rows.size();
            case "getString" -> rows.get(at[0])[(int) a[0] - 1];
            case "getLong" -> Long.parseLong(rows.get(at[0])[(int) a[0] - 1]);
            case "getMetaData" -> proxy(ResultSetMetaData.class, (mp, mm, ma) -> {
                if (mm.getName().equals("getColumnCount")) return rows.isEmpty() ? 0 : rows.get(0).length;
                throw new UnsupportedOperationException(mm.getName());
            });
            case "close" -> null;
            default -> throw new UnsupportedOperationException(m.getName());
        });
    }

    @SuppressWarnings("unchecked")
    private static <T> T proxy(Class<T> type, InvocationHandler handler) {
        return (T) Proxy.newProxyInstance(FakeMysql.class.getClassLoader(), new Class<?>[] {type}, handler);
    }
}
