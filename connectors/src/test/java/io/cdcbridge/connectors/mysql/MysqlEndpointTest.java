package io.cdcbridge.connectors.mysql;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.shyiko.mysql.binlog.network.Authenticator;
import com.github.shyiko.mysql.binlog.network.protocol.GreetingPacket;
import com.github.shyiko.mysql.binlog.network.protocol.PacketChannel;
import java.net.InetAddress;
import java.net.Socket;
import java.sql.Connection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * cdcbridge-mysql's two connections to MySQL 8 log in with its default {@code caching_sha2_password} over a
 * connection without TLS, against {@link FakeMysql8Server} (MySQL 8 cannot run on this machine): the snapshot's and
 * the reader's JDBC connection (MariaDB's driver) and the binlog client's. MariaDB's logins are tested on a real
 * server (MysqlSourceTest).
 */
class MysqlEndpointTest {

    static FakeMysql8Server mysql;

    @BeforeAll
    static void start() throws Exception {
        mysql = new FakeMysql8Server("cdc", "s3cret-pw");
    }

    @AfterAll
    static void stop() throws Exception {
        mysql.close();
    }

    @Test
    void theJdbcConnectionLogsInToMysql8WithoutTlsSendingThePasswordEncryptedWithTheServersKey() throws Exception {
        int before = mysql.logins().size();
        try (Connection c = new MysqlEndpoint("127.0.0.1", mysql.port(), "shop", "cdc", "s3cret-pw", MysqlTls.DISABLED).connect()) {
            assertThat(c.isClosed()).isFalse();
            assertThat(mysql.logins()).hasSize(before + 1).last().isEqualTo("cdc");
        }
    }

    @Test
    void theBinlogClientLogsInToMysql8WithoutTlsToo() throws Exception {
        int before = mysql.logins().size();
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), mysql.port())) {
            PacketChannel channel = new PacketChannel(socket);
            new Authenticator(new GreetingPacket(channel.read()), channel, null, "cdc", "s3cret-pw").authenticate();
            assertThat(mysql.logins()).hasSize(before + 1).last().isEqualTo("cdc");
        }
    }
}
