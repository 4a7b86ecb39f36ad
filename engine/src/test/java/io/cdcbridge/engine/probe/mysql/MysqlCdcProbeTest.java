package io.cdcbridge.engine.probe.mysql;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The server ids a statement reads MySQL/MariaDB with, and the binlog settings the preflight asks for. */
class MysqlCdcProbeTest {

    private final MysqlCdcProbe probe = new MysqlCdcProbe(MysqlCdcProbe.Reader.MYSQL_CDC);

    @Test
    void aStatementReadsWithARangeOfServerIdsOfItsOwn() {
        Map<String, String> table = Map.of("connector", "mysql-cdc", "hostname", "127.0.0.1");
        String orders = probe.statementOptions("orders-to-pg", table).get("server-id");
        String items = probe.statementOptions("items-to-pg", table).get("server-id");

        assertThat(orders).matches("\\d+-\\d+").isNotEqualTo(items);
        String[] range = orders.split("-");
        assertThat(Long.parseLong(range[1]) - Long.parseLong(range[0]) + 1).isEqualTo(MysqlCdcProbe.SERVER_IDS_PER_STATEMENT);
        assertThat(Long.parseLong(range[1])).isLessThan(4_294_967_296L); // the server id is an unsigned 32-bit number
        // the same name, the same range: a restarted or resumed statement keeps its ids
        assertThat(probe.statementOptions("orders-to-pg", table)).containsExactly(Map.entry("server-id", orders));
    }

    @Test
    void aServerIdTheTableGivesIsKept() {
        assertThat(probe.statementOptions("orders-to-pg", Map.of("connector", "mysql-cdc", "server-id", "5400-5404"))).isEmpty();
    }

    // MySQL 8 cannot run on this machine (no Docker engine, no MySQL server package, no MySQL binaries on Maven
    // Central): its settings are given as SHOW GLOBAL VARIABLES answers on MySQL 8.4; MysqlCdcPreflightTest asks MariaDB
    @Test
    void mysql8sBinlogSettingsPassAndAPartialJsonUpdateFormatIsRefusedSayingHowToTurnItOff() {
        Map<String, String> mysql84 = Map.of("log_bin", "ON", "binlog_format", "ROW", "binlog_row_image", "FULL",
                "binlog_row_value_options", "");
        assertThat(MysqlCdcProbe.binlogProblems(mysql84)).isEmpty();

        Map<String, String> partialJson = new java.util.HashMap<>(mysql84);
        partialJson.put("binlog_row_value_options", "PARTIAL_JSON");
        assertThat(MysqlCdcProbe.binlogProblems(partialJson)).containsExactly("binlog_row_value_options is 'PARTIAL_JSON';"
                + " CDC needs whole JSON values in updates: SET GLOBAL binlog_row_value_options = '' and the same in the"
                + " server's configuration");
    }
}
