-- The seed's Debezium source connector, cdc-source-pg: public.pasta read from the WAL (pgoutput) through the
-- replication slot test_slot and the publication test_pub. The metadata columns feed the events' source block.
CREATE TABLE pasta (
  id INT NOT NULL,
  name STRING NOT NULL,
  cooking_minutes INT,
  db STRING METADATA FROM 'database_name' VIRTUAL,
  schema_name STRING METADATA FROM 'schema_name' VIRTUAL,
  table_name STRING METADATA FROM 'table_name' VIRTUAL,
  op_ts TIMESTAMP_LTZ(3) METADATA FROM 'op_ts' VIRTUAL,
  PRIMARY KEY (name) NOT ENFORCED
) WITH (
  'connector' = 'postgres-cdc',
  'hostname' = '${POSTGRES_HOST}',
  'port' = '${POSTGRES_PORT}',
  'username' = '${POSTGRES_USER}',
  'password' = '${POSTGRES_PASSWORD}',
  'database-name' = '${POSTGRES_DATABASE}',
  'schema-name' = 'public',
  'table-name' = 'pasta',
  'slot.name' = 'test_slot',
  'debezium.publication.name' = 'test_pub',
  'decoding.plugin.name' = 'pgoutput',
  'scan.incremental.snapshot.enabled' = 'true'
);
