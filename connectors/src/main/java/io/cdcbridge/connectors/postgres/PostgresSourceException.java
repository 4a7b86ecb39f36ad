package io.cdcbridge.connectors.postgres;

/** A problem of the source's database or table that the user must fix; the message says what and where. */
public class PostgresSourceException extends RuntimeException {

    /** A problem with its cause. */
    public PostgresSourceException(String message, Throwable cause) {
        super(message, cause);
    }

    /** A problem without an underlying exception. */
    public PostgresSourceException(String message) {
        super(message);
    }
}
