package io.cdcbridge.engine.connector;

import static org.assertj.core.api.Assertions.assertThat;

import io.cdcbridge.control.engine.ConnectorDescription;
import io.cdcbridge.control.engine.ConnectorDescription.Position;
import io.cdcbridge.control.engine.TableShape;
import java.util.List;
import java.util.Map;
import org.apache.flink.table.factories.DynamicTableFactory;
import org.apache.flink.table.factories.FactoryUtil;
import org.junit.jupiter.api.Test;

/** What cdcbridge says of each connector it knows, in the one place it says it. */
class KnownConnectorsTest {

    private final KnownConnectors known = KnownConnectors.ALL;

    private ConnectorDescription d(String name) {
        return known.connector(name).orElseThrow();
    }

    @Test
    void everyKnownConnectorButFlinksJdbcShipsWithCdcbridge() {
        assertThat(known.descriptions()).extracting(ConnectorDescription::name).containsExactly(
                "postgres-cdc", "cdcbridge-postgres", "mysql-cdc", "cdcbridge-mysql", "kafka", "upsert-kafka", "cdcbridge-kafka", "debezium-kafka", "jdbc",
                "cdcbridge-jdbc");
        // found as Flink finds them: its discovery skips providers whose classes are absent (flink-avro's file format
        // needs flink-connector-files), where a bare ServiceLoader would fail on them
        ClassLoader loader = getClass().getClassLoader();
        // Flink's own jdbc connector is described for clusters that have it; cdcbridge ships cdcbridge-jdbc instead
        known.descriptions().stream().map(ConnectorDescription::name).filter(n -> !n.equals("jdbc"))
                .forEach(n -> assertThat(FactoryUtil.discoverFactory(loader, DynamicTableFactory.class, n).factoryIdentifier())
                        .isEqualTo(n));
    }

    @Test
    void tablesOthersConsumeAreContractsByDefault() {
        // cdcbridge-jdbc and debezium-kafka publish as jdbc and kafka do
        assertThat(known.descriptions()).filteredOn(ConnectorDescription::contract).extracting(ConnectorDescription::name)
                .containsExactly("kafka", "upsert-kafka", "debezium-kafka", "jdbc", "cdcbridge-jdbc");
        TableShape target = new TableShape("users", Map.of("connector", "cdcbridge-jdbc"), List.of(), List.of(), null, null, "{}", null);
        assertThat(known.contractByDefault(target)).isTrue();
        assertThat(known.contractByDefault(new TableShape("raw", Map.of("connector", "cdcbridge-kafka"), List.of(), List.of(),
                null, null, "{}", null))).isFalse();
    }

    @Test
    void sourcesThatTakeSpecificOffsetsCanCarryOffsetsOver() {
        assertThat(known.descriptions()).filteredOn(ConnectorDescription::specificOffsets).extracting(ConnectorDescription::name)
                .containsExactly("kafka", "cdcbridge-kafka");
        assertThat(d("cdcbridge-kafka").startsAtTimestamp()).isTrue();
        assertThat(d("upsert-kafka").startupModes()).isEmpty();
    }

    @Test
    void positionsLagAndRoles() {
        assertThat(d("postgres-cdc").position()).isEqualTo(Position.POSTGRES_LSN);
        assertThat(d("cdcbridge-postgres").position()).isEqualTo(Position.POSTGRES_LSN);
        assertThat(d("mysql-cdc").position()).isEqualTo(Position.MYSQL_BINLOG);
        assertThat(d("mysql-cdc").source()).isTrue();
        assertThat(d("mysql-cdc").sink()).isFalse();
        assertThat(d("mysql-cdc").contract()).isFalse();
        assertThat(d("mysql-cdc").startupModes()).containsExactly("initial", "earliest-offset", "latest-offset",
                "specific-offset", "timestamp", "snapshot");
        assertThat(d("mysql-cdc").startsAtTimestamp()).isTrue();
        assertThat(d("mysql-cdc").preflight()).contains("binlog_format=ROW", "binlog_row_image=FULL",
                "the user has REPLICATION SLAVE and REPLICATION CLIENT", "the user may SELECT the table",
                "the server still holds the binlog from the position a restored job (or a specific-offset) starts at");
        // cdcbridge's own binlog reader: the same checks and position, its own startup modes
        assertThat(d("cdcbridge-mysql").position()).isEqualTo(Position.MYSQL_BINLOG);
        assertThat(d("cdcbridge-mysql").startupModes()).containsExactly("initial", "latest-offset");
        assertThat(d("cdcbridge-mysql").preflight()).isEqualTo(d("mysql-cdc").preflight());
        assertThat(d("cdcbridge-mysql").source()).isTrue();
        assertThat(d("cdcbridge-mysql").sink()).isFalse();
        assertThat(d("cdcbridge-kafka").position()).isEqualTo(Position.KAFKA_OFFSETS);
        assertThat(d("cdcbridge-kafka").lag()).isTrue();
        assertThat(d("postgres-cdc").lag()).isFalse();
        assertThat(d("debezium-kafka").source()).isFalse();
        assertThat(d("debezium-kafka").sink()).isTrue();
        assertThat(d("cdcbridge-postgres").sink()).isFalse();
        assertThat(d("jdbc").source()).isTrue();
        assertThat(d("postgres-cdc").preflight()).contains("wal_level=logical");
        assertThat(known.connector("datagen")).isEmpty();
    }

    @Test
    void defaultsFillOnlyWhatATableLeavesOut() {
        assertThat(known.missingDefaults(Map.of("connector", "postgres-cdc", "debezium.poll.interval.ms", "500",
                "connect.timeout", "30s"))).isEqualTo(Map.of("scan.incremental.snapshot.enabled", "true",
                "debezium.status.update.interval.ms", "1000", "connect.max-retries", "1"));
        assertThat(known.missingDefaults(Map.of("connector", "cdcbridge-postgres"))).isEmpty();
        assertThat(known.missingDefaults(Map.of("connector", "mysql-cdc"))).isEqualTo(
                Map.of("scan.incremental.snapshot.enabled", "true"));
        assertThat(known.missingDefaults(Map.of("connector", "mysql-cdc", "scan.incremental.snapshot.enabled", "false")))
                .isEmpty();
        assertThat(known.missingDefaults(Map.of("connector", "datagen"))).isEmpty();
    }
}
