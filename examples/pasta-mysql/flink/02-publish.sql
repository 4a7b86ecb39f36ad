-- The events on topic my_pg_source.public.pasta (<topic.prefix>.<schema>.<table>), in Debezium's envelope as
-- Kafka Connect's JsonConverter writes it (schema and payload), a tombstone after each delete: what the seed's
-- Debezium connector published, in JSON instead of Avro (no schema registry needed).
SET 'client.statement-name' = 'cdc-source-pg';

CREATE TABLE pasta_events (
  id INT NOT NULL,
  name STRING NOT NULL,
  cooking_minutes INT,
  db STRING METADATA FROM 'source.db',
  schema_name STRING METADATA FROM 'source.schema',
  table_name STRING METADATA FROM 'source.table',
  op_ts TIMESTAMP_LTZ(3) METADATA FROM 'source.ts_ms',
  PRIMARY KEY (name) NOT ENFORCED            -- the record key, as Debezium's: the table's primary key
) WITH (
  'connector' = 'debezium-kafka',
  'topic.prefix' = 'my_pg_source',
  'tombstones.on.delete' = 'true',
  'properties.bootstrap.servers' = '${KAFKA_BOOTSTRAP_SERVERS}'
);

INSERT INTO pasta_events SELECT * FROM pasta;
