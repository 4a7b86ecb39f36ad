-- Exposing additional phone numbers of a customer (the seed's "Misc" section).
-- One change to the seed's SQL: JSON_ARRAYAGG returns a STRING in Flink 1.20, which does not fit the ARRAY<STRING>
-- column further_phones; ARRAY_AGG(... IGNORE NULLS) builds the same array of strings with the proper type,
-- so the topic carries a JSON array, as the seed intends. See README.md.
CREATE TABLE phone_numbers (
   id INT,
   customer_id INT,
   `value` STRING,
   preferred BOOLEAN,
   PRIMARY KEY (id) NOT ENFORCED
 ) WITH (
   'connector' = 'postgres-cdc',
   'hostname' = '${POSTGRES_HOST}',
   'port' = '${POSTGRES_PORT}',
   'username' = '${POSTGRES_USER}',
   'password' = '${POSTGRES_PASSWORD}',
   'database-name' = '${POSTGRES_DATABASE}',
   'schema-name' = 'inventory',
   'table-name' = 'phone_numbers',
   'slot.name' = 'phone_numbers_replication_slot',
   'decoding.plugin.name' = 'pgoutput'
 );

ALTER TABLE customers_public ADD further_phones ARRAY<STRING>;

SET 'client.statement-name' = 'customers-public-phones';

INSERT INTO customers_public
  SELECT
    c.id,
    c.fname,
    c.lname,
    c.email,
    c.zip,
    COALESCE(c.phone, preferred.`value`),
    CASE
      WHEN status = 1 THEN 'NEW'
      WHEN status = 2 THEN 'VIP'
      WHEN status = 3 THEN 'BLOCKED'
      ELSE 'STANDARD'
    END AS status,
    DATE_FORMAT(registered, 'dd-MM-yyyy'),
    ARRAY_AGG(further_phones.`value` IGNORE NULLS)
  FROM
    customers c
    LEFT JOIN
      (SELECT * FROM phone_numbers WHERE preferred = true) preferred
      ON c.id = preferred.customer_id
    LEFT JOIN
      (SELECT * FROM phone_numbers WHERE preferred = false) further_phones
      ON c.id = further_phones.customer_id
  GROUP BY
    c.id, fname, lname, email, zip, c.phone, registered, status, preferred.`value`;
