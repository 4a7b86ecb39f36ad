-- The target table in PostgreSQL: the same rows, kept equal to MariaDB's.
CREATE TABLE items (
  id INT PRIMARY KEY,
  name TEXT NOT NULL,
  version BIGINT NOT NULL
);
