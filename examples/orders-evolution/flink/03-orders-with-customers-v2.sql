-- Blue/green: a new table version with the customer's country, and the statement that maintains it.
-- cdcbridge evolve orders_with_customers_v1_1 --to 03-orders-with-customers-v2.sql --strategy blue-green
CREATE TABLE orders_with_customers_v2 (
  order_id INT,
  product STRING,
  price_minor BIGINT,
  customer_id INT,
  customer_name STRING,
  country STRING,
  PRIMARY KEY (order_id) NOT ENFORCED
) WITH (
  'connector' = 'upsert-kafka',
  'topic' = 'orders_with_customers_v2',
  'properties.bootstrap.servers' = '${KAFKA_BOOTSTRAP_SERVERS}',
  'key.format' = 'json',
  'value.format' = 'json'
);

SET 'table.exec.state.ttl' = '1h';
-- a source (or one of its subtasks) without new records must not hold the join's watermark back
SET 'table.exec.source.idle-timeout' = '1 s';
SET 'client.statement-name' = 'orders_with_customers_v2_1';
INSERT INTO orders_with_customers_v2
SELECT v_orders.order_id, v_orders.product, to_minor_currency(v_orders.price), customers.id, customers.name,
       customers.country
FROM v_orders
JOIN customers FOR SYSTEM_TIME AS OF v_orders.event_time
ON v_orders.customer_id = customers.id;
