-- `cdcbridge demo mysql --format avro`: the pasta table's changes on my_pg_source.public.pasta in Avro, as the
-- seed's Debezium connector published them with Confluent's AvroConverter: key and value in Confluent's wire format,
-- their schemas the contract's versions in cdcbridge's schema registry (subjects my_pg_source.public.pasta-key and
-- -value). An upsert topic keyed by name: a change as the row's new value, a delete as a tombstone.
SET 'client.statement-name' = 'cdc-source-pg';

CREATE TABLE pasta_events (
  id INT NOT NULL,
  name STRING NOT NULL,
  cooking_minutes INT,
  PRIMARY KEY (name) NOT ENFORCED
) WITH (
  'connector' = 'upsert-kafka',
  'topic' = 'my_pg_source.public.pasta',
  'properties.bootstrap.servers' = '${KAFKA_BOOTSTRAP_SERVERS}',
  'key.format' = 'avro-confluent',
  'key.avro-confluent.url' = '${SCHEMA_REGISTRY_URL}',
  'value.format' = 'avro-confluent',
  'value.avro-confluent.url' = '${SCHEMA_REGISTRY_URL}'
);

INSERT INTO pasta_events SELECT id, name, cooking_minutes FROM pasta;
