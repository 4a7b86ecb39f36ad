package io.cdcbridge.connectors.mysql.binlog;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Where the binlog ends and whether a position is still held, asked of MySQL 8.4 (a fake: MySQL 8 cannot run on this
 * machine, see {@link FakeMysql}), which knows SHOW BINARY LOG STATUS and no longer SHOW MASTER STATUS and prints its
 * GTID sets a line per server. MariaDB answers the same questions in MysqlSourceTest and the engine's preflight test.
 */
class BinlogStatusTest {

    static final String A = "3e11fa47-71ca-11e1-9e33-c80aa9429562";
    static final String B = "c6a5e8a2-5d3c-11ef-8f5d-0242ac120002";

    @Test
    void mysql84TellsTheEndOfItsBinlogAndItsExecutedGtidSetThroughTheNewStatement() throws Exception {
        Connection mysql84 = FakeMysql.connection(Map.of("SHOW BINARY LOG STATUS",
                List.<String[]>of(new String[] {"binlog.000012", "1837", "", "", A + ":1-250,\n" + B + ":1-7"})));

        assertThat(BinlogStatus.current(mysql84))
                .isEqualTo(new BinlogPosition("binlog.000012", 1837, A + ":1-250," + B + ":1-7"));
    }

    @Test
    void mysqlWithoutGtidsHasAnEmptyExecutedSetWhichIsStillMysqls() throws Exception {
        Connection mysql80 = FakeMysql.connection(Map.of("SHOW MASTER STATUS",
                List.<String[]>of(new String[] {"binlog.000002", "157", "", "", ""})));

        BinlogPosition end = BinlogStatus.current(mysql80);
        assertThat(end).isEqualTo(new BinlogPosition("binlog.000002", 157, ""));
        assertThat(end.mysqlGtidSet()).isNotNull();
        assertThat(end.mysqlGtidSet().getUUIDSets()).isEmpty();
        assertThat(end.describe()).isEqualTo("binlog binlog.000002 position 157");
    }

    @Test
    void withGtidsOnAPositionIsHeldWhileEveryPurgedTransactionIsInItsSetWhateverFilesAreLeft() throws Exception {
        Map<String, List<String[]>> answers = Map.of(
                "SHOW GLOBAL VARIABLES LIKE 'gtid_mode'", List.<String[]>of(new String[] {"gtid_mode", "ON"}),
                "SELECT @@GLOBAL.gtid_purged", List.<String[]>of(new String[] {A + ":1-100,\n" + B + ":1-3"}),
                "SHOW BINARY LOGS", List.<String[]>of(new String[] {"binlog.000012", "1837", "No"}));
        Connection mysql84 = FakeMysql.connection(answers);

        assertThat(BinlogRetention.purged(mysql84, "binlog.000009", A + ":1-180," + B + ":1-5", "position")).isEmpty();
        assertThat(BinlogRetention.purged(mysql84, "binlog.000012", A + ":1-80," + B + ":1-5", "position")).contains(
                "the position is no longer on the server: it purged transactions the statement has not read (gtid_purged "
                        + A + ":1-100," + B + ":1-3)");
        // by file where the position has no MySQL GTID set
        assertThat(BinlogRetention.purged(mysql84, "binlog.000009", null, "position")).contains("the position is no"
                + " longer on the server: its oldest binlog file is binlog.000012 (older ones were purged:"
                + " binlog_expire_logs_seconds, expire_logs_days or PURGE BINARY LOGS)");
    }
}
