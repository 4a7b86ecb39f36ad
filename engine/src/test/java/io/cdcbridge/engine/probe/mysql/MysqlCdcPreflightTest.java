package io.cdcbridge.engine.probe.mysql;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cdcbridge.control.engine.EngineException;
import io.cdcbridge.embedded.EmbeddedMariaDb;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The checks {@link MysqlCdcProbe} makes before a mysql-cdc job starts, on a real MariaDB with and without its binlog. */
@Tag("integration")
class MysqlCdcPreflightTest {

    static EmbeddedMariaDb withBinlog;
    static EmbeddedMariaDb withoutBinlog;
    private final MysqlCdcProbe probe = new MysqlCdcProbe(MysqlCdcProbe.Reader.MYSQL_CDC);

    @BeforeAll
    static void start() {
        withBinlog = EmbeddedMariaDb.start(null, true);
        withoutBinlog = EmbeddedMariaDb.start();
        for (EmbeddedMariaDb db : new EmbeddedMariaDb[] {withBinlog, withoutBinlog}) {
            db.execute("CREATE TABLE orders (id INT PRIMARY KEY, total DECIMAL(10,2))",
                    "CREATE USER 'reader'@'%' IDENTIFIED BY 'reader-pw'",
                    "GRANT SELECT ON cdcbridge.orders TO 'reader'@'%'",
                    "CREATE USER 'nobody'@'%' IDENTIFIED BY 'nobody-pw'");
        }
    }

    @AfterAll
    static void stop() {
        if (withBinlog != null) withBinlog.close();
        if (withoutBinlog != null) withoutBinlog.close();
    }

    @Test
    void aServerWritingARowBinlogPassesForAUserWithEveryPrivilege() {
        assertThatCode(() -> probe.preflight("orders", options(withBinlog, withBinlog.user(), withBinlog.password()), true))
                .doesNotThrowAnyException();
    }

    @Test
    void aServerWithoutBinlogIsRefusedSayingHowToTurnItOnAndItsFormat() {
        assertThatThrownBy(() -> probe.preflight("orders", options(withoutBinlog, withoutBinlog.user(), withoutBinlog.password()), true))
                .isInstanceOf(EngineException.class)
                .hasMessage("source table 'orders' (mysql-cdc, MySQL/MariaDB at 127.0.0.1:" + withoutBinlog.port()
                        + ", database 'cdcbridge'): the binary log is off; start the server with log-bin (MariaDB:"
                        + " --log-bin; MySQL 8 has it on unless started with --skip-log-bin); binlog_format is 'MIXED'; CDC"
                        + " needs binlog_format=ROW: SET GLOBAL binlog_format = 'ROW' and binlog_format=ROW in the server's"
                        + " configuration");
    }

    @Test
    void aMinimalRowImageIsRefused() throws Exception {
        withBinlog.execute("SET GLOBAL binlog_row_image = 'MINIMAL'");
        try {
            assertThatThrownBy(() -> probe.preflight("orders", options(withBinlog, withBinlog.user(), withBinlog.password()), true))
                    .hasMessageEndingWith(": binlog_row_image is 'MINIMAL'; CDC needs whole old and new rows,"
                            + " binlog_row_image=FULL: SET GLOBAL binlog_row_image = 'FULL' and binlog_row_image=FULL in the"
                            + " server's configuration");
        } finally {
            withBinlog.execute("SET GLOBAL binlog_row_image = 'FULL'");
        }
    }

    @Test
    void aUserWhoMayOnlyReadTheTableIsToldWhatToGrant() {
        assertThatThrownBy(() -> probe.preflight("orders", options(withBinlog, "reader", "reader-pw"), true))
                .hasMessageEndingWith(": user reader@% lacks REPLICATION SLAVE and REPLICATION CLIENT; grant it with GRANT"
                        + " REPLICATION SLAVE, REPLICATION CLIENT ON *.* TO 'reader'@'%'");
    }

    @Test
    void aUserWhoMayNotReadTheTableIsToldSoToo() {
        assertThatThrownBy(() -> probe.preflight("orders", options(withBinlog, "nobody", "nobody-pw"), true))
                .hasMessageContaining(": user nobody@% lacks REPLICATION SLAVE and REPLICATION CLIENT; ")
                .hasMessageContaining("; user nobody@% may not read cdcbridge.orders (")
                .hasMessageEndingWith("); grant it with GRANT SELECT ON `cdcbridge`.`orders` TO 'nobody'@'%'");
    }

    @Test
    void aWrongPasswordIsACredentialsProblem() {
        assertThatThrownBy(() -> probe.preflight("orders", options(withBinlog, "reader", "not-the-password"), true))
                .hasMessageStartingWith("source table 'orders' (mysql-cdc, MySQL/MariaDB at 127.0.0.1:" + withBinlog.port()
                        + ", database 'cdcbridge'): cannot connect: Access denied for user 'reader'")
                .hasMessageEndingWith("(check hostname, port, username and password)")
                .hasMessageNotContaining("not-the-password");
    }

    /**
     * A cdcbridge-mysql table is checked over the connection its reader makes, with its TLS mode: a server without TLS
     * passes under the default, preferred, and is refused under required, saying so.
     */
    @Test
    void cdcbridgeMysqlConnectsWithTheTablesTlsMode() {
        MysqlCdcProbe cdcbridge = new MysqlCdcProbe(MysqlCdcProbe.Reader.CDCBRIDGE);
        Map<String, String> o = options(withBinlog, withBinlog.user(), withBinlog.password());
        o.put("connector", "cdcbridge-mysql");
        assertThatCode(() -> cdcbridge.preflight("orders", o, true)).doesNotThrowAnyException();
        o.put("ssl.mode", "required");
        String server = "127.0.0.1:" + withBinlog.port();
        assertThatThrownBy(() -> cdcbridge.preflight("orders", o, true))
                .hasMessageStartingWith("source table 'orders' (cdcbridge-mysql, MySQL/MariaDB at " + server + ", database"
                        + " 'cdcbridge'): cannot connect: TLS with " + server + " failed ('ssl.mode' = 'required'): ")
                .hasMessageContaining("ssl not enabled in the server")
                .hasMessageNotContaining(withBinlog.password());
    }

    @Test
    void aSpecificOffsetTheServerStillHoldsPassesAndOneItPurgedIsRefusedSayingHowToStartOver() throws Exception {
        String first = currentBinlog(withBinlog);
        Map<String, String> o = options(withBinlog, withBinlog.user(), withBinlog.password());
        o.put("scan.startup.mode", "specific-offset");
        o.put("scan.startup.specific-offset.file", first);
        o.put("scan.startup.specific-offset.pos", "4");
        assertThatCode(() -> probe.preflightPosition("orders", o, null)).doesNotThrowAnyException();

        String next = withBinlog.purgeBinlog();
        assertThatThrownBy(() -> probe.preflightPosition("orders", o, null))
                .isInstanceOf(EngineException.class)
                .hasMessage("source table 'orders' (mysql-cdc, MySQL/MariaDB at 127.0.0.1:" + withBinlog.port()
                        + ", database 'cdcbridge'): the binlog " + first + " position 4 (from the table's"
                        + " scan.startup.specific-offset options) is no longer on the server: its oldest binlog file is "
                        + next + " (older ones were purged: binlog_expire_logs_seconds, expire_logs_days or PURGE BINARY"
                        + " LOGS); the changes since then are lost to this statement: start it over from a new snapshot"
                        + " (delete the statement and run its script again; `cdcbridge verify` with --repair then removes"
                        + " target rows deleted meanwhile), and keep the binlog longer than a statement stays stopped"
                        + " (binlog_expire_logs_seconds)");
        // without a position of its own a new job reads from where the server is now: nothing to check
        o.remove("scan.startup.mode");
        assertThatCode(() -> probe.preflightPosition("orders", o, null)).doesNotThrowAnyException();
    }

    private static String currentBinlog(EmbeddedMariaDb db) throws Exception {
        try (Connection c = db.connect();
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SHOW MASTER STATUS")) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static Map<String, String> options(EmbeddedMariaDb db, String user, String password) {
        Map<String, String> o = new HashMap<>();
        o.put("connector", "mysql-cdc");
        o.put("hostname", db.host());
        o.put("port", String.valueOf(db.port()));
        o.put("username", user);
        o.put("password", password);
        o.put("database-name", "cdcbridge");
        o.put("table-name", "orders");
        return o;
    }
}
