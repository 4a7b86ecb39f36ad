package io.cdcbridge.connectors.mysql;

/** A cdcbridge-mysql failure whose message says what is wrong, where (server, table, column) and what to do. */
public class MysqlSourceException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public MysqlSourceException(String message) {
        super(message);
    }

    public MysqlSourceException(String message, Throwable cause) {
        super(message, cause);
    }
}
