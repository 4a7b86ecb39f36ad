package io.cdcbridge.connectors.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cdcbridge.connectors.mysql.MysqlSourceFactory;
import io.cdcbridge.connectors.postgres.PostgresSourceFactory;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.table.api.DataTypes;
import org.apache.flink.table.api.Schema;
import org.apache.flink.table.api.ValidationException;
import org.apache.flink.table.catalog.CatalogTable;
import org.apache.flink.table.catalog.Column;
import org.apache.flink.table.catalog.ObjectIdentifier;
import org.apache.flink.table.catalog.ResolvedCatalogTable;
import org.apache.flink.table.catalog.ResolvedSchema;
import org.apache.flink.table.catalog.UniqueConstraint;
import org.apache.flink.table.connector.source.DynamicTableSource;
import org.apache.flink.table.factories.DynamicTableSourceFactory;
import org.apache.flink.table.factories.FactoryUtil;
import org.apache.flink.table.types.DataType;
import org.junit.jupiter.api.Test;

/**
 * Both CDC sources' factories refuse a table without a primary key, a chunk key that is not a column and a column type
 * they do not read, each with one message naming the table, its connector and the column; a well-declared table is
 * taken. No database is asked: these are checked when the table is planned.
 */
class SourceTableTest {

    private static final String POSTGRES = "table default_catalog.default_database.t ('connector' = 'cdcbridge-postgres')";
    private static final String MYSQL = "table default_catalog.default_database.t ('connector' = 'cdcbridge-mysql')";

    @Test
    void aTableWithoutPrimaryKeyIsRefusedNamingTheTableAndItsDatabase() {
        assertThatThrownBy(() -> create(new PostgresSourceFactory(), postgres(), null, DataTypes.INT()))
                .isInstanceOf(ValidationException.class)
                .hasMessage(POSTGRES + " needs a PRIMARY KEY (...) NOT ENFORCED, the table's key in PostgreSQL: the snapshot"
                        + " is split by it and it tells updates of a row from key changes");
        assertThatThrownBy(() -> create(new MysqlSourceFactory(), mysql(), null, DataTypes.INT()))
                .isInstanceOf(ValidationException.class)
                .hasMessage(MYSQL + " needs a PRIMARY KEY (...) NOT ENFORCED, the table's key in MySQL: the snapshot"
                        + " is split by it and it tells updates of a row from key changes");
    }

    @Test
    void aChunkKeyThatIsNotAColumnIsRefusedNamingIt() {
        Map<String, String> postgres = postgres();
        postgres.put("scan.incremental.snapshot.chunk.key-column", "nope");
        assertThatThrownBy(() -> create(new PostgresSourceFactory(), postgres, List.of("id"), DataTypes.INT()))
                .isInstanceOf(ValidationException.class)
                .hasMessage(POSTGRES + ": 'scan.incremental.snapshot.chunk.key-column' = 'nope' is not a column of the table");
        Map<String, String> mysql = mysql();
        mysql.put("scan.incremental.snapshot.chunk.key-column", "Nope");
        assertThatThrownBy(() -> create(new MysqlSourceFactory(), mysql, List.of("id"), DataTypes.INT()))
                .isInstanceOf(ValidationException.class)
                .hasMessage(MYSQL + ": 'scan.incremental.snapshot.chunk.key-column' = 'Nope' is not a column of the table");
    }

    @Test
    void aColumnOfATypeTheSourceDoesNotReadIsRefusedNamingIt() {
        DataType map = DataTypes.MAP(DataTypes.STRING(), DataTypes.STRING());
        assertThatThrownBy(() -> create(new PostgresSourceFactory(), postgres(), List.of("id"), map))
                .isInstanceOf(ValidationException.class)
                .hasMessageStartingWith(POSTGRES + ": column v MAP<STRING, STRING>: type MAP<STRING, STRING> is not supported");
        assertThatThrownBy(() -> create(new MysqlSourceFactory(), mysql(), List.of("id"), map))
                .isInstanceOf(ValidationException.class)
                .hasMessage(MYSQL + ": column 'v' is MAP<STRING, STRING>, a type cdcbridge-mysql does not read into (numbers,"
                        + " DECIMAL, BOOLEAN, strings, BYTES, DATE, TIME, TIMESTAMP and TIMESTAMP_LTZ)");
    }

    @Test
    void aWellDeclaredTableIsTakenWithTheStockConnectorsDebeziumSettings() {
        Map<String, String> postgres = postgres();
        postgres.put("debezium.snapshot.mode", "never");
        assertThat(create(new PostgresSourceFactory(), postgres, List.of("id"), DataTypes.STRING()).asSummaryString())
                .isEqualTo("cdcbridge-postgres public.t");
        Map<String, String> mysql = mysql();
        mysql.put("debezium.snapshot.mode", "never");
        assertThat(create(new MysqlSourceFactory(), mysql, List.of("id"), DataTypes.STRING()).asSummaryString())
                .isEqualTo("cdcbridge-mysql shop.t");
    }

    private static Map<String, String> postgres() {
        Map<String, String> o = common("cdcbridge-postgres");
        o.put("schema-name", "public");
        o.put("slot.name", "s");
        return o;
    }

    private static Map<String, String> mysql() {
        return common("cdcbridge-mysql");
    }

    private static Map<String, String> common(String connector) {
        return new HashMap<>(Map.of("connector", connector, "hostname", "127.0.0.1", "username", "u", "password", "p",
                "database-name", "shop", "table-name", "t"));
    }

    // the table t (id INT NOT NULL, v <type>) with the key given, as the planner hands it to the factory
    private static DynamicTableSource create(DynamicTableSourceFactory factory, Map<String, String> options, List<String> key,
                                             DataType v) {
        List<Column> columns = new ArrayList<>(List.of(Column.physical("id", DataTypes.INT().notNull()), Column.physical("v", v)));
        ResolvedSchema schema = new ResolvedSchema(columns, List.of(), key == null ? null : UniqueConstraint.primaryKey("pk", key));
        CatalogTable table = CatalogTable.newBuilder().schema(Schema.newBuilder().fromResolvedSchema(schema).build())
                .options(options).build();
        return factory.createDynamicTableSource(new FactoryUtil.DefaultDynamicTableContext(
                ObjectIdentifier.of("default_catalog", "default_database", "t"), new ResolvedCatalogTable(table, schema),
                Map.of(), new Configuration(), SourceTableTest.class.getClassLoader(), false));
    }
}
