-- The seed's data changes: the Saundra Geoff insert, then an update and a delete.
SET search_path TO 'inventory';
INSERT INTO customers
VALUES (default,'Saundra','Geoff', 'saundra.geoff@example.com', '29 Oakwood Drive', '90210', 'Los Angeles', '(800) 555‑3100', 1, '2023-02-17 21:36:42');
UPDATE customers SET status = 2 WHERE id = 1005;
DELETE FROM customers WHERE id = 1004;
