package io.cdcbridge.connectors.jdbc;

import io.cdcbridge.embedded.EmbeddedDatabase;
import io.cdcbridge.embedded.EmbeddedPostgres;
import java.sql.ResultSet;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
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
    List<String> autoCreatedDataTypes() {
        return List.of("bigint", "character", "character varying", "text", "boolean", "bytea", "numeric", "smallint", "smallint",
                "integer", "real", "double precision", "date", "time without time zone", "timestamp without time zone",
                "timestamp with time zone");
    }

    @Override
    Instant instant(ResultSet rs, String column) throws Exception {
        return rs.getObject(column, OffsetDateTime.class).toInstant();
    }

    @Override
    void createReadOnlyUser(String user, String password, String table) {
        postgres.execute("CREATE ROLE " + user + " LOGIN PASSWORD '" + password + "'", "GRANT SELECT ON " + table + " TO " + user);
    }
}
