package io.cdcbridge.connectors.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.cdcbridge.connectors.deadletter.DeadLetter;
import io.cdcbridge.embedded.EmbeddedDatabase;
import io.cdcbridge.embedded.EmbeddedMariaDb;
import io.cdcbridge.embedded.junit.MariaDbExtension;
import java.sql.ResultSet;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.apache.flink.types.Row;
import org.apache.flink.types.RowKind;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
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

    @Test
    void nanAndInfinitiesAreRefusedNamingTheColumnOrWrittenAsNullByOption() throws Exception {
        // as text through the changes' columns: the planner cannot fold a NaN literal
        List<Row> values = List.of(Row.ofKind(RowKind.INSERT, 1, "NaN", "1.5", T), Row.ofKind(RowKind.INSERT, 2, "2.5", "-Infinity", T),
                Row.ofKind(RowKind.INSERT, 3, "Infinity", "0.5", T), Row.ofKind(RowKind.INSERT, 4, "4.5", "4.5", T));
        String insert = "INSERT INTO %s SELECT user_id, CAST(name AS DOUBLE), CAST(email AS FLOAT) FROM changes";
        String topic = "non_finite_dlq";
        kafka.createTopic(topic, 1);
        FlinkJob.named(flink, "non-finite-refused").changes(values)
                .sql("CREATE TABLE floats_refused (id INT, d DOUBLE, f FLOAT, PRIMARY KEY (id) NOT ENFORCED) " + with("floats_refused",
                        Map.of("version-column", "", "dlq.topic", topic, "dlq.properties.bootstrap.servers", kafka.bootstrapServers())))
                .run(insert.formatted("floats_refused"));
        String shown = "SELECT CONCAT_WS(' ', id, IFNULL(d, 'NULL'), IFNULL(f, 'NULL')) FROM %s ORDER BY id";
        assertThat(rows(shown.formatted("floats_refused"))).containsExactly(row("4 4.5 4.5"));
        String cannot = ", which a MySQL/MariaDB FLOAT or DOUBLE column cannot store ('non-finite-floats' = 'null' writes NULL instead)";
        assertThat(read(topic, 3)).extracting(letter -> headers(letter).get(DeadLetter.REASON)).containsExactlyInAnyOrder(
                "column 'd' holds NaN" + cannot, "column 'f' holds -Infinity" + cannot, "column 'd' holds Infinity" + cannot);

        FlinkJob.named(flink, "non-finite-null").changes(values)
                .sql("CREATE TABLE floats_null (id INT, d DOUBLE, f FLOAT, PRIMARY KEY (id) NOT ENFORCED) " + with("floats_null",
                        Map.of("version-column", "", "non-finite-floats", "null")))
                .run(insert.formatted("floats_null"));
        assertThat(rows(shown.formatted("floats_null"))).containsExactly(row("1 NULL 1.5"), row("2 2.5 NULL"), row("3 NULL 0.5"),
                row("4 4.5 4.5"));
    }

    @Override
    void createReadOnlyUser(String user, String password, String table) {
        mariadb.execute("CREATE USER '" + user + "'@'%' IDENTIFIED BY '" + password + "'",
                "GRANT SELECT ON " + mariadb.database() + "." + table + " TO '" + user + "'@'%'");
    }
}
