package io.cdcbridge.engine.session;

import io.cdcbridge.connectors.avro.AvroForm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cdcbridge.control.contract.CompatibilityCheck;
import io.cdcbridge.control.engine.TableShape;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.table.types.logical.DayTimeIntervalType;
import org.apache.flink.table.types.logical.IntType;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.RowType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Tables in neutral form: columns, key, options with the contract options Flink never sees, and the Avro form. */
class FlinkSessionShapeTest {

    private static final String TOPIC = """
            CREATE TABLE orders (
              id INT,
              amount DECIMAL(10, 2) NOT NULL,
              note STRING,
              tags ARRAY<STRING>,
              placed TIMESTAMP(3),
              PRIMARY KEY (id) NOT ENFORCED
            ) WITH (
              'connector' = 'upsert-kafka', 'topic' = 'orders', 'properties.bootstrap.servers' = 'localhost:9',
              'key.format' = 'json', 'value.format' = 'json', 'contract.compatibility' = 'FULL'
            )""";

    static FlinkSession session;

    @BeforeAll
    static void open() throws Exception {
        session = FlinkSession.open(new Configuration(), List.of(TOPIC,
                "CREATE TABLE numbers (n INT) WITH ('connector' = 'datagen')"));
    }

    @AfterAll
    static void close() {
        session.close();
    }

    @Test
    void aContractOptionIsKeptForCdcbridgeButNotShownToTheConnector() throws Exception {
        assertThat(session.table("orders").orElseThrow().options()).containsEntry("contract.compatibility", "FULL");
        assertThat(session.options("orders").orElseThrow()).doesNotContainKey("contract.compatibility");
        // upsert-kafka refuses options it does not know: planning a write succeeds only without it
        session.validate("INSERT INTO orders SELECT n, 1.5, 'x', ARRAY['a'], CAST(NULL AS TIMESTAMP(3)) FROM numbers", Map.of());
    }

    @Test
    void aStatementReadsTheTablesBehindTemporaryViews() throws Exception {
        try (FlinkSession s = FlinkSession.open(new Configuration(), List.of(TOPIC,
                "CREATE TABLE numbers (n INT) WITH ('connector' = 'datagen')",
                "CREATE TEMPORARY VIEW doubled AS SELECT n * 2 AS n FROM numbers",
                "CREATE TEMPORARY VIEW named AS SELECT n, 'x' AS note FROM doubled"))) {
            String insert = "INSERT INTO orders SELECT n, 1.5, note, ARRAY['a'], CAST(NULL AS TIMESTAMP(3)) FROM named";
            assertThat(s.sources(insert)).containsExactly("numbers");
            assertThat(s.validate(insert, Map.of()).views()).containsExactly("named", "doubled");
            assertThat(s.options("numbers")).contains(Map.of("connector", "datagen"));
        }
    }

    @Test
    void aQuerysColumnsAreGivenAsDdlTypesARowtimeAttributeAsAPlainTimestamp() throws Exception {
        try (FlinkSession s = FlinkSession.open(new Configuration(), List.of(
                "CREATE TABLE clicks (id INT NOT NULL, ts TIMESTAMP(3), WATERMARK FOR ts AS ts) WITH ('connector' = 'datagen')"))) {
            assertThat(s.queryShape("SELECT id, ts, CAST(id AS DECIMAL(5, 1)) * 2 AS twice, 'x' AS tag FROM clicks"))
                    .extracting(c -> c.name() + " " + c.sql())
                    .containsExactly("id INT NOT NULL", "ts TIMESTAMP(3)", "twice DECIMAL(16, 1) NOT NULL",
                            "tag CHAR(1) NOT NULL");
            assertThatThrownBy(() -> s.queryShape("SELECT nope FROM clicks")).hasMessageContaining("Column 'nope' not found");
        }
    }

    @Test
    void alterTableSetAndResetChangeTheContractOptionAlone() throws Exception {
        try (FlinkSession s = FlinkSession.open(new Configuration(), List.of(TOPIC))) {
            s.applyDefinition("ALTER TABLE orders SET ('contract.compatibility' = 'NONE', 'topic' = 'orders2')");
            assertThat(s.table("orders").orElseThrow().options())
                    .containsEntry("contract.compatibility", "NONE").containsEntry("topic", "orders2");
            s.applyDefinition("ALTER TABLE orders SET ('contract.compatibility' = 'FORWARD')");
            assertThat(s.table("orders").orElseThrow().options()).containsEntry("contract.compatibility", "FORWARD");
            s.applyDefinition("ALTER TABLE orders RESET ('contract.compatibility')");
            assertThat(s.table("orders").orElseThrow().options()).doesNotContainKey("contract.compatibility");
            s.applyDefinition("ALTER TABLE orders SET ('contract.compatibility' = 'FULL')");
            s.applyDefinition("DROP TABLE orders");
            s.applyDefinition("CREATE TABLE orders (id INT) WITH ('connector' = 'blackhole')");
            assertThat(s.table("orders").orElseThrow().options()).doesNotContainKey("contract.compatibility");
        }
    }

    @Test
    void columnsKeyAndTheAvroForm() throws Exception {
        TableShape shape = session.table("orders").orElseThrow();
        assertThat(shape.primaryKey()).containsExactly("id");
        assertThat(shape.columns()).extracting(TableShape.Column::sql).containsExactly(
                "INT NOT NULL", "DECIMAL(10, 2) NOT NULL", "STRING", "ARRAY<STRING>", "TIMESTAMP(3)");
        Schema avro = CompatibilityCheck.parse(shape.avroSchema());
        assertThat(avro.getName()).isEqualTo("orders");
        assertThat(avro.getField("id").schema().getType()).isEqualTo(Schema.Type.INT);
        assertThat(avro.getField("amount").schema().getLogicalType().getName()).isEqualTo("decimal");
        assertThat(avro.getField("note").schema().getTypes()).extracting(Schema::getType)
                .containsExactly(Schema.Type.NULL, Schema.Type.STRING);
        assertThat(avro.getField("note").hasDefaultValue()).isTrue();
        assertThat(avro.getField("id").hasDefaultValue()).isFalse();
        assertThat(avro.getField("tags").schema().getTypes().get(1).getElementType().getTypes().get(1).getType())
                .isEqualTo(Schema.Type.STRING);
        assertThat(avro.getField("placed").schema().getTypes().get(1).getLogicalType().getName())
                .isEqualTo("local-timestamp-millis");
    }

    @Test
    void aTypeWithoutAnAvroFormIsNamed() {
        // Flink's DDL has no such column type, but a computed or CTAS column can have one
        RowType row = RowType.of(new LogicalType[] {new IntType(), new DayTimeIntervalType(DayTimeIntervalType.DayTimeResolution.DAY_TO_SECOND)},
                new String[] {"id", "took"});
        assertThatThrownBy(() -> AvroForm.of("spans", row)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("column 'took': type INTERVAL DAY(2) TO SECOND(6) has no Avro form");
    }

    @Test
    void aViewShowsItsQuery() throws Exception {
        try (FlinkSession s = FlinkSession.open(new Configuration(), List.of(TOPIC,
                "CREATE VIEW big AS SELECT id, amount FROM orders WHERE amount > 100"))) {
            TableShape view = s.table("big").orElseThrow();
            assertThat(view.view()).isTrue();
            assertThat(view.query()).contains("`amount` > 100");
            assertThat(s.validate("INSERT INTO orders SELECT id, amount, '', ARRAY['a'], CAST(NULL AS TIMESTAMP(3)) FROM big",
                    Map.of()).views()).containsExactly("big");
        }
    }
}
