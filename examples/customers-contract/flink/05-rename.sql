-- Column rename, part 2: after fname was renamed to first_name in Postgres, add the new column in the catalog
-- and start a new version of the statement from v1's savepoint, taking the first name from whichever column is set.
ALTER TABLE customers ADD first_name STRING;
SET 'execution.savepoint.path' = '${savepoint:customers-public-v1}';
SET 'client.statement-name' = 'customers-public-v2';

INSERT INTO customers_public
  SELECT 
    id,
    COALESCE(fname, first_name),
    lname,
    email,
    zip,
    phone,
    CASE
      WHEN status = 1 THEN 'NEW'
      WHEN status = 2 THEN 'VIP'
      WHEN status = 3 THEN 'BLOCKED'
      ELSE 'STANDARD'
    END,
    DATE_FORMAT(registered, 'dd-MM-yyyy')
  FROM customers;
