-- MariaDB -> Kafka: the items table's snapshot, then every change from the binlog, published as Debezium's MySQL
-- connector publishes them (topic.prefix 'shop': topic shop.<database>.items, the key as record key, the envelope
-- with before, after, source, op, and a tombstone after each delete), readable by any Debezium consumer.
CREATE TABLE items_binlog (
  id INT,
  name STRING,
  version BIGINT,
  db STRING METADATA FROM 'database_name' VIRTUAL,
  table_name STRING METADATA FROM 'table_name' VIRTUAL,
  op_ts TIMESTAMP_LTZ(3) METADATA FROM 'op_ts' VIRTUAL,
  PRIMARY KEY (id) NOT ENFORCED
) WITH (
  'connector' = 'mysql-cdc',
  'hostname' = '${MYSQL_HOST}',
  'port' = '${MYSQL_PORT}',
  'username' = '${MYSQL_USER}',
  'password' = '${MYSQL_PASSWORD}',
  'database-name' = '${MYSQL_DATABASE}',
  'table-name' = 'items'
);

-- source.db and source.table name the topic; op_ts is the change's time (0 for snapshot rows: "r" events)
CREATE TABLE items_events (
  id INT,
  name STRING,
  version BIGINT,
  db STRING METADATA FROM 'source.db',
  table_name STRING METADATA FROM 'source.table',
  op_ts TIMESTAMP_LTZ(3) METADATA FROM 'source.ts_ms',
  PRIMARY KEY (id) NOT ENFORCED
) WITH (
  'connector' = 'debezium-kafka',
  'source.connector' = 'mysql',
  'topic.prefix' = 'shop',
  'properties.bootstrap.servers' = '${KAFKA_BOOTSTRAP_SERVERS}'
);

SET 'client.statement-name' = 'items-to-kafka';

INSERT INTO items_events SELECT * FROM items_binlog;
