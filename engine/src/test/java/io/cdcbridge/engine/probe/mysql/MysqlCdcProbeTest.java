package io.cdcbridge.engine.probe.mysql;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The server ids a statement reads MySQL/MariaDB with. */
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
}
