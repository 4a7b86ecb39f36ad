package io.cdcbridge.connectors.jdbc;

import java.sql.SQLException;

/** The target table is not as the sink needs it: a configuration error, never retried. */
final class SchemaMismatch extends SQLException {

    SchemaMismatch(String message) {
        super(message, "42000");
    }
}
