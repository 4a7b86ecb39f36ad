-- Seed 002's sources: the events of the sales lifecycle (an order, a shipment, ...) and the customers,
-- both Kafka topics in JSON. Event time is a field of each event.
CREATE TABLE sales_lifecycle_events (
  event_id STRING,
  `order` ROW<order_id INT, customer_id INT, product STRING, price DECIMAL(10, 2)>,
  shipment ROW<order_id INT, carrier STRING>,
  event_time TIMESTAMP(3),
  WATERMARK FOR event_time AS event_time
) WITH (
  'connector' = 'kafka',
  'topic' = 'sales_lifecycle_events',
  'properties.bootstrap.servers' = '${KAFKA_BOOTSTRAP_SERVERS}',
  'format' = 'json',
  'scan.startup.mode' = 'earliest-offset'
);

-- The customers as a versioned table (key and event time), for the temporal join.
CREATE TABLE customers (
  id INT,
  name STRING,
  country STRING,
  updated_at TIMESTAMP(3),
  PRIMARY KEY (id) NOT ENFORCED,
  WATERMARK FOR updated_at AS updated_at
) WITH (
  'connector' = 'upsert-kafka',
  'topic' = 'customers',
  'properties.bootstrap.servers' = '${KAFKA_BOOTSTRAP_SERVERS}',
  'key.format' = 'json',
  'value.format' = 'json'
);

-- The seed's UDF, a Java class on the server's class path (the cdcbridge jar ships this one).
CREATE FUNCTION to_minor_currency AS 'io.cdcbridge.cli.demo.ToMinorCurrency';

-- The seed's v_orders (a CTAS there; a view here, read through without a topic or statement of its own).
CREATE VIEW v_orders AS
SELECT `order`.order_id AS order_id, `order`.customer_id AS customer_id, `order`.product AS product,
       `order`.price AS price, event_time
FROM sales_lifecycle_events
WHERE `order` IS NOT NULL;
