package io.cdcbridge.connectors.jdbc;

import io.cdcbridge.embedded.EmbeddedDatabase;
import io.cdcbridge.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** cdcbridge-jdbc's guarantees on PostgreSQL. */
class PostgresJdbcSinkTest extends JdbcSinkContract {

    static EmbeddedPostgres postgres;

    @BeforeAll
    static void startPostgres() {
        postgres = EmbeddedPostgres.start();
    }

    @AfterAll
    static void stopPostgres() {
        if (postgres != null) postgres.close();
    }

    @Override
    EmbeddedDatabase db() {
        return postgres;
    }

    @Override
    String timestampType() {
        return "timestamp(3)";
    }

    @Override
    String permissionDeniedState() {
        return "42501";
    }

    @Override
    void createReadOnlyUser(String user, String password, String table) {
        postgres.execute("CREATE ROLE " + user + " LOGIN PASSWORD '" + password + "'", "GRANT SELECT ON " + table + " TO " + user);
    }
}
