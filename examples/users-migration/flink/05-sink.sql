-- Steps 1, 6 and 7 of the seed (01_set_checkpoint.sql, 07_create_users_enriched_sink.sql, insert.sql): the
-- users_enriched table in PostgreSQL and the statement that keeps it up to date.
-- The seed's SETs stand here because a SET holds until the end of its script, and this script starts the job.
SET 'execution.checkpointing.interval' = '10s';
SET 'parallelism.default' = '2';
SET 'table.exec.state.ttl' = '7 days';

-- cdcbridge-jdbc instead of jdbc: an upsert guarded by updated_at (a stale event never overwrites a newer row,
-- the seed's guarded_upsert), batches of 200 rows or 2 s as in the seed's README, retries while PostgreSQL is
-- away, and rows PostgreSQL rejects go to users_enriched_dlq. The seed marks deletes itself (is_deleted, from
-- op = 'd'); 'delete-mode' only decides what a retraction from Flink does to the row.
CREATE TABLE users_enriched_sink (
  user_id BIGINT,
  name STRING,
  email STRING,
  email_domain STRING,
  country_code STRING,
  country_name STRING,
  is_corporate BOOLEAN,
  is_deleted BOOLEAN,
  updated_at TIMESTAMP_LTZ(3),
  PRIMARY KEY (user_id) NOT ENFORCED
) WITH (
  'connector' = 'cdcbridge-jdbc',
  'url' = 'jdbc:postgresql://${POSTGRES_HOST}:${POSTGRES_PORT}/${POSTGRES_DATABASE}',
  'table-name' = 'users_enriched',
  'username' = '${POSTGRES_USER}',
  'password' = '${POSTGRES_PASSWORD}',
  'version-column' = 'updated_at',
  'delete-mode' = 'hard',
  'sink.buffer-flush.max-rows' = '200',
  'sink.buffer-flush.interval' = '2s',
  'dlq.topic' = 'users_enriched_dlq',
  'dlq.properties.bootstrap.servers' = '${KAFKA_BOOTSTRAP_SERVERS}'
);

SET 'client.statement-name' = 'users-enriched';

INSERT INTO users_enriched_sink
SELECT * FROM users_enriched_view;
