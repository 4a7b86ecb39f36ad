-- Step 1 of the seed: the customers table in Postgres, read through postgres-cdc.
SET 'execution.checkpointing.interval' = '10s';

CREATE TABLE customers (
   id INT,
   fname STRING,
   lname STRING,
   email STRING,
   street STRING,
   zip STRING,
   city STRING,
   phone STRING,
   status INT,
   registered TIMESTAMP,
   PRIMARY KEY (id) NOT ENFORCED
 ) WITH (
   'connector' = 'postgres-cdc',
   'hostname' = '${POSTGRES_HOST}',
   'port' = '${POSTGRES_PORT}',
   'username' = '${POSTGRES_USER}',
   'password' = '${POSTGRES_PASSWORD}',
   'database-name' = '${POSTGRES_DATABASE}',
   'schema-name' = 'inventory',
   'table-name' = 'customers',
   'slot.name' = 'customers_replication_slot',
   'decoding.plugin.name' = 'pgoutput'
 );
