package io.cdcbridge.connectors.jdbc;

import io.cdcbridge.embedded.EmbeddedDatabase;
import io.cdcbridge.embedded.EmbeddedMariaDb;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** cdcbridge-jdbc's guarantees on MariaDB (the MySQL dialect). */
class MariaDbJdbcSinkTest extends JdbcSinkContract {

    static EmbeddedMariaDb mariadb;

    @BeforeAll
    static void startMariaDb() {
        mariadb = EmbeddedMariaDb.start();
    }

    @AfterAll
    static void stopMariaDb() {
        if (mariadb != null) mariadb.close();
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

    @Override
    void createReadOnlyUser(String user, String password, String table) {
        mariadb.execute("CREATE USER '" + user + "'@'%' IDENTIFIED BY '" + password + "'",
                "GRANT SELECT ON " + mariadb.database() + "." + table + " TO '" + user + "'@'%'");
    }
}
