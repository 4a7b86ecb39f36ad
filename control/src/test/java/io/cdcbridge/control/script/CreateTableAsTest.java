package io.cdcbridge.control.script;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cdcbridge.control.engine.TableShape.Column;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** How a CTAS is taken apart into the table's CREATE TABLE and the INSERT that maintains it. */
class CreateTableAsTest {

    private static final List<Column> QUERY = List.of(
            new Column("order_id", "INT", true, true),
            new Column("product", "VARCHAR(2147483647)", true, true),
            new Column("EXPR$2", "BIGINT", false, true));

    // the tests' tables have names Kafka takes
    private static CreateTableAs parse(String sql) {
        return CreateTableAs.parse(sql, java.util.function.UnaryOperator.identity());
    }

    @Test
    void theDefaultTopicIsTheTableNameAsTheEngineMakesItValidForKafka() {
        CreateTableAs ctas = CreateTableAs.parse("CREATE TABLE `shop`.`Order Lines` PRIMARY KEY (a) AS SELECT 1 AS a",
                name -> name.replace(' ', '_'));
        assertThat(ctas.simpleName()).isEqualTo("Order Lines");
        assertThat(ctas.tableOptions()).containsEntry("topic", "Order_Lines");
    }

    @Test
    void aKeyColumnWithABlankKeepsIt() {
        CreateTableAs ctas = parse("CREATE TABLE t PRIMARY KEY (`a b`, `c`) AS SELECT 1 AS `a b`, 2 AS c");
        assertThat(ctas.primaryKey()).containsExactly("a b", "c");
    }

    @Test
    void theSeedsFormBecomesAnUpsertKafkaTableWithTheBucketCountAndItsInsert() {
        CreateTableAs ctas = parse("""
                CREATE TABLE orders_with_customers_v1
                PRIMARY KEY (v_orders.order_id)
                DISTRIBUTED INTO 10 BUCKETS
                AS
                SELECT v_orders.order_id, v_orders.product, to_minor_currency(v_orders.price)
                FROM v_orders""");

        assertThat(ctas.primaryKey()).containsExactly("order_id");
        assertThat(ctas.buckets()).isEqualTo(OptionalInt.of(10));
        assertThat(ctas.ddl(QUERY)).isEqualTo("""
                CREATE TABLE orders_with_customers_v1 (
                  `order_id` INT NOT NULL,
                  `product` VARCHAR(2147483647),
                  `EXPR$2` BIGINT NOT NULL,
                  PRIMARY KEY (`order_id`) NOT ENFORCED
                ) WITH (
                  'connector' = 'upsert-kafka',
                  'topic' = 'orders_with_customers_v1',
                  'properties.bootstrap.servers' = '${KAFKA_BOOTSTRAP_SERVERS}',
                  'key.format' = 'json',
                  'value.format' = 'json',
                  'contract.buckets' = '10'
                )""");
        assertThat(ctas.insert(QUERY)).isEqualTo("""
                INSERT INTO orders_with_customers_v1
                SELECT v_orders.order_id, v_orders.product, to_minor_currency(v_orders.price)
                FROM v_orders""");
    }

    @Test
    void declaredColumnsComeFirstOrTakeTheQuerysPlaceAndTheWrittenOptionsWin() {
        CreateTableAs ctas = parse("""
                create or replace table `shop`.orders_out (
                  note STRING COMMENT 'filled later',
                  product STRING NOT NULL,
                  CONSTRAINT pk PRIMARY KEY (order_id) NOT ENFORCED
                ) DISTRIBUTED BY HASH(`order_id`) INTO 3 BUCKETS
                WITH ('connector' = 'upsert-kafka', 'topic' = 'it''s', 'contract.compatibility' = 'FULL')
                AS SELECT order_id, product, 7 FROM orders""");

        assertThat(ctas.replace()).isTrue();
        assertThat(ctas.simpleName()).isEqualTo("orders_out");
        assertThat(ctas.ddl(QUERY)).isEqualTo("""
                CREATE TABLE `shop`.orders_out (
                  note STRING COMMENT 'filled later',
                  `order_id` INT NOT NULL,
                  product STRING NOT NULL,
                  `EXPR$2` BIGINT NOT NULL,
                  PRIMARY KEY (`order_id`) NOT ENFORCED
                ) WITH (
                  'connector' = 'upsert-kafka',
                  'topic' = 'it''s',
                  'contract.compatibility' = 'FULL',
                  'contract.buckets' = '3'
                )""");
        assertThat(ctas.insert(QUERY)).isEqualTo("INSERT INTO `shop`.orders_out (`order_id`, `product`, `EXPR$2`)\n"
                + "SELECT order_id, product, 7 FROM orders");
    }

    @Test
    void withoutAKeyTheDefaultIsAnAppendOnlyKafkaTopic() {
        CreateTableAs ctas = parse("CREATE TABLE big AS WITH x AS (SELECT 1) SELECT * FROM x");
        assertThat(ctas.tableOptions()).containsExactly(
                java.util.Map.entry("connector", "kafka"), java.util.Map.entry("topic", "big"),
                java.util.Map.entry("properties.bootstrap.servers", "${KAFKA_BOOTSTRAP_SERVERS}"),
                java.util.Map.entry("format", "json"));
        assertThat(ctas.query()).isEqualTo("WITH x AS (SELECT 1) SELECT * FROM x");
        assertThat(StatementKind.of("CREATE TABLE big AS WITH x AS (SELECT 1) SELECT * FROM x")).isEqualTo(StatementKind.CREATE_TABLE_AS);
    }

    @Test
    void whatCannotBeDoneIsSaidInWords() {
        assertThatThrownBy(() -> parse("CREATE TABLE t PRIMARY KEY (a) PRIMARY KEY (b) AS SELECT 1 AS a"))
                .hasMessage("the primary key or the distribution is declared twice");
        assertThatThrownBy(() -> parse("CREATE TABLE IF NOT EXISTS t AS SELECT 1"))
                .hasMessageStartingWith("CREATE TABLE IF NOT EXISTS ... AS is not supported");
        assertThatThrownBy(() -> parse("CREATE TABLE t PARTITIONED BY (a) AS SELECT 1 AS a"))
                .hasMessageStartingWith("unexpected 'PARTITIONED' in CREATE TABLE ... AS");
        assertThatThrownBy(() -> parse("CREATE TABLE t PRIMARY KEY (nope) AS SELECT 1").ddl(QUERY))
                .hasMessage("primary key column 'nope' is not a column of the query [order_id, product, EXPR$2]");
        assertThatThrownBy(() -> parse("CREATE TABLE t PRIMARY KEY (order_id) DISTRIBUTED BY (product)"
                + " INTO 2 BUCKETS AS SELECT 1").ddl(QUERY))
                .hasMessage("DISTRIBUTED BY (product): a topic's records are partitioned by their key, so the columns must"
                        + " be the primary key (order_id)");
        assertThatThrownBy(() -> parse("CREATE TABLE t WITH"))
                .hasMessageStartingWith("unexpected 'WITH' in CREATE TABLE ... AS");
        assertThatThrownBy(() -> parse("CREATE TABLE t DISTRIBUTED INTO 0 BUCKETS AS SELECT 1"))
                .hasMessage("a table needs at least 1 bucket");
    }
}
