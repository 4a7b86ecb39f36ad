-- Run while the publishing statement is stopped: an update, the column rename, another update.
SET search_path TO 'inventory';
UPDATE customers SET fname = 'Brandon Junior' WHERE id = 1001;
ALTER TABLE customers RENAME COLUMN fname TO first_name;
UPDATE customers SET first_name = 'Brandon III' WHERE id = 1001;
