-- The source table in MariaDB (or MySQL 8), with three rows for the snapshot. The server writes a row binlog
-- with whole row images (log-bin, binlog_format=ROW, binlog_row_image=FULL); cdcbridge's embedded MariaDB does.
CREATE TABLE items (
  id INT PRIMARY KEY,
  name VARCHAR(50) NOT NULL,
  version BIGINT NOT NULL
);
INSERT INTO items VALUES (1, 'apple', 1), (2, 'pear', 1), (3, 'plum', 1);
