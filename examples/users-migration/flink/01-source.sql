-- Step 2 of the seed (02_create_users_cdc_raw.sql): the users_cdc topic, one row per change event.
-- The seed read it with 'format' = 'json' and 'json.ignore-parse-errors', which drops a malformed event without a
-- trace, and filtered bad ops into a DLQ with a second job (02a_create_dead_letters.sql). Here cdcbridge-kafka and
-- cdc-json check every event (op, key, timestamp) and send a bad one to users_cdc_dlq, with the reason and its
-- topic, partition and offset; the job goes on. The consumer group lets cdcbridge report the statement's offsets.
CREATE TABLE users_cdc_raw (
  op STRING,  -- operation: c = create, u = update, d = delete
  `before` ROW<user_id BIGINT, name STRING, email STRING, country_code STRING>,
  `after`  ROW<user_id BIGINT, name STRING, email STRING, country_code STRING>,
  timestamp_ms BIGINT,
  ts AS TO_TIMESTAMP_LTZ(timestamp_ms, 3),  -- convert ms -> TIMESTAMP(3)
  WATERMARK FOR ts AS ts - INTERVAL '10' SECOND  -- allow 10s lateness
) WITH (
  'connector' = 'cdcbridge-kafka',
  'topic' = 'users_cdc',
  'properties.bootstrap.servers' = '${KAFKA_BOOTSTRAP_SERVERS}',
  'properties.group.id' = 'users-migration',
  'scan.startup.mode' = 'earliest-offset',
  'format' = 'cdc-json',
  'cdc-json.key-fields' = 'user_id',
  'cdc-json.timestamp-field' = 'timestamp_ms'
);
