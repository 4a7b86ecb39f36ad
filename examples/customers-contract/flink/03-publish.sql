-- Step 3 of the seed: the job that maps the internal CDC stream to the published contract.
-- cdcbridge runs it as the named statement customers-public-v1.
SET 'client.statement-name' = 'customers-public-v1';

INSERT INTO customers_public
  SELECT 
    id,
    fname AS first_name,
    lname AS last_name,
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
