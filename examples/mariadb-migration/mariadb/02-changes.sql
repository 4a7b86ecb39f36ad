-- Changes made in MariaDB while the statements run: an insert, an update, a delete and a key change.
INSERT INTO items VALUES (4, 'fig', 1);
UPDATE items SET name = 'green pear', version = 2 WHERE id = 2;
DELETE FROM items WHERE id = 3;
UPDATE items SET id = 10, version = 2 WHERE id = 1;
