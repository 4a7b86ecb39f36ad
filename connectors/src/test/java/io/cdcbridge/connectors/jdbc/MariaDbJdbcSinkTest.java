package io.cdcbridge.connectors.jdbc;

import io.cdcbridge.embedded.EmbeddedDatabase;
import io.cdcbridge.embedded.EmbeddedMariaDb;
import io.cdcbridge.embedded.junit.MariaDbExtension;
import java.sql.ResultSet;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ExtendWith;

/** cdcbridge-jdbc's guarantees on MariaDB (the MySQL dialect). */
@Tag("integration")
@ExtendWith(MariaDbExtension.class)
class MariaDbJdbcSinkTest extends JdbcSinkContract {

    static EmbeddedMariaDb mariadb;

    @BeforeAll
    static void sharedMariaDb(EmbeddedMariaDb shared) {
        mariadb = shared;
    }

    @Override
    EmbeddedDatabase db() {
        return mariadb;
    }

    @Override
    String timestampType() {
        return "DATETIME(3)";
    }

    @Override
    String permissionDeniedState() {
        return "42000";
    }

    // the MySQL scheme, as users of MySQL write it: the dialect takes it through the MariaDB driver
    @Override
    String url() {
        return mariadb.jdbcUrl().replace("jdbc:mariadb:", "jdbc:mysql:");
    }

    @Override
    List<String> autoCreatedDataTypes() {
        return List.of("bigint", "char", "varchar", "longtext", "tinyint", "longblob", "decimal", "tinyint", "smallint", "int",
                "float", "double", "date", "time", "datetime", "datetime");
    }

    // TIMESTAMP_LTZ is kept as UTC in a DATETIME
    @Override
    Instant instant(ResultSet rs, String column) throws Exception {
        return rs.getObject(column, LocalDateTime.class).toInstant(ZoneOffset.UTC);
    }

    @Override
    void createReadOnlyUser(String user, String password, String table) {
        mariadb.execute("CREATE USER '" + user + "'@'%' IDENTIFIED BY '" + password + "'",
                "GRANT SELECT ON " + mariadb.database() + "." + table + " TO '" + user + "'@'%'");
    }
}
