-- MariaDB -> PostgreSQL: the items table's snapshot, then every change from the binlog, upserted into PostgreSQL.
-- cdcbridge-mysql reads MariaDB (mysql-cdc takes the same options: 'connector' = 'mysql-cdc' reads it through
-- Debezium instead); cdcbridge checks the server first (binlog on, ROW format, FULL row images, the user's
-- REPLICATION SLAVE, REPLICATION CLIENT and SELECT) and gives the statement a server id range of its own.
CREATE TABLE items_src (
  id INT,
  name STRING,
  version BIGINT,
  PRIMARY KEY (id) NOT ENFORCED
) WITH (
  'connector' = 'cdcbridge-mysql',
  'hostname' = '${MYSQL_HOST}',
  'port' = '${MYSQL_PORT}',
  'username' = '${MYSQL_USER}',
  'password' = '${MYSQL_PASSWORD}',
  'database-name' = '${MYSQL_DATABASE}',
  'table-name' = 'items'
);

-- guarded upserts: a row is written only when its version is not older than the one PostgreSQL holds, so a
-- replayed or late change never overwrites a newer row; a delete removes the row
CREATE TABLE items_pg (
  id INT,
  name STRING,
  version BIGINT,
  PRIMARY KEY (id) NOT ENFORCED
) WITH (
  'connector' = 'cdcbridge-jdbc',
  'url' = 'jdbc:postgresql://${POSTGRES_HOST}:${POSTGRES_PORT}/${POSTGRES_DATABASE}',
  'table-name' = 'items',
  'username' = '${POSTGRES_USER}',
  'password' = '${POSTGRES_PASSWORD}',
  'version-column' = 'version',
  'delete-mode' = 'hard'
);

-- every change also as an event on a topic (Flink's debezium-json: an update is a delete of the old row and a
-- create of the new one), to see what the statement emitted
CREATE TABLE items_changes (
  id INT,
  name STRING,
  version BIGINT
) WITH (
  'connector' = 'kafka',
  'topic' = 'items-changes',
  'properties.bootstrap.servers' = '${KAFKA_BOOTSTRAP_SERVERS}',
  'format' = 'debezium-json'
);

SET 'client.statement-name' = 'items-to-pg';

EXECUTE STATEMENT SET BEGIN
  INSERT INTO items_pg SELECT * FROM items_src;
  INSERT INTO items_changes SELECT * FROM items_src;
END;
