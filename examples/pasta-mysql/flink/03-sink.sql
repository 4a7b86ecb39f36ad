-- The seed's JDBC sink connector, cdc-sink-mysql: the topic read as any Debezium consumer reads it (Flink's own
-- kafka connector and debezium-json format), upserted into pasta_mysql by the key name. The table is created
-- on first use; a delete keeps the row with __deleted = true (ExtractNewRecordState's rewrite mode).
SET 'client.statement-name' = 'cdc-sink-mysql';

CREATE TABLE pasta_topic (
  id INT NOT NULL,
  name STRING NOT NULL,
  cooking_minutes INT,
  PRIMARY KEY (name) NOT ENFORCED
) WITH (
  'connector' = 'kafka',
  'topic' = 'my_pg_source.public.pasta',
  'properties.bootstrap.servers' = '${KAFKA_BOOTSTRAP_SERVERS}',
  'properties.group.id' = 'cdc-sink-mysql',
  'scan.startup.mode' = 'earliest-offset',
  'format' = 'debezium-json',
  'debezium-json.schema-include' = 'true'   -- the events carry their schema (schemas.enable)
);

CREATE TABLE pasta_mysql (
  id INT NOT NULL,
  name STRING NOT NULL,
  cooking_minutes INT,
  PRIMARY KEY (name) NOT ENFORCED
) WITH (
  'connector' = 'cdcbridge-jdbc',
  'url' = 'jdbc:mysql://${MYSQL_HOST}:${MYSQL_PORT}/${MYSQL_DATABASE}',
  'username' = '${MYSQL_USER}',
  'password' = '${MYSQL_PASSWORD}',
  'table-name' = 'pasta_mysql',
  'auto-create' = 'true',
  'delete-mode' = 'soft',                    -- adds and writes __deleted
  'dlq.topic' = 'pasta_mysql_dlq',           -- rows MySQL refuses, with the reason
  'dlq.properties.bootstrap.servers' = '${KAFKA_BOOTSTRAP_SERVERS}'
);

INSERT INTO pasta_mysql SELECT id, name, cooking_minutes FROM pasta_topic;
