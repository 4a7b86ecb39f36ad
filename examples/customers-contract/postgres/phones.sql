-- Phone numbers per customer: 1001 has several (one preferred), 1002 one preferred,
-- 1003 (no phone in customers) one preferred that fills the gap, 1004 none.
SET search_path TO 'inventory';
CREATE TABLE phone_numbers (
  id INTEGER PRIMARY KEY,
  customer_id INTEGER NOT NULL REFERENCES customers(id),
  value VARCHAR(32) NOT NULL,
  preferred BOOLEAN NOT NULL
);
ALTER TABLE phone_numbers REPLICA IDENTITY FULL;
INSERT INTO phone_numbers VALUES
  (1, 1001, '(212) 555-0111', true),
  (2, 1001, '(212) 555-0112', false),
  (3, 1001, '(212) 555-0113', false),
  (4, 1002, '(312) 555-0122', true),
  (5, 1003, '(617) 555-0133', true);
