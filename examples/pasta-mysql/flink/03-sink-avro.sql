-- `cdcbridge demo mysql --format avro`: the topic read back from Avro (each record by its schema id in the
-- registry) as a changelog keyed by name, upserted into pasta_mysql with soft deletes, as 03-sink.sql does.
SET 'client.statement-name' = 'cdc-sink-mysql';

CREATE TABLE pasta_topic (
  id INT NOT NULL,
  name STRING NOT NULL,
  cooking_minutes INT,
  PRIMARY KEY (name) NOT ENFORCED
) WITH (
  'connector' = 'upsert-kafka',
  'topic' = 'my_pg_source.public.pasta',
  'properties.bootstrap.servers' = '${KAFKA_BOOTSTRAP_SERVERS}',
  'properties.group.id' = 'cdc-sink-mysql',
  'key.format' = 'avro-confluent',
  'key.avro-confluent.url' = '${SCHEMA_REGISTRY_URL}',
  'value.format' = 'avro-confluent',
  'value.avro-confluent.url' = '${SCHEMA_REGISTRY_URL}'
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
  'delete-mode' = 'soft',
  'dlq.topic' = 'pasta_mysql_dlq',
  'dlq.properties.bootstrap.servers' = '${KAFKA_BOOTSTRAP_SERVERS}'
);

INSERT INTO pasta_mysql SELECT id, name, cooking_minutes FROM pasta_topic;
